"""Our ISO 2709 / MARCXML reader against pymarc's, on every real sample pymarc reads cleanly."""

from __future__ import annotations

from pathlib import Path

import pymarc
import pytest

from shuyun.catalog.crosswalks import marc21, unimarc_tags
from shuyun.catalog.crosswalks.marc import decode_utf8_or_gb18030, parse_iso2709, parse_marcxml
from shuyun.catalog.records import MappingError
from shuyun.harvest.files import read_iso2709
from tests.conftest import SHARED_DATA

CLEAN_FILES = [
    "blacklight-marc-testdata/test_data.utf8.mrc",
    "marc4j-testdata/brkrtest.mrc",
    "marc4j-testdata/brkrtest_UTF8.mrc",
    "marc4j-testdata/chabon.mrc",
    "marc4j-testdata/summerland.mrc",
    "marc4j-testdata/u17_utf8.mrc",
    "marc4j-testdata/pride-and-prejudice-fixed.mrc",
    "pymarc-testdata/marc8.dat",
    "pymarc-testdata/diacritic.dat",
    "pymarc-testdata/test.dat",
    "pymarc-testdata/regression45.dat",
    "pymarc-testdata/testunimarc.dat",
]


def fields_of_pymarc(
    record: pymarc.Record,
) -> list[tuple[str, str, str, list[tuple[str, str]] | str]]:
    result: list[tuple[str, str, str, list[tuple[str, str]] | str]] = []
    for field in record.fields:
        if field.is_control_field():
            result.append((field.tag, "", "", field.data))
        else:
            subfields = [(s.code, s.value) for s in field.subfields]
            result.append((field.tag, field.indicator1, field.indicator2, subfields))
    return result


def fields_of_ours(raw: bytes) -> list[tuple[str, str, str, list[tuple[str, str]] | str]]:
    decoder = decode_utf8_or_gb18030 if unimarc_tags(raw) else None
    record = parse_iso2709(raw, decoder)
    return [
        (f.tag, "", "", f.data) if f.tag.startswith("00") else (f.tag, f.ind1, f.ind2, f.subfields)
        for f in record.fields
    ]


@pytest.mark.parametrize("name", CLEAN_FILES)
def test_same_fields_as_pymarc(name: str) -> None:
    path = SHARED_DATA / name
    # testunimarc.dat is UTF-8 without saying so; pymarc has to be told.
    utf8 = name.endswith("testunimarc.dat")
    reader = pymarc.MARCReader(path.read_bytes(), to_unicode=True, force_utf8=utf8)
    theirs = [record for record in reader if record is not None]
    ours = [item.raw for item in read_iso2709(path)]
    assert len(ours) == len(theirs) > 0
    for raw, record in zip(ours, theirs, strict=True):
        assert fields_of_ours(raw) == fields_of_pymarc(record)


@pytest.mark.parametrize(
    ("name", "index", "reason"),
    [
        ("pymarc-testdata/bad_subfield_code.dat", 0, "field 260: no indicators"),
        ("marc4j-testdata/bad_oversize_field_bad_directory.mrc", 1, "not a multiple of 12"),
        ("marc4j-testdata/chinese_mangled_multibyte.mrc", 0, "field 880: broken MARC-8"),
        ("marc4j-testdata/incomplete_esc_seq.mrc", 0, "field 880: broken MARC-8"),
        ("marc4j-testdata/not_unimarc_errors_3.mrc", 0, "invalid UTF-8"),
    ],
)
def test_broken_records_name_the_problem(name: str, index: int, reason: str) -> None:
    raw = list(read_iso2709(SHARED_DATA / name))[index].raw
    with pytest.raises(MappingError, match=reason):
        parse_iso2709(raw)


def test_alma_leader_with_dashes_reads_as_blanks() -> None:
    xml = (SHARED_DATA / "dp2-sru-cnmarc/sample_cnmarcxml.xml").read_bytes()
    start = xml.index(b'<record xmlns="http://www.nlc.cn/">')
    end = xml.index(b"</record>", start) + len(b"</record>")
    record = parse_marcxml(xml[start:end])
    assert record.leader == "01576nam0 2200409   4500"
    assert record.first("200", "A") == "'94Zhong Guo Fa Zhan Bao Gao"


def test_truncated_record_is_an_error() -> None:
    raw = (SHARED_DATA / "marc4j-testdata/summerland.mrc").read_bytes()
    with pytest.raises(MappingError):
        parse_iso2709(raw[:20])


def test_split_tolerates_newlines_between_records(tmp_path: Path) -> None:
    data = (SHARED_DATA / "marc4j-testdata/chabon.mrc").read_bytes()
    path = tmp_path / "with-newlines.mrc"
    path.write_bytes(data.replace(b"\x1d", b"\x1d\r\n"))
    items = list(read_iso2709(path))
    originals = list(read_iso2709(SHARED_DATA / "marc4j-testdata/chabon.mrc"))
    assert len(items) == 2
    assert items[1].position.startswith("record 2 (byte ")
    assert items[1].raw == originals[1].raw


def test_marc21_reads_only_the_tags_it_declares() -> None:
    """Mapping records parsed down to TAGS_READ gives what mapping whole records gives."""
    skipped = 0
    for name in CLEAN_FILES:
        for item in read_iso2709(SHARED_DATA / name):
            if unimarc_tags(item.raw):
                continue
            whole = parse_iso2709(item.raw)
            partial = parse_iso2709(item.raw, only=marc21.TAGS_READ)
            assert marc21.map_marc21(partial, item.raw) == marc21.map_marc21(whole, item.raw)
            skipped += len(whole.fields) - len(partial.fields)
    assert skipped > 100
