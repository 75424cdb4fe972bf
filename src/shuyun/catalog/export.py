"""Records out as MARCXML: MARC sources from their verbatim bytes, others from their fields."""

from __future__ import annotations

import pymarc

from shuyun.catalog.crosswalks import unimarc_tags
from shuyun.catalog.crosswalks.marc import (
    MarcField,
    MarcRecord,
    decode_utf8_or_gb18030,
    parse_marc,
    to_pymarc,
)
from shuyun.catalog.models import Record

MARC_FORMATS = frozenset({"marc21", "cnmarc"})


def _from_fields(record: Record) -> MarcRecord:
    """A MARC 21 description built from the unified fields (for Dublin Core and spreadsheets)."""
    fields = [MarcField("001", data=record.source_id)]
    fields += [MarcField("020", subfields=[("a", isbn)]) for isbn in record.isbns]
    fields += [MarcField("084", subfields=[("a", clc), ("2", "clc")]) for clc in record.clc]
    creators = list(record.creators)
    if creators:
        fields.append(MarcField("100", "1", " ", [("a", creators[0]["name"])]))
    fields.append(MarcField("245", "0", "0", [("a", record.title)]))
    imprint = [("a", record.place), ("b", record.publisher), ("c", str(record.year or ""))]
    fields.append(MarcField("260", subfields=[(c, v) for c, v in imprint if v]))
    if record.abstract:
        fields.append(MarcField("520", subfields=[("a", record.abstract)]))
    fields += [MarcField("650", " ", "4", [("a", subject)]) for subject in record.subjects]
    fields += [MarcField("700", "1", " ", [("a", c["name"])]) for c in creators[1:]]
    fields += [MarcField("856", "4", " ", [("u", link)]) for link in record.links]
    return MarcRecord("     nam a22     uu 4500", [f for f in fields if f.subfields or f.data])


def marc_record_of(record: Record) -> MarcRecord:
    raw = bytes(record.raw)
    if record.source_format not in MARC_FORMATS:
        return _from_fields(record)
    decoder = decode_utf8_or_gb18030 if raw[:1] != b"<" and unimarc_tags(raw) else None
    return parse_marc(raw, decoder)


def records_to_marcxml(records: list[Record]) -> bytes:
    """A MARCXML collection of `records`, in the order given."""
    writer_parts = [
        pymarc.record_to_xml(to_pymarc(marc_record_of(r)), namespace=False) for r in records
    ]
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">'
    return head + b"".join(writer_parts) + b"</collection>\n"
