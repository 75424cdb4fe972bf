"""Spreadsheet rows (CSV or XLSX) to the unified record, through a declared column mapping.

A row arrives as JSON ({column header: cell}); the mapping says which column feeds which field.
Cells of list fields hold several values separated by ";" or "；".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from shuyun.catalog.crosswalks.common import year_in
from shuyun.catalog.identifiers import normalise_isbn, normalise_issn
from shuyun.catalog.records import Creator, MappingError, RecordData, fallback_source_id, unique

LIST_FIELDS = frozenset({"other_titles", "creators", "subjects", "clc", "isbns", "issns", "links"})
TEXT_FIELDS = frozenset(
    {"title", "title_pinyin", "language", "publisher", "place", "edition", "extent"}
    | {"resource_type", "abstract", "rights", "source_id"}
)
FIELDS = LIST_FIELDS | TEXT_FIELDS | {"year"}
# Headers understood without a declared mapping: the field names and the usual Chinese headings.
DEFAULT_MAPPING = {
    **{name: name for name in FIELDS},
    "题名": "title",
    "正题名": "title",
    "责任者": "creators",
    "作者": "creators",
    "主题词": "subjects",
    "中图分类号": "clc",
    "分类号": "clc",
    "ISBN": "isbns",
    "ISSN": "issns",
    "出版者": "publisher",
    "出版社": "publisher",
    "出版地": "place",
    "出版年": "year",
    "版次": "edition",
    "载体形态": "extent",
    "语种": "language",
    "摘要": "abstract",
    "记录号": "source_id",
}
_SEPARATORS = re.compile(r"\s*[;；]\s*")


def check_mapping(mapping: Mapping[str, str]) -> None:
    unknown = sorted(set(mapping.values()) - FIELDS)
    if unknown:
        raise ValueError(f"column mapping names unknown fields: {', '.join(unknown)}")


def _row(raw: bytes) -> dict[str, str]:
    try:
        row = json.loads(raw)
    except ValueError as exc:
        raise MappingError(f"row is not JSON: {exc}") from exc
    return {str(k): str(v).strip() for k, v in row.items() if v not in (None, "")}


def tabular_to_record(raw: bytes, mapping: Mapping[str, str]) -> RecordData:
    values: dict[str, list[str]] = {}
    for column, cell in _row(raw).items():
        if target := mapping.get(column):
            parts = _SEPARATORS.split(cell) if target in LIST_FIELDS else [cell]
            values.setdefault(target, []).extend(p for p in parts if p)
    one = {name: values[name][0] for name in TEXT_FIELDS if name in values}
    if not one.get("title"):
        raise MappingError("column for 'title' is empty or not mapped")
    year_text = values.get("year", [""])[0]
    if year_text and year_in(year_text) is None:
        raise MappingError(f"year: {year_text!r} is not a year")
    return RecordData(
        source_format="csv",
        raw=raw,
        source_id=one.get("source_id") or fallback_source_id(raw),
        title=one["title"],
        title_pinyin=one.get("title_pinyin", ""),
        other_titles=unique(values.get("other_titles", [])),
        creators=[Creator(name) for name in unique(values.get("creators", []))],
        subjects=unique(values.get("subjects", [])),
        clc=unique(values.get("clc", [])),
        isbns=unique([i for v in values.get("isbns", []) if (i := normalise_isbn(v))]),
        issns=unique([i for v in values.get("issns", []) if (i := normalise_issn(v))]),
        language=one.get("language", "")[:3],
        publisher=one.get("publisher", ""),
        place=one.get("place", ""),
        year=year_in(year_text),
        edition=one.get("edition", ""),
        extent=one.get("extent", ""),
        resource_type=one.get("resource_type", "book"),
        abstract=one.get("abstract", ""),
        links=unique(values.get("links", [])),
        rights=one.get("rights", ""),
    )
