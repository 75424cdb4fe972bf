"""The tantivy engine: an index per generation directory, swapped atomically on rebuild.

Layout under the search directory:
    tantivy/CURRENT       the name of the generation searches use
    tantivy/<generation>/ one complete index
    tantivy/REBUILDING    present while a rebuild runs; updates meanwhile are noted in PENDING
    tantivy/PENDING       work ids written during a rebuild, re-applied to the new generation
A rebuild writes a new generation while searches go on answering from the current one, then
replaces CURRENT in one rename; every process notices the new name at its next search.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import tantivy

from shuyun.catalog.documents import WorkDocument
from shuyun.search import analysis
from shuyun.search import schema as fields
from shuyun.search.backend import (
    Engine,
    FacetCount,
    Hit,
    SearchPage,
    SearchRequest,
    Sort,
    Suggestion,
    register,
)
from shuyun.search.facets import FACETS, YEAR_RANGES, Facet, FacetKind
from shuyun.search.tantivy_query import Compiler

WRITER_HEAP = 128_000_000
LOCK_RETRIES = 50
SORT_FIELDS = {
    Sort.YEAR_DESC: ("year", tantivy.Order.Desc),
    Sort.YEAR_ASC: ("year", tantivy.Order.Asc),
    Sort.TITLE: ("title_sort", tantivy.Order.Asc),
}


def make_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("work_id", stored=True, indexed=True, fast=True)
    for name in [*fields.TEXT_FIELDS]:
        builder.add_text_field(name, tokenizer_name="raw")
    for name in fields.KEYWORD_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_unsigned_field("holdings", fast=True)
    builder.add_float_field("popularity", fast=True)
    builder.add_text_field("title_sort", tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_bytes_field("document", stored=True)
    return builder.build()


def to_tantivy(document: fields.IndexDocument) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_unsigned("work_id", document.work_id)
    for name, words in document.tokens.items():
        if words:
            tokens = [tantivy.Token(w.text, w.position, w.position, w.end) for w in words]
            text = " ".join(w.text for w in words)
            doc.add_pre_tokenized_text(name, tantivy.PreTokenizedString(text, tokens))
    if document.pinyin:
        tokens = [tantivy.Token(token, i, 0, 0) for i, token in enumerate(document.pinyin)]
        doc.add_pre_tokenized_text(
            "pinyin", tantivy.PreTokenizedString(" ".join(document.pinyin), tokens)
        )
    for name, values in document.keywords.items():
        for value in values:
            doc.add_text(name, value)
    if document.year is not None:
        doc.add_integer("year", document.year)
    doc.add_unsigned("holdings", document.holdings)
    doc.add_float("popularity", document.popularity)
    doc.add_text("title_sort", document.title_sort)
    doc.add_bytes("document", document.stored)
    return doc


class TantivyBackend:
    def __init__(self, directory: Path) -> None:
        self.root = directory / "tantivy"
        self.root.mkdir(parents=True, exist_ok=True)
        self.schema = make_schema()
        self.compiler = Compiler(self.schema)
        self.lock = threading.Lock()
        self._generation = ""
        self._index: tantivy.Index | None = None

    # -- generations ------------------------------------------------------------------------
    def index(self) -> tantivy.Index:
        """The current generation's index, reopened when another process swapped it."""
        current = self.root / "CURRENT"
        generation = current.read_text().strip() if current.exists() else ""
        if not generation:
            generation = self._new_generation()
            tantivy.Index(self.schema, str(self.root / generation))
            self._swap(generation)
        if generation != self._generation or self._index is None:
            self._index = tantivy.Index(self.schema, str(self.root / generation), reuse=True)
            self._generation = generation
        return self._index

    def _new_generation(self) -> str:
        name = f"g{time.time_ns()}"
        (self.root / name).mkdir()
        return name

    def _swap(self, generation: str) -> None:
        staged = self.root / "CURRENT.new"
        staged.write_text(generation)
        os.replace(staged, self.root / "CURRENT")

    def _drop_old_generations(self, keep: set[str]) -> None:
        # The previous generation is kept, so a process still reading it is not disturbed.
        for old in self.root.iterdir():
            if old.is_dir() and old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)

    # -- writing ----------------------------------------------------------------------------
    def write(self, documents: Iterable[fields.IndexDocument], deleted: Iterable[int]) -> None:
        documents = list(documents)
        changed = [*deleted, *(document.work_id for document in documents)]
        if (self.root / "REBUILDING").exists():
            with (self.root / "PENDING").open("a") as pending:
                pending.write("".join(f"{work_id}\n" for work_id in changed))
        with self.lock:
            index = self.index()
            writer = self._writer(index)
            if changed:
                # by query: delete_documents_by_term takes a Python int for an i64, not our u64
                writer.delete_documents_by_query(
                    tantivy.Query.term_set_query(self.schema, "work_id", changed)
                )
            for document in documents:
                writer.add_document(to_tantivy(document))
            writer.commit()
            writer.wait_merging_threads()
            index.reload()

    def _writer(self, index: tantivy.Index) -> tantivy.IndexWriter:
        """A writer, waiting while another process holds the index's writer lock."""
        for _ in range(LOCK_RETRIES):
            try:
                return index.writer(WRITER_HEAP, 1)
            except ValueError:
                time.sleep(0.1)
        return index.writer(WRITER_HEAP, 1)

    def rebuild(
        self,
        documents: Iterator[fields.IndexDocument],
        catch_up: Callable[[list[int]], tuple[list[fields.IndexDocument], list[int]]],
    ) -> int:
        """Index `documents` into a new generation, swap it in, re-apply updates made meanwhile.

        `catch_up(work_ids)` returns the fresh documents of those works and the ids now deleted.
        """
        marker = self.root / "REBUILDING"
        marker.touch()
        try:
            generation = self._new_generation()
            index = tantivy.Index(self.schema, str(self.root / generation))
            writer = index.writer(WRITER_HEAP, 0)
            count = 0
            for document in documents:
                writer.add_document(to_tantivy(document))
                count += 1
            writer.commit()
            writer.wait_merging_threads()
            previous = self._generation
            self._swap(generation)
            pending = self._take_pending()
        finally:
            marker.unlink(missing_ok=True)
        if pending:
            fresh, gone = catch_up(sorted(pending))
            self.write(fresh, gone)
        self.index()
        self._drop_old_generations(keep={generation, previous})
        return count

    def _take_pending(self) -> set[int]:
        pending = self.root / "PENDING"
        if not pending.exists():
            return set()
        ids = {int(line) for line in pending.read_text().split()}
        pending.unlink()
        return ids

    # -- reading ----------------------------------------------------------------------------
    def searcher(self) -> tantivy.Searcher:
        return self.index().searcher()

    def search(self, request: SearchRequest) -> SearchPage:
        searcher = self.searcher()
        query = self.compiler.request(request)
        if request.sort is Sort.RELEVANCE:
            result = searcher.search(
                query,
                request.limit,
                offset=request.offset,
                weight_by_field="popularity",
            )
        else:
            field, order = SORT_FIELDS[request.sort]
            result = searcher.search(
                query, request.limit, offset=request.offset, order_by_field=field, order=order
            )
        relevance = request.sort is Sort.RELEVANCE
        hits = [
            Hit(fields.load(searcher.doc(address)["document"][0]), float(key) if relevance else 0.0)
            for key, address in result.hits
        ]
        count: int | None = getattr(result, "count", None)  # missing from tantivy's stubs
        total = count if count is not None else len(hits)
        return SearchPage(total=total, hits=hits, facets=self.facet_counts(searcher, request))

    def facet_counts(
        self, searcher: tantivy.Searcher, request: SearchRequest
    ) -> dict[str, list[FacetCount]]:
        """Counts per facet; a facet with a selection counts as if it had none (multi-select)."""
        wanted = [FACETS[name] for name in request.facets if name in FACETS]
        shared = [f for f in wanted if not request.filters.get(f.name)]
        own = [f for f in wanted if request.filters.get(f.name)]
        counts: dict[str, list[FacetCount]] = {}
        if shared:
            result = searcher.aggregate(
                self.compiler.request(request), {f.name: _aggregation(f) for f in shared}
            )
            counts.update({f.name: _buckets(result[f.name]) for f in shared})
        for facet in own:
            query = self.compiler.request(request, skip_filter=facet.name)
            result = searcher.aggregate(query, {facet.name: _aggregation(facet)})
            counts[facet.name] = _buckets(result[facet.name])
        return {f.name: counts[f.name] for f in wanted}

    def count_terms(self, facet: str, prefix: str, within: SearchRequest) -> list[FacetCount]:
        """Every value of a keyword field starting with `prefix`, counted within a search."""
        searcher = self.searcher()
        query = self.compiler.request(within)
        terms = searcher.terms_with_prefix(facet, prefix, filter_query=query)
        return [FacetCount(value, count) for value, count in terms if count]

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        key = analysis.clean(prefix).replace(" ", "")
        if not key:
            return []
        best: dict[tuple[str, str], int] = {}
        for term, count in self.searcher().terms_with_prefix("suggest", key, limit=400):
            _, kind, display = term.split(fields.SUGGEST_SEPARATOR, 2)
            best[(kind, display)] = max(count, best.get((kind, display), 0))
        ranked = sorted(best.items(), key=lambda item: (-item[1], len(item[0][1]), item[0][1]))
        return [Suggestion(display, kind, count) for (kind, display), count in ranked[:limit]]

    def get(self, work_id: int) -> WorkDocument | None:
        searcher = self.searcher()
        query = tantivy.Query.term_query(self.schema, "work_id", work_id)
        hits = searcher.search(query, 1).hits
        if not hits:
            return None
        return fields.load(searcher.doc(hits[0][1])["document"][0])

    def document_count(self) -> int:
        return int(self.searcher().num_docs)


def _aggregation(facet: Facet) -> dict[str, object]:
    if facet.kind is FacetKind.YEAR_RANGE:
        ranges = [
            {
                "key": r.key,
                **({"from": r.start} if r.start else {}),
                **({"to": r.end} if r.end else {}),
            }
            for r in YEAR_RANGES
        ]
        return {"range": {"field": facet.field, "ranges": ranges}}
    return {"terms": {"field": facet.field, "size": facet.size}}


def _buckets(result: dict[str, list[dict[str, object]]]) -> list[FacetCount]:
    return [
        FacetCount(str(bucket["key"]), int(str(bucket["doc_count"])))
        for bucket in result["buckets"]
        if bucket["doc_count"]
    ]


register(Engine.TANTIVY, TantivyBackend)
