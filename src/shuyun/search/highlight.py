"""Marking the words a query matched in the text shown to the reader, in either script."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from shuyun.search import analysis
from shuyun.search.query import Bool, Phrase, Query, Term

SNIPPET_CHARS = 120


def query_words(query: Query) -> list[str]:
    """The folded words of the positive parts of a query, longest first."""
    found: list[str] = []
    if isinstance(query, Term | Phrase) and query.field not in {"isbn", "clc", "year"}:
        found += analysis.query_terms(query.text)
    elif isinstance(query, Bool):
        for part in (*query.must, *query.should):
            found += query_words(part)
    return sorted(set(found), key=len, reverse=True)


def _folded_chars(text: str) -> list[str]:
    # Folding character by character keeps a map back to the original positions.
    return [analysis.fold(char)[:1] or char for char in text]


def matched_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    folded = "".join(_folded_chars(text))
    marked = [False] * len(text)
    for word in words:
        start = folded.find(word)
        while start >= 0 and word:
            for i in range(start, min(start + len(word), len(text))):
                marked[i] = True
            start = folded.find(word, start + len(word))
    spans: list[tuple[int, int]] = []
    for i, on in enumerate(marked):
        if on and spans and spans[-1][1] == i:
            spans[-1] = (spans[-1][0], i + 1)
        elif on:
            spans.append((i, i + 1))
    return spans


def highlight(text: str, words: list[str]) -> SafeString:
    """`text` escaped, with the matched words wrapped in <mark>."""
    pieces, at = [], 0
    for start, end in matched_spans(text, words):
        pieces += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    pieces.append(escape(text[at:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def snippet(text: str, words: list[str]) -> SafeString:
    """A window of `text` around its first match, highlighted."""
    spans = matched_spans(text, words)
    start = max(0, spans[0][0] - SNIPPET_CHARS // 3) if spans else 0
    window = text[start : start + SNIPPET_CHARS]
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_CHARS < len(text) else ""
    return mark_safe(prefix + highlight(window, words) + suffix)  # noqa: S308 - highlight escapes
