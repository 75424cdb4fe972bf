"""Round trip: records imported, exported as MARCXML, read back by pymarc give the same fields."""

from __future__ import annotations

from io import BytesIO

import pymarc
import pytest

from shuyun.catalog.export import records_to_marcxml
from shuyun.catalog.models import Record
from shuyun.federation.models import Library
from shuyun.harvest.services import import_file
from tests.catalog.test_marc import fields_of_pymarc
from tests.conftest import SHARED_DATA


@pytest.mark.parametrize(
    "name",
    [
        "blacklight-marc-testdata/test_data.utf8.mrc",
        "pymarc-testdata/marc8.dat",
        "marc4j-testdata/brkrtest.mrc",
        "pymarc-testdata/testunimarc.dat",
    ],
)
def test_iso2709_import_export_read_back(network: dict[str, Library], name: str) -> None:
    path = SHARED_DATA / name
    import_file(network["ZJ-SX"], path)
    utf8 = name.endswith("testunimarc.dat")
    originals = [
        r for r in pymarc.MARCReader(path.read_bytes(), to_unicode=True, force_utf8=utf8) if r
    ]
    stored = list(Record.objects.filter(library=network["ZJ-SX"]).order_by("pk"))
    exported = pymarc.parse_xml_to_array(BytesIO(records_to_marcxml(stored)))
    assert len(exported) == len(originals) == len(stored)
    for original, back in zip(originals, exported, strict=True):
        assert fields_of_pymarc(back) == fields_of_pymarc(original)
        # Only leader/09 may change: the export is Unicode, whatever the file was.
        leader, before = str(back.leader), str(original.leader)
        assert leader[:9] + leader[10:] == before[:9] + before[10:] and leader[9] == "a"


def test_cnmarc_xml_round_trip_keeps_chinese_fields(network: dict[str, Library]) -> None:
    import_file(network["ZJ"], SHARED_DATA / "dp2-sru-cnmarc/sample_cnmarcxml.xml")
    stored = list(Record.objects.filter(library=network["ZJ"]).order_by("pk"))
    (back, *_rest) = pymarc.parse_xml_to_array(BytesIO(records_to_marcxml(stored)))
    assert back["200"]["a"] == "'94中国发展报告"
    assert back["200"]["A"] == "'94Zhong Guo Fa Zhan Bao Gao"
    assert [f["a"] for f in back.get_fields("701")] == ["叶震", "李强"]
    assert back["690"]["a"] == "F124"
    assert back["001"].data == stored[0].source_id


def test_dublin_core_record_exports_as_marc21(network: dict[str, Library]) -> None:
    import_file(network["ZJ"], SHARED_DATA / "dp2-sru-cnmarc/sample_dc.xml")
    record = Record.objects.filter(library=network["ZJ"]).order_by("pk").first()
    assert record is not None
    (back,) = pymarc.parse_xml_to_array(BytesIO(records_to_marcxml([record])))
    assert back["245"]["a"] == "'94中国发展报告"
    assert back["020"]["a"] == "9787503717444"
    assert back["260"]["b"] == "中国统计出版社"
