"""The index's fields and how a WorkDocument becomes an index document (engine-neutral part)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shuyun.catalog.documents import Holding, WorkDocument
from shuyun.search import analysis, clc

# Text fields searched by the one box, with their weight: title outweighs abstract.
TEXT_FIELDS: dict[str, float] = {
    "title": 6.0,
    "other_titles": 3.0,
    "creator": 4.0,
    "subject": 3.0,
    "publisher": 1.5,
    "abstract": 1.0,
    "pinyin": 2.0,
}
# Facet (keyword) fields: the value is stored as is, one term per value.
KEYWORD_FIELDS = (
    "library",
    "library_path",
    "province",
    "level",
    "resource_type",
    "language",
    "clc_top",
    "clc_path",
    "source_format",
    "subject_facet",
    "isbn",
    "title_exact",
    "suggest",
)
# Relevance: a work held by more libraries gets score × (1 + HOLDINGS_WEIGHT·ln(1 + holdings)).
HOLDINGS_WEIGHT = 0.02
SUGGEST_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class LibraryPlace:
    """Where a holding library sits in the network, for the rolled-up facets."""

    path: tuple[str, ...]  # codes from the national library down to the library itself
    province: str | None
    level: str


@dataclass
class IndexDocument:
    """What the engine stores for one work: analysed tokens per field plus the document itself."""

    work_id: int
    tokens: dict[str, list[analysis.Word]] = field(default_factory=dict)
    pinyin: list[str] = field(default_factory=list)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    year: int | None = None
    holdings: int = 0
    popularity: float = 0.0
    title_sort: str = ""
    stored: bytes = b""


def build(document: WorkDocument, places: Mapping[str, LibraryPlace]) -> IndexDocument:
    """Analyse one work document for indexing."""
    texts = {
        "title": [document.title],
        "other_titles": document.other_titles,
        "creator": document.creators,
        "subject": document.subjects,
        "publisher": [document.publisher],
        "abstract": [document.abstract],
    }
    return IndexDocument(
        work_id=document.work_id,
        tokens={name: _words(values) for name, values in texts.items()},
        pinyin=_pinyin(document),
        keywords=_keywords(document, places),
        year=document.year,
        holdings=len({holding.library_code for holding in document.holdings}),
        popularity=_popularity(len(document.holdings)),
        title_sort=analysis.pinyin_sort_key(document.title),
        stored=dump(document),
    )


def _words(values: Iterable[str]) -> list[analysis.Word]:
    return [word for value in values if value for word in analysis.words(value)]


def _pinyin(document: WorkDocument) -> list[str]:
    tokens = analysis.pinyin_tokens(document.title)
    if document.title_pinyin:
        tokens.append(analysis.clean(document.title_pinyin).replace(" ", ""))
    for text in [*document.other_titles, *document.creators]:
        tokens += analysis.pinyin_tokens(text)
    return list(dict.fromkeys(tokens))


def _keywords(document: WorkDocument, places: Mapping[str, LibraryPlace]) -> dict[str, list[str]]:
    codes = sorted({holding.library_code for holding in document.holdings})
    known = [places[code] for code in codes if code in places]
    classes = [clc.normalise_class(code) for code in document.classifications]
    isbns = [isbn for raw in document.isbns if (isbn := analysis.normalise_isbn(raw))]
    return {
        "library": codes,
        "library_path": _unique([*codes, *(code for place in known for code in place.path)]),
        "province": _unique(place.province for place in known if place.province),
        "level": _unique(place.level for place in known),
        "resource_type": [document.resource_type] if document.resource_type else [],
        "language": [document.language] if document.language else [],
        "clc_top": _unique(top for code in classes if (top := clc.top_class(code))),
        "clc_path": _unique(step for code in classes for step in clc.class_path(code)),
        "subject_facet": _unique(
            subject.strip() for subject in document.subjects if subject.strip()
        ),
        "source_format": _unique(holding.source_format for holding in document.holdings),
        "isbn": _unique([*isbns, *(issn.replace("-", "").upper() for issn in document.issns)]),
        "title_exact": [analysis.clean(document.title)],
        "suggest": _suggestions(document),
    }


def _suggestions(document: WorkDocument) -> list[str]:
    """Terms 'key␟kind␟display' whose key is the folded text or its pinyin, for completion."""
    entries = [("title", document.title)]
    entries += [("creator", creator) for creator in document.creators[:3]]
    entries += [("subject", subject) for subject in document.subjects[:5]]
    terms = []
    for kind, display in entries:
        display = display.strip()
        if not display:
            continue
        keys = [analysis.clean(display).replace(" ", "")]
        keys += analysis.whole_pinyin(display)
        terms += [SUGGEST_SEPARATOR.join((key, kind, display[:120])) for key in keys if key]
    return _unique(terms)


def _popularity(holdings: int) -> float:
    """Field value v for tantivy's weight log2(2 + v) = 1 + HOLDINGS_WEIGHT·ln(1 + holdings)."""
    return float(2 ** (1 + HOLDINGS_WEIGHT * math.log1p(holdings)) - 2)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def dump(document: WorkDocument) -> bytes:
    # Faster than dataclasses.asdict, which deep-copies every value on the way.
    data = {**vars(document), "holdings": [vars(holding) for holding in document.holdings]}
    return json.dumps(data, ensure_ascii=False).encode()


def load(stored: bytes) -> WorkDocument:
    data: dict[str, Any] = json.loads(stored)
    data["holdings"] = [Holding(**holding) for holding in data["holdings"]]
    return WorkDocument(**data)
