"""The write path of discovery: indexing works, rebuilding the index, loading a classification."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from shuyun.catalog.documents import WorkDocument
from shuyun.federation import access as federation_access
from shuyun.search import clc, sources
from shuyun.search.backend import get_backend
from shuyun.search.models import ClassificationClass
from shuyun.search.schema import IndexDocument, LibraryPlace, build

CLASS_BATCH = 2000


def library_places() -> dict[str, LibraryPlace]:
    """Each library's place in the network, read once per indexing run."""
    rows = federation_access.public_libraries().values_list("code", "path", "level")
    places = {}
    for code, path, level in rows:
        codes = tuple(part for part in path.split("/") if part)
        places[code] = LibraryPlace(codes, codes[1] if len(codes) > 1 else None, level)
    return places


def index_documents(documents: Iterable[WorkDocument], deleted: Iterable[int] = ()) -> int:
    """Add or replace these works in the index and drop the `deleted` ones; visible on return."""
    places = library_places()
    prepared = [build(document, places) for document in documents]
    get_backend().write(prepared, deleted)
    return len(prepared)


def reindex_works(work_ids: Iterable[int]) -> None:
    """Look the works up again in the warehouse; those it no longer has leave the index."""
    fresh, gone = _fresh_documents(list(work_ids))
    get_backend().write(fresh, gone)


def _fresh_documents(work_ids: list[int]) -> tuple[list[IndexDocument], list[int]]:
    places = library_places()
    fresh = [build(document, places) for document in sources.work_documents(work_ids)]
    found = {document.work_id for document in fresh}
    return fresh, [work_id for work_id in work_ids if work_id not in found]


def rebuild_index(documents: Iterable[WorkDocument] | None = None) -> int:
    """Build a complete new index (from the warehouse unless `documents` are given) and swap it in.

    Searches are answered from the old index until the swap; works changed meanwhile are
    re-read from the warehouse afterwards.
    """
    places = library_places()
    source = sources.work_documents() if documents is None else documents
    prepared: Iterator[IndexDocument] = (build(document, places) for document in source)
    return get_backend().rebuild(prepared, catch_up=_fresh_documents)


@dataclass(frozen=True)
class ImportReport:
    loaded: int
    skipped: list[str]


def import_classification(path: Path) -> ImportReport:
    """Replace the classification scheme with the tree in a JSON file of {code, name, children}."""
    try:
        tree = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a readable JSON classification tree ({error})") from error
    if not isinstance(tree, list):
        raise ValueError(f"{path}: expected a list of top classes at the top level")
    rows: dict[str, ClassificationClass] = {}
    skipped: list[str] = []
    _collect(tree, "", 0, rows, skipped, "$")
    with transaction.atomic():
        ClassificationClass.objects.all().delete()
        ClassificationClass.objects.bulk_create(rows.values(), batch_size=CLASS_BATCH)
    return ImportReport(len(rows), skipped)


def _collect(
    nodes: list[Any],
    parent: str,
    depth: int,
    rows: dict[str, ClassificationClass],
    skipped: list[str],
    where: str,
) -> None:
    for position, node in enumerate(nodes):
        here = f"{where}[{position}]"
        code = clc.normalise_class(str(node.get("code", ""))) if isinstance(node, dict) else ""
        name = str(node.get("name", "")).strip() if isinstance(node, dict) else ""
        if not code or not name or clc.top_class(code) is None:
            skipped.append(f"{here}: no class number or name")
            continue
        if code not in rows:  # bracketed alternatives repeat a number already in the tree
            rows[code] = ClassificationClass(
                code=code[:60], name=name[:300], parent_code=parent, depth=depth
            )
        _collect(node.get("children") or [], code, depth + 1, rows, skipped, f"{here}.children")
