"""The facets readers narrow a search by, and the labels shown for their values."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from shuyun.federation.models import Level
from shuyun.search import clc


class FacetKind(enum.Enum):
    TERMS = "terms"
    YEAR_RANGE = "year_range"


@dataclass(frozen=True)
class Facet:
    name: str  # the URL / API parameter
    field: str  # the index field
    label: Promise
    kind: FacetKind = FacetKind.TERMS
    size: int = 30


@dataclass(frozen=True)
class YearRange:
    key: str
    start: int | None  # inclusive
    end: int | None  # exclusive


YEAR_RANGES = (
    YearRange("-1911", None, 1912),
    YearRange("1912-1948", 1912, 1949),
    YearRange("1949-1979", 1949, 1980),
    YearRange("1980-1999", 1980, 2000),
    YearRange("2000-2009", 2000, 2010),
    YearRange("2010-2019", 2010, 2020),
    YearRange("2020-", 2020, None),
)
YEAR_RANGE_BY_KEY = {year_range.key: year_range for year_range in YEAR_RANGES}

FACETS: dict[str, Facet] = {
    facet.name: facet
    for facet in (
        Facet("province", "province", _("Province")),
        Facet("level", "level", _("Library level"), size=10),
        Facet("library", "library_path", _("Library"), size=50),
        Facet("type", "resource_type", _("Resource type")),
        Facet("language", "language", _("Language")),
        Facet("clc", "clc_top", _("Classification"), size=22),
        Facet("subject", "subject_facet", _("Subject"), size=20),
        Facet("year", "year", _("Year"), kind=FacetKind.YEAR_RANGE),
        Facet("format", "source_format", _("Source format")),
    )
}

LANGUAGE_LABELS: dict[str, Promise] = {
    "chi": _("Chinese"),
    "eng": _("English"),
    "jpn": _("Japanese"),
    "kor": _("Korean"),
    "fre": _("French"),
    "ger": _("German"),
    "rus": _("Russian"),
    "ara": _("Arabic"),
    "heb": _("Hebrew"),
    "urd": _("Urdu"),
    "per": _("Persian"),
}
RESOURCE_TYPE_LABELS: dict[str, Promise] = {
    "book": _("Book"),
    "journal": _("Journal"),
    "newspaper": _("Newspaper"),
    "audio": _("Audio"),
    "video": _("Video"),
    "image": _("Image"),
    "poem": _("Poem"),
    "thesis": _("Thesis"),
    "map": _("Map"),
    "score": _("Music score"),
}
FORMAT_LABELS = {
    "marc21": "MARC 21",
    "cnmarc": "CNMARC",
    "oai_dc": "Dublin Core",
    "csv": "CSV",
    "json": "JSON",
}


def value_label(facet: str, value: str, library_names: dict[str, str]) -> str:
    """How a facet value is shown: a library's or class's name, a language's name, …"""
    if facet in {"province", "library"}:
        return library_names.get(value, value)
    if facet == "clc":
        return f"{value} {clc.TOP_CLASSES.get(value, '')}".strip()
    if facet == "language":
        return str(LANGUAGE_LABELS.get(value, value))
    if facet == "type":
        return str(RESOURCE_TYPE_LABELS.get(value, value))
    if facet == "format":
        return FORMAT_LABELS.get(value, value)
    if facet == "level":
        return str(Level(value).label) if value in Level.values else value
    return value
