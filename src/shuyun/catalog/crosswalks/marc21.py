"""MARC 21 bibliographic records (ISO 2709 or MARCXML) to the unified record."""

from __future__ import annotations

from shuyun.catalog.crosswalks.common import clean, joined, marc_datestamp, year_in
from shuyun.catalog.crosswalks.marc import MarcField, MarcRecord, parse_marc
from shuyun.catalog.identifiers import normalise_isbn, normalise_issn
from shuyun.catalog.records import Creator, MappingError, RecordData, fallback_source_id, unique

SUBJECT_TAGS = ("600", "610", "611", "630", "648", "650", "651", "655")
SUBJECT_CODES = ("a", "b", "c", "d", "t", "v", "x", "y", "z")
NAME_CODES = ("a", "b", "c", "q")
# 008/28 for books and similar: any code but blank, '|' and unknown means a government publication.
GOVERNMENT_CODES = frozenset("acfilmosz")
# Every tag map_marc21 reads: the others are not decoded (tests/catalog/test_marc.py checks that
# mapping with and without this list gives the same records).
TAGS_READ = frozenset(
    {
        *("001", "005", "008", "020", "022", "040", "041", "050", "082", "084"),
        *("100", "110", "111", "130", "240", "245", "246", "250", "260", "264", "300"),
        *("490", "502", "506", "520", "540", *SUBJECT_TAGS, "700", "710", "711", "830", "856"),
        "880",
    }
)
TYPE_BY_LEADER6 = {
    "c": "score",
    "d": "score",
    "e": "map",
    "f": "map",
    "g": "video",
    "i": "audio",
    "j": "audio",
    "k": "image",
    "m": "electronic",
    "t": "manuscript",
}


def _name(f: MarcField) -> str:
    return " ".join(clean(v) for v in f.values(*NAME_CODES) if clean(v))


def _creators(record: MarcRecord) -> list[Creator]:
    creators: list[Creator] = []
    for tags, default_role in ((("100", "110", "111"), "author"), (("700", "710", "711"), "")):
        for tag in tags:
            for f in record.get(tag):
                role = clean(f.first("e") or f.first("4")) or default_role
                if name := _name(f):
                    creators.append(Creator(name, role))
    return creators


def _vernacular(record: MarcRecord, tag: str) -> list[MarcField]:
    """880 fields that give `tag` in its original script (CJK titles behind romanised 245s)."""
    return [f for f in record.get("880") if f.first("6").startswith(tag)]


def _title(f: MarcField) -> str:
    return joined(f.values("a", "b", "n", "p"), " : ")


def _resource_type(record: MarcRecord, fixed: str) -> str:
    kind, level = record.leader[6], record.leader[7]
    if kind in TYPE_BY_LEADER6:
        return TYPE_BY_LEADER6[kind]
    if kind in "at" and level in "sib":
        return "newspaper" if fixed[21:22] == "n" else "journal"
    if record.has("502"):
        return "thesis"
    if kind in "at" and fixed[28:29] in GOVERNMENT_CODES:
        return "government"
    return "book" if kind in "at" else "other"


def _classifications(record: MarcRecord) -> tuple[list[str], list[dict[str, str]]]:
    clc: list[str] = []
    other: list[dict[str, str]] = []
    for f in record.get("084"):
        scheme = f.first("2").lower()
        values = f.values("a")
        if scheme == "clc":
            clc.extend(values)
        else:
            other.extend({"scheme": scheme or "local", "value": v} for v in values)
    for tag, scheme in (("050", "lcc"), ("082", "ddc")):
        for f in record.get(tag):
            if value := joined(f.values("a", "b"), " "):
                other.append({"scheme": scheme, "value": value})
    return unique(clc), other


def map_marc21(record: MarcRecord, raw: bytes) -> RecordData:
    fixed = record.control("008")
    titles = [_title(f) for f in record.get("245")]
    if not titles or not titles[0]:
        raise MappingError("field 245: no title")
    other = [_title(f) for f in _vernacular(record, "245")]
    other += [
        clean(v) for tag in ("130", "240", "246", "490", "830") for v in record.values(tag, "a")
    ]
    imprint = record.get("264") or record.get("260")
    clc, classifications = _classifications(record)
    return RecordData(
        source_format="marc21",
        raw=raw,
        source_id=record.control("001").strip() or fallback_source_id(raw),
        datestamp=marc_datestamp(record.control("005")),
        title=titles[0],
        other_titles=unique(other),
        creators=_creators(record) + [Creator(_name(f), "") for f in _vernacular(record, "100")],
        subjects=unique(
            [joined(f.values(*SUBJECT_CODES)) for t in SUBJECT_TAGS for f in record.get(t)]
        ),
        clc=clc,
        classifications=classifications,
        isbns=unique([i for v in record.values("020", "a") if (i := normalise_isbn(v))]),
        issns=unique([i for v in record.values("022", "a") if (i := normalise_issn(v))]),
        language=(fixed[35:38].strip() or record.first("041", "a")[:3]).lower(),
        publisher=clean(imprint[0].first("b")) if imprint else "",
        place=clean(imprint[0].first("a")) if imprint else "",
        year=year_in(fixed[7:11]) or (year_in(imprint[0].first("c")) if imprint else None),
        edition=clean(record.first("250", "a")),
        extent=joined(record.values("300", "a", "b", "c"), " ; "),
        resource_type=_resource_type(record, fixed),
        abstract=" ".join(record.values("520", "a")),
        links=unique(record.values("856", "u")),
        rights=" ".join(record.values("506", "a") + record.values("540", "a")),
        cataloguing_agency=record.first("040", "a"),
    )


def marc21_to_record(raw: bytes) -> RecordData:
    return map_marc21(parse_marc(raw, only=TAGS_READ), raw)
