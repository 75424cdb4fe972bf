"""Each crosswalk on real records from ../shared/data, and the identifier rules they share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuyun.catalog.crosswalks import SourceFormat, crosswalk_for
from shuyun.catalog.identifiers import normalise_isbn, normalise_issn
from shuyun.catalog.records import MappingError, RecordData
from shuyun.harvest.files import read_csv, read_iso2709, read_xlsx, read_xml
from tests.conftest import SHARED_DATA

DP2 = SHARED_DATA / "dp2-sru-cnmarc"


def mapped(path: Path, source_format: SourceFormat = SourceFormat.MARC) -> list[RecordData]:
    reader = read_iso2709 if path.suffix in {".mrc", ".dat"} else read_xml
    crosswalk = crosswalk_for(source_format)
    return [crosswalk(item.raw) for item in reader(path)]


def test_cnmarc_from_dp2() -> None:
    records = mapped(DP2 / "sample_cnmarcxml.xml")
    assert len(records) == 10
    first = records[0]
    assert first.source_format == "cnmarc"
    assert first.source_id == "990002180740203961"
    assert first.title == "'94中国发展报告"
    assert first.title_pinyin == "'94Zhong Guo Fa Zhan Bao Gao"
    assert first.isbns == ["9787503717444"]  # 010 $a 7-5037-1744-0 as ISBN-13
    assert first.language == "chi"
    assert (first.place, first.publisher, first.year) == ("北京", "中国统计出版社", 1994)
    assert first.extent == "320页 ; 图 ; 27cm"
    assert first.subjects == ["经济发展 -- 概况 -- 中国 -- 1994"]
    assert first.clc == ["F124"]
    assert [(c.name, c.role) for c in first.creators] == [
        ("叶震", "主编"),
        ("李强", "主编"),
        ("国家统计局", "编"),
    ]
    assert first.cataloguing_agency == "BNU"
    assert first.resource_type == "book"
    assert first.datestamp is not None and first.datestamp.year == 2018


def test_unimarc_slim_gives_the_same_records_as_cnmarc() -> None:
    cnmarc = mapped(DP2 / "sample_cnmarcxml.xml")
    unimarc = mapped(DP2 / "sample_unimarcxml.xml")
    assert [r.model_fields() for r in unimarc] == [r.model_fields() for r in cnmarc]


def test_unimarc_iso2709_with_western_names() -> None:
    (record,) = mapped(SHARED_DATA / "pymarc-testdata/testunimarc.dat")
    assert record.title == "L'altra faccia della spirale"
    assert record.creators[0].name == "Asimov, Isaac"
    assert record.isbns == ["9788804406822"]
    assert record.language == "ita"


def test_marc21_with_cjk_from_blacklight() -> None:
    records = mapped(SHARED_DATA / "blacklight-marc-testdata/test_data.utf8.mrc")
    assert len(records) == 30
    cjk = [
        r for r in records if any("\u4e00" <= ch <= "\u9fff" for t in r.other_titles for ch in t)
    ]
    assert len(cjk) >= 5
    record = next(r for r in records if "次按驟變" in r.other_titles)
    assert record.title == "Ci an zhou bian"
    assert record.isbns == ["9789573908678"]
    assert record.language == "chi"
    assert record.year == 2008
    assert "林行止" in [c.name for c in record.creators]


def test_marc8_record_is_decoded() -> None:
    (record,) = mapped(SHARED_DATA / "pymarc-testdata/marc8.dat")
    assert all(ch.isprintable() for ch in record.title)
    assert record.source_format == "marc21"


def test_marcxml_from_dp2_is_marc21() -> None:
    records = mapped(DP2 / "sample_marcxml.xml")
    assert len(records) == 10
    assert records[0].title == "·附录· “中国近代史上的民族主义”国际学术研讨会综述"
    assert records[0].publisher == "社会科学文献出版社"
    assert records[0].year == 2012


def test_dublin_core_from_dp2() -> None:
    records = mapped(DP2 / "sample_dc.xml", SourceFormat.OAI_DC)
    assert len(records) == 10
    first = records[0]
    assert first.title == "'94中国发展报告"
    assert [(c.name, c.role) for c in first.creators] == [("叶震", "主编"), ("李强", "主编")]
    assert first.isbns == ["9787503717444"]
    assert (first.place, first.publisher, first.year) == ("北京", "中国统计出版社", 1994)
    assert first.source_id == "990002180740203961"


def test_dublin_core_without_title_is_refused() -> None:
    raw = b'<dc xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>x</dc:creator></dc>'
    with pytest.raises(MappingError, match="dc:title"):
        crosswalk_for(SourceFormat.OAI_DC)(raw)


def test_csv_with_declared_mapping(tmp_path: Path) -> None:
    path = tmp_path / "books.csv"
    path.write_text(
        "记录号,书名,作者,ISBN,出版社,年份,主题\n"
        "b1,论语译注,杨伯峻;杨逢彬,7-101-00356-7,中华书局,1980,儒家；论语\n"
        'b2,"孟子译注",杨伯峻,,中华书局,1960,\n',
        encoding="utf-8-sig",
    )
    mapping = {"记录号": "source_id", "书名": "title", "作者": "creators", "ISBN": "isbns"}
    mapping |= {"出版社": "publisher", "年份": "year", "主题": "subjects"}
    crosswalk = crosswalk_for(SourceFormat.TABULAR, mapping)
    items = list(read_csv(path))
    assert [item.position for item in items] == ["line 2", "line 3"]
    first = crosswalk(items[0].raw)
    assert first.source_id == "b1"
    assert [c.name for c in first.creators] == ["杨伯峻", "杨逢彬"]
    assert first.isbns == ["9787101003567"]
    assert first.subjects == ["儒家", "论语"]
    assert first.year == 1980


def test_xlsx_rows_use_default_chinese_headers(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["题名", "责任者", "出版年", "中图分类号"])
    sheet.append(["楚辞补注", "洪兴祖", 1983, "I222.3"])
    sheet.append([None, None, None, None])
    sheet.append(["", "无名氏", "不详", ""])
    path = tmp_path / "books.xlsx"
    workbook.save(path)
    items = list(read_xlsx(path))
    crosswalk = crosswalk_for(SourceFormat.TABULAR)
    assert len(items) == 2
    record = crosswalk(items[0].raw)
    assert (record.title, record.year, record.clc) == ("楚辞补注", 1983, ["I222.3"])
    with pytest.raises(MappingError, match="title"):
        crosswalk(items[1].raw)
    assert json.loads(items[1].raw)["责任者"] == "无名氏"  # the row is kept as it was


def test_mapping_naming_unknown_fields_is_refused() -> None:
    with pytest.raises(ValueError, match="titel"):
        crosswalk_for(SourceFormat.TABULAR, {"书名": "titel"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7-5037-1744-0", "9787503717444"),
        ("0-306-40615-2 (pbk.)", "9780306406157"),
        ("978-0-306-40615-7", "9780306406157"),
        ("080442957X", "9780804429573"),
        ("7-5037-1744-1", None),  # wrong check digit
        ("CNY68.00", None),
    ],
)
def test_isbn_normalisation(text: str, expected: str | None) -> None:
    assert normalise_isbn(text) == expected


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_valid_isbn10_becomes_a_valid_isbn13(body: str) -> None:
    check = (11 - sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11) % 11
    isbn10 = body + ("X" if check == 10 else str(check))
    isbn13 = normalise_isbn(isbn10)
    assert isbn13 is not None and isbn13.startswith("978") and isbn13[3:12] == body
    assert sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(isbn13)) % 10 == 0


def test_issn_check_digit() -> None:
    assert normalise_issn("ISSN 0317-8471") == "0317-8471"
    assert normalise_issn("0317-8472") is None
