"""CNMARC / UNIMARC bibliographic records (ISO 2709 or XML) to the unified record.

Fields read: 001, 005, 010, 011, 100 (date, government code), 101, 105, 110, 200 $a $d $e $f $A,
205, 210/214, 215, 225, 330, 500/510/517, 600-607, 675/676/680/686, 690 (中图法), 700-712, 801, 856.
"""

from __future__ import annotations

from shuyun.catalog.crosswalks.common import clean, joined, marc_datestamp, year_in
from shuyun.catalog.crosswalks.marc import (
    MarcField,
    MarcRecord,
    decode_utf8_or_gb18030,
    parse_marc,
)
from shuyun.catalog.identifiers import normalise_isbn, normalise_issn
from shuyun.catalog.records import Creator, MappingError, RecordData, fallback_source_id, unique

SUBJECT_TAGS = ("600", "601", "602", "604", "605", "606", "607", "610")
# Main (7x0), alternative (7x1) and secondary (7x2) responsibility, personal then corporate.
CREATOR_TAGS = ("700", "710", "720", "701", "711", "721", "702", "712", "722")
OTHER_SCHEMES = {"675": "udc", "676": "ddc", "680": "lcc", "686": "other"}
TYPE_BY_LEADER6 = {
    "b": "manuscript",
    "c": "score",
    "d": "score",
    "e": "map",
    "f": "map",
    "g": "video",
    "i": "audio",
    "j": "audio",
    "k": "image",
    "l": "electronic",
}


def _name(f: MarcField) -> str:
    # Western names are split into entry element ($a) and the rest ($b); Chinese ones are not.
    parts = [clean(v).lstrip(", ") for v in f.values("a", "b")]
    return ", ".join(part for part in parts if part)


def _creators(record: MarcRecord) -> list[Creator]:
    creators = [
        Creator(name, clean(f.first("4")))
        for tag in CREATOR_TAGS
        for f in record.get(tag)
        if (name := _name(f))
    ]
    if not creators:
        # No access points: the statement of responsibility ("国家统计局编") is all there is.
        creators = [Creator(clean(v)) for v in record.values("200", "f") if clean(v)]
    return creators


def _resource_type(record: MarcRecord) -> str:
    kind, level = record.leader[6], record.leader[7]
    general = record.first("100", "a")
    if kind in TYPE_BY_LEADER6:
        return TYPE_BY_LEADER6[kind]
    if level == "s":
        return "newspaper" if record.first("110", "a")[:1] == "c" else "journal"
    if "m" in record.first("105", "a")[4:8]:
        return "thesis"
    if general[20:21] in set("abcdefgh"):
        return "government"
    return "book" if kind == "a" else "other"


def _other_titles(record: MarcRecord) -> list[str]:
    title_field = record.get("200")[0]
    own = [clean(v) for v in title_field.values("a")[1:] + title_field.values("d", "e")]
    related = [
        clean(v) for tag in ("225", "500", "510", "512", "517") for v in record.values(tag, "a")
    ]
    return unique(own + related)


def _classifications(record: MarcRecord) -> list[dict[str, str]]:
    return [
        {"scheme": (f.first("2") or scheme).lower(), "value": value}
        for tag, scheme in OTHER_SCHEMES.items()
        for f in record.get(tag)
        if (value := f.first("a"))
    ]


def _without_sorting_marks(text: str) -> str:
    """Drop the non-sorting markers (NSB/NSE, U+0088/U+0089) around a leading article."""
    return text.replace("\x88", "").replace("\x89", "")


def map_unimarc(record: MarcRecord, raw: bytes) -> RecordData:
    title_fields = record.get("200")
    title = _without_sorting_marks(clean(title_fields[0].first("a"))) if title_fields else ""
    if not title:
        raise MappingError("field 200 $a: no title")
    imprint = record.get("210") or record.get("214")
    general = record.first("100", "a")
    return RecordData(
        source_format="cnmarc",
        raw=raw,
        source_id=record.control("001").strip() or fallback_source_id(raw),
        datestamp=marc_datestamp(record.control("005")),
        title=title,
        title_pinyin=clean(title_fields[0].first("A")),
        other_titles=_other_titles(record),
        creators=_creators(record),
        subjects=unique(
            [joined(f.values("a", "j", "x", "y", "z")) for t in SUBJECT_TAGS for f in record.get(t)]
        ),
        clc=unique([clean(v) for v in record.values("690", "a")]),
        classifications=_classifications(record),
        isbns=unique([i for v in record.values("010", "a") if (i := normalise_isbn(v))]),
        issns=unique([i for v in record.values("011", "a") if (i := normalise_issn(v))]),
        language=record.first("101", "a")[:3].lower(),
        publisher=clean(imprint[0].first("c")) if imprint else "",
        place=clean(imprint[0].first("a")) if imprint else "",
        year=year_in(general[9:13]) or (year_in(imprint[0].first("d")) if imprint else None),
        edition=clean(record.first("205", "a")),
        extent=joined(record.values("215", "a", "c", "d", "e"), " ; "),
        resource_type=_resource_type(record),
        abstract=" ".join(record.values("330", "a")),
        links=unique(record.values("856", "u")),
        rights=" ".join(record.values("310", "a")),
        cataloguing_agency=record.first("801", "b"),
    )


def unimarc_to_record(raw: bytes) -> RecordData:
    return map_unimarc(parse_marc(raw, decode_utf8_or_gb18030), raw)
