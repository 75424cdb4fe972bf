"""Work documents built from real records in ../shared/data and the chinese-poetry npm package.

The records are real (CNMARC and MARC 21 from library catalogues, Tang poems from chinese-poetry);
which demo library holds which record is assigned here, deterministically: every record is held by
one or two libraries of the demo network, and poems from the 唐诗三百首 anthology by five, so that
"more widely held" has something to rank. Until the warehouse (issue 3) hands documents over through
`catalog.access.work_documents`, the search tests and the benchmark index these.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pymarc
from lxml import etree
from tests.conftest import SHARED_DATA

from shuyun.catalog.documents import Holding, WorkDocument

PROJECT = Path(__file__).resolve().parents[2]
POETRY = PROJECT / "node_modules" / "chinese-poetry" / "dist" / "quantangshi"
CNMARC_XML = SHARED_DATA / "dp2-sru-cnmarc" / "sample_cnmarcxml.xml"
MARC21_FILES = [
    SHARED_DATA / "blacklight-marc-testdata" / "test_data.utf8.mrc",
    SHARED_DATA / "marc4j-testdata" / "chabon.mrc",
    SHARED_DATA / "marc4j-testdata" / "summerland.mrc",
    SHARED_DATA / "marc4j-testdata" / "pride-and-prejudice-fixed.mrc",
    SHARED_DATA / "pymarc-testdata" / "test.dat",
]
MARC21_XML = SHARED_DATA / "dp2-sru-cnmarc" / "sample_marcxml.xml"
CNMARC_NS = {"m": "http://www.nlc.cn/"}
LIBRARIES = ["NLC", "ZJ", "ZJ-SX", "ZJ-SX-ZJ", "ZJ-HZ", "FJ", "LN", "ZJ-NB", "HB", "SD"]
ANTHOLOGY_TAG = "唐诗三百首"
TANG_POETRY_CLASS = "I222.7"  # 中国文学 › 古代至近代作品 › 古体诗、近体诗


def holdings_for(serial: int, source_format: str, widely: bool = False) -> list[Holding]:
    count = 5 if widely else 1 + serial % 2
    codes = [LIBRARIES[(serial * 3 + step * 4) % len(LIBRARIES)] for step in range(count)]
    return [
        Holding(code, serial * 10 + i, source_format) for i, code in enumerate(dict.fromkeys(codes))
    ]


# -- CNMARC ------------------------------------------------------------------------------------
def cnmarc_documents(start_id: int) -> list[WorkDocument]:
    tree = etree.parse(str(CNMARC_XML))  # noqa: S320 - a local sample file
    records = tree.findall(".//m:record", CNMARC_NS)
    return [
        _cnmarc_document(record, start_id + i, holdings_for(start_id + i, "cnmarc"))
        for i, record in enumerate(records)
    ]


def _sub(record: etree._Element, tag: str, code: str) -> list[str]:
    path = f"m:datafield[@tag='{tag}']/m:subfield[@code='{code}']"
    return [(node.text or "").strip() for node in record.findall(path, CNMARC_NS) if node.text]


def _cnmarc_document(record: etree._Element, work_id: int, holdings: list[Holding]) -> WorkDocument:
    years = [y for y in _sub(record, "210", "d") if re.match(r"\d{4}", y)]
    return WorkDocument(
        work_id=work_id,
        title=(_sub(record, "200", "a") or [""])[0],
        other_titles=_sub(record, "200", "e") + _sub(record, "500", "a"),
        title_pinyin=(_sub(record, "200", "A") or [""])[0],
        creators=_sub(record, "701", "a") + _sub(record, "711", "a") + _sub(record, "200", "f"),
        subjects=_sub(record, "606", "a"),
        classifications=_sub(record, "690", "a"),
        isbns=_sub(record, "010", "a"),
        language=(_sub(record, "101", "a") or [""])[0],
        publisher=(_sub(record, "210", "c") or [""])[0],
        place=(_sub(record, "210", "a") or [""])[0],
        year=int(years[0][:4]) if years else None,
        resource_type="book",
        abstract=" ".join(_sub(record, "330", "a")),
        holdings=holdings,
    )


# -- MARC 21 -----------------------------------------------------------------------------------
def marc21_documents(start_id: int) -> list[WorkDocument]:
    records: list[pymarc.Record] = []
    for path in MARC21_FILES:
        with path.open("rb") as handle:
            reader = pymarc.MARCReader(handle, to_unicode=True, force_utf8=True)
            records += [record for record in reader if record is not None]
    records += [r for r in pymarc.parse_xml_to_array(str(MARC21_XML)) if r is not None]
    documents = []
    for i, record in enumerate(records):
        document = _marc21_document(record, start_id + i)
        if document.title:
            documents.append(replace(document, holdings=holdings_for(start_id + i, "marc21")))
    return documents


def _marc21_document(record: pymarc.Record, work_id: int) -> WorkDocument:
    title = _title(record.get_fields("245"))
    vernacular = _title(
        [f for f in record.get_fields("880") if (f.get("6") or "").startswith("245")]
    )
    creators = [f.get("a", "").strip(" ,.") for f in record.get_fields("100", "110", "700", "710")]
    subjects = [f.get("a", "").strip(" .,") for f in record.get_fields("600", "650", "651")]
    control = record.get("008")
    fixed = control.data if control is not None else ""
    year = fixed[7:11] if len(fixed) > 11 else ""
    publisher = [f.get("b", "") for f in record.get_fields("260", "264")]
    series = [
        f.get("a", "").strip(" =.;")
        for f in record.get_fields("490", "830", "880")
        if f.tag != "880" or (f.get("6") or "")[:3] in {"490", "830"}
    ]
    return WorkDocument(
        work_id=work_id,
        title=vernacular or title,
        other_titles=list(dict.fromkeys([*([title] if vernacular else []), *filter(None, series)])),
        creators=[c for c in creators if c],
        subjects=list(dict.fromkeys(s for s in subjects if s)),
        isbns=[f.get("a", "").split(" ")[0] for f in record.get_fields("020") if f.get("a")],
        language=fixed[35:38].strip() if len(fixed) > 38 else "",
        publisher=publisher[0].strip(" ,:;") if publisher else "",
        year=int(year) if year.isdigit() else None,
        resource_type="book",
        abstract=" ".join(f.get("a", "") for f in record.get_fields("520")),
    )


def _title(fields: list[pymarc.Field]) -> str:
    if not fields:
        return ""
    parts = [fields[0].get(code, "") for code in ("a", "b")]
    return " ".join(part.strip(" /:;,.") for part in parts if part).strip()


# -- chinese-poetry ----------------------------------------------------------------------------
def poem_documents(start_id: int, files: int | None = 3) -> Iterator[WorkDocument]:
    """Tang poems (traditional characters) as works; `files` of 1,000 poems, or all when None."""
    paths = sorted(POETRY.glob("poet.tang.*.json"), key=lambda p: int(p.stem.split(".")[-1]))
    if files is not None:
        paths = paths[:files]
    serial = itertools.count(start_id)
    for path in paths:
        for poem in json.loads(path.read_text(encoding="utf-8")):
            yield poem_document(poem, next(serial))


def poem_document(poem: dict[str, object], work_id: int) -> WorkDocument:
    tags = [str(tag) for tag in poem.get("tags", []) or []]  # type: ignore[attr-defined]
    paragraphs = [str(line) for line in poem.get("paragraphs", []) or []]  # type: ignore[attr-defined]
    return WorkDocument(
        work_id=work_id,
        title=str(poem.get("title", "")),
        creators=[str(poem.get("author", ""))],
        subjects=tags,
        classifications=[TANG_POETRY_CLASS],
        language="chi",
        resource_type="poem",
        abstract="".join(paragraphs),
        holdings=holdings_for(work_id, "json", widely=ANTHOLOGY_TAG in tags),
    )


def famous_poems(start_id: int) -> list[WorkDocument]:
    """Every Tang poem titled 靜夜思, 登鸛雀樓 or 春曉 (several poets wrote each title)."""
    wanted = {"靜夜思", "登鸛雀樓", "春曉"}
    found = []
    serial = itertools.count(start_id)
    for path in sorted(POETRY.glob("poet.tang.*.json")):
        for poem in json.loads(path.read_text(encoding="utf-8")):
            if poem.get("title") in wanted:
                found.append(poem_document(poem, next(serial)))
    return found


def sample_documents() -> list[WorkDocument]:
    """The test corpus: CNMARC, MARC 21, the famous poems and the first 1,000 Tang poems."""
    return [
        *cnmarc_documents(1),
        *marc21_documents(100),
        *famous_poems(1000),
        *poem_documents(2000, files=1),
    ]
