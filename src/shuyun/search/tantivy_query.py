"""Compiling the query tree, filters and ranking rules into tantivy queries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import tantivy

from shuyun.search import analysis, clc
from shuyun.search.backend import SearchRequest
from shuyun.search.facets import FACETS, YEAR_RANGE_BY_KEY, FacetKind
from shuyun.search.query import Bool, MatchAll, Phrase, Query, Term, plain_text
from shuyun.search.schema import TEXT_FIELDS

Occur = tantivy.Occur
TQuery = tantivy.Query

FIELDED_TEXT: dict[str, dict[str, float]] = {
    "title": {"title": 3.0, "other_titles": 1.5, "pinyin": 1.0},
    "author": {"creator": 1.0, "pinyin": 0.5},
    "subject": {"subject": 1.0},
    "publisher": {"publisher": 1.0},
}
# Typo tolerance costs a Levenshtein automaton over the field's terms: titles and creators only.
FUZZY_FIELDS = ("title", "creator")
EXACT_TITLE_BOOST = 40.0
PREFERRED_LIBRARY_SCORE = 1000.0


class Compiler:
    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    def request(self, request: SearchRequest, skip_filter: str | None = None) -> TQuery:
        """The user's query, ranked, with every filter except `skip_filter` (for its counts)."""
        clauses = [(Occur.Must, self.ranked(request.query))]
        for name, values in request.filters.items():
            if name != skip_filter and values and name in FACETS:
                clauses.append((Occur.Must, self.filter(name, values)))
        if request.scope_subtree:
            in_scope = [
                (Occur.Should, self.keywords("library_path", [request.scope_subtree])),
                (Occur.Should, self.keywords("library", request.scope_also)),
            ]
            clauses.append((Occur.Must, TQuery.boolean_query(in_scope)))
        if request.prefer_libraries:
            preferred = self.keywords("library_path", request.prefer_libraries)
            clauses.append(
                (Occur.Should, TQuery.const_score_query(preferred, PREFERRED_LIBRARY_SCORE))
            )
        return TQuery.boolean_query(clauses)

    def ranked(self, query: Query) -> TQuery:
        compiled = self.compile(query)
        words = plain_text(query)
        if words is None:
            return compiled
        exact = TQuery.term_query(self.schema, "title_exact", analysis.clean(words))
        return TQuery.boolean_query(
            [(Occur.Must, compiled), (Occur.Should, TQuery.boost_query(exact, EXACT_TITLE_BOOST))]
        )

    def compile(self, query: Query) -> TQuery:
        if isinstance(query, MatchAll):
            return TQuery.all_query()
        if isinstance(query, Bool):
            return self.boolean(query)
        if isinstance(query, Phrase):
            return self.phrase(query)
        return self.term(query)

    def boolean(self, query: Bool) -> TQuery:
        clauses = [(Occur.Must, self.compile(part)) for part in query.must]
        clauses += [(Occur.Should, self.compile(part)) for part in query.should]
        clauses += [(Occur.MustNot, self.compile(part)) for part in query.must_not]
        if not query.must and not query.should:
            clauses.append((Occur.Must, TQuery.all_query()))
        return TQuery.boolean_query(clauses)

    def term(self, term: Term) -> TQuery:
        if term.field == "isbn" or (term.field is None and analysis.looks_like_isbn(term.text)):
            isbn = analysis.normalise_isbn(term.text) or term.text.replace("-", "").upper()
            exact = TQuery.term_query(self.schema, "isbn", isbn)
            return exact if term.field else TQuery.boost_query(exact, EXACT_TITLE_BOOST)
        if term.field == "clc":
            return self.keywords("clc_path", [clc.normalise_class(term.text)])
        if term.field == "year":
            return self.year(term.text)
        fields = FIELDED_TEXT.get(term.field or "", TEXT_FIELDS)
        words = analysis.query_terms(term.text)
        if not words:
            return TQuery.empty_query()
        last = len(words) - 1
        parts = [
            self.word(word, fields, prefix=term.prefix and i == last)
            for i, word in enumerate(words)
        ]
        if len(parts) == 1:
            return parts[0]
        return TQuery.boolean_query([(Occur.Must, part) for part in parts])

    def word(self, word: str, fields: Mapping[str, float], prefix: bool) -> TQuery:
        """One word in any of `fields`, scored by its best field."""
        options = []
        for name, boost in fields.items():
            if name == "pinyin" and not analysis.is_latin_word(word):
                continue
            # pinyin is matched as a prefix too: 'zhongguofazhan' is how a reader types a title
            exact = (
                TQuery.fuzzy_term_query(self.schema, name, word, distance=0, prefix=True)
                if prefix or name == "pinyin"
                else TQuery.term_query(self.schema, name, word)
            )
            options.append(TQuery.boost_query(exact, boost))
            if (
                not prefix
                and name in FUZZY_FIELDS
                and analysis.is_latin_word(word)
                and len(word) >= 4
            ):
                fuzzy = TQuery.fuzzy_term_query(self.schema, name, word, distance=1)
                options.append(TQuery.boost_query(fuzzy, boost * 0.3))
        return TQuery.disjunction_max_query(options, tie_breaker=0.1)

    def phrase(self, phrase: Phrase) -> TQuery:
        words = analysis.phrase_words(phrase.text)
        if len(words) <= 1:
            return self.term(Term(phrase.field, phrase.text))
        fields = FIELDED_TEXT.get(phrase.field or "", TEXT_FIELDS)
        options = [
            TQuery.boost_query(TQuery.phrase_query(self.schema, name, list(words)), boost)
            for name, boost in fields.items()
            if name != "pinyin"
        ]
        return TQuery.disjunction_max_query(options)

    def year(self, text: str) -> TQuery:
        start, dash, end = text.partition("-")
        try:
            low = int(start) if start else None
            high = int(end) if end else (None if dash else low)
        except ValueError:
            return TQuery.empty_query()
        return TQuery.range_query(self.schema, "year", tantivy.FieldType.Integer, low, high)

    def filter(self, name: str, values: Sequence[str]) -> TQuery:
        facet = FACETS[name]
        if facet.kind is FacetKind.YEAR_RANGE:
            ranges = [YEAR_RANGE_BY_KEY[value] for value in values if value in YEAR_RANGE_BY_KEY]
            return TQuery.boolean_query(
                [
                    (
                        Occur.Should,
                        TQuery.range_query(
                            self.schema,
                            "year",
                            tantivy.FieldType.Integer,
                            r.start,
                            r.end,
                            include_upper=False,
                        ),
                    )
                    for r in ranges
                ]
                or [(Occur.Must, TQuery.empty_query())]
            )
        return self.keywords(facet.field, values)

    def keywords(self, field: str, values: Sequence[str]) -> TQuery:
        return TQuery.term_set_query(self.schema, field, list(values))
