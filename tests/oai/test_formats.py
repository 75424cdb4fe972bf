"""The metadata writers: XML text that says exactly what the record says, whatever its text."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from shuyun.catalog.crosswalks.marc import MarcField, MarcRecord, parse_marcxml_element
from shuyun.catalog.export import marc_record_of
from shuyun.catalog.models import Record
from shuyun.oai.formats import DC_NS, MARC_NS, marcxml, write_oai_dc
from shuyun.oai.xmltext import clean
from tests.oai.conftest import NS

Get = Callable[..., etree._Element]
MARC = {"m": MARC_NS}
LEADER = "00000nam  2200000   4500"


def test_marcxml_carries_every_field_of_every_source(warehouse: list[Record], oai_get: Get) -> None:
    """CNMARC and UNIMARC in MARCXML, MARC 21 in ISO 2709, Dublin Core: what a harvester reads
    back is the MARC record the warehouse holds, field by field."""
    root = oai_get(verb="ListRecords", metadataPrefix="marcxml")
    by_identifier = {f"oai:shuyun.localhost:{r.pk}": r for r in Record.objects.all()}
    written = root.findall(".//o:record", NS)
    assert len(written) == len(by_identifier)
    formats = set()
    for node in written:
        record = by_identifier[node.findtext("o:header/o:identifier", namespaces=NS) or ""]
        expected = marc_record_of(record)
        (marc,) = node.findall("o:metadata/m:record", {**NS, **MARC})
        got = parse_marcxml_element(marc)
        assert (got.leader, got.fields) == (expected.leader, expected.fields), record.source_id
        formats.add((record.source_format, bytes(record.raw)[:1] == b"<"))
    assert formats == {("cnmarc", True), ("marc21", False), ("oai_dc", True)}


# Subfield codes are one letter or digit; values any text at all, markup and controls included.
codes = st.characters(whitelist_categories=("Ll", "Lu", "Nd"), max_codepoint=127)


@given(value=st.text(), code=codes, indicator=st.characters())
def test_any_text_survives_the_marcxml_writer(value: str, code: str, indicator: str) -> None:
    """Values and (broken records') indicators: markup, quotes, tabs, returns, controls."""
    marc = MarcRecord(
        LEADER,
        [MarcField("001", data=value), MarcField("245", indicator, "0", [(code, value)])],
    )
    got = parse_marcxml_element(etree.fromstring(marcxml(marc).encode()))
    assert got.fields == [
        MarcField("001", data=clean(value)),
        MarcField("245", clean(indicator), "0", [(code, clean(value))]),
    ]


@given(title=st.text(), subject=st.text())
def test_any_text_survives_the_dublin_core_writer(title: str, subject: str) -> None:
    record = Record(title=title, subjects=[subject], resource_type="book")
    root = etree.fromstring(write_oai_dc(record).encode())
    titles = [node.text for node in root.iterfind(f"{{{DC_NS}}}title")]
    subjects = [node.text for node in root.iterfind(f"{{{DC_NS}}}subject")]
    assert titles == [t for t in [clean(title).strip()] if t]
    assert subjects == [s for s in [clean(subject).strip()] if s]
