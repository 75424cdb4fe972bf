"""Reading import files record by record, in flat memory: ISO 2709, XML, CSV and XLSX.

Each reader yields `RawItem`s with the bytes of one record as found in the file and its position
("record 12 (byte 4711)", "line 8"), so a bad record can be quarantined and found again.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from shuyun.catalog.crosswalks import SourceFormat
from shuyun.catalog.records import RawItem

CHUNK = 1 << 20
RECORD_END = b"\x1d"
MARC_NAMESPACES = frozenset(
    {
        "http://www.loc.gov/MARC21/slim",
        "http://www.nlc.cn/",
        "info:srw/schema/8/unimarcxml-v0.1",
        "info:lc/xmlns/marcxchange-v1",
        "",
    }
)
DC_CONTAINERS = frozenset(
    {
        "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc",
        "{info:srw/schema/1/dc-schema}dc",
    }
)
MARC_SUFFIXES = frozenset({".mrc", ".marc", ".dat", ".iso", ".iso2709"})
TABULAR_SUFFIXES = frozenset({".csv", ".xlsx"})


class UnreadableFile(ValueError):
    """The file as a whole cannot be read (unknown kind, not well-formed XML at some line)."""


def detect_format(path: Path) -> SourceFormat:
    """The crosswalk a file needs, from its suffix and, for XML, its first kilobytes."""
    suffix = path.suffix.lower()
    if suffix in MARC_SUFFIXES:
        return SourceFormat.MARC
    if suffix in TABULAR_SUFFIXES:
        return SourceFormat.TABULAR
    if suffix == ".xml":
        head = path.read_bytes()[:8192]
        if b"purl.org/dc/elements" in head and b"datafield" not in head:
            return SourceFormat.OAI_DC
        return SourceFormat.MARC
    raise UnreadableFile(f"{path.name}: unknown kind of file (expected .mrc, .xml, .csv or .xlsx)")


def read_items(path: Path, source_format: SourceFormat) -> Iterator[RawItem]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".xml" or source_format == SourceFormat.OAI_DC:
        return read_xml(path)
    return read_iso2709(path)


def split_iso2709(stream: io.BufferedIOBase) -> Iterator[RawItem]:
    """Records split at their terminators, which survive where a leader's length is wrong."""
    buffer, offset, number = b"", 0, 0
    while chunk := stream.read(CHUNK):
        buffer += chunk
        *complete, buffer = buffer.split(RECORD_END)
        for part in complete:
            number += 1
            record = part.lstrip(b"\r\n ")
            start = offset + len(part) - len(record)
            offset += len(part) + 1
            yield RawItem(record + RECORD_END, f"record {number} (byte {start})")
    if buffer.strip():
        yield RawItem(buffer.lstrip(b"\r\n "), f"record {number + 1} (byte {offset}, unterminated)")


def read_iso2709(path: Path) -> Iterator[RawItem]:
    with path.open("rb") as stream:
        yield from split_iso2709(stream)


def _is_record(element: etree._Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return False
    if tag in DC_CONTAINERS:
        return True
    qname = etree.QName(tag)
    return (
        qname.localname == "record"
        and (qname.namespace or "") in MARC_NAMESPACES
        and element.find("{*}leader") is not None
    )


def iter_xml_records(source: str | Path | io.BufferedIOBase) -> Iterator[etree._Element]:
    """MARCXML records and Dublin Core containers wherever they sit (collection, SRU, OAI)."""
    for _event, element in etree.iterparse(source, events=("end",), huge_tree=True):
        if _is_record(element):
            yield element
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]


def read_xml(path: Path) -> Iterator[RawItem]:
    number = 0
    try:
        for element in iter_xml_records(str(path)):
            number += 1
            position = f"record {number} (line {element.sourceline})"
            yield RawItem(etree.tostring(element, encoding="utf-8"), position)
    except etree.XMLSyntaxError as exc:
        # Nothing after this point can be split into records: keep the whole file to re-import.
        reason = f"not well-formed XML after record {number}: {exc}"
        yield RawItem(path.read_bytes(), f"line {exc.lineno}", error=reason)


def _row_item(row: dict[str, object], position: str) -> RawItem:
    clean = {str(k).strip(): "" if v is None else str(v) for k, v in row.items() if k is not None}
    return RawItem(json.dumps(clean, ensure_ascii=False).encode(), position)


def _decode_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{name}: neither UTF-8 nor GB18030 text")


def read_csv(path: Path) -> Iterator[RawItem]:
    reader = csv.DictReader(io.StringIO(_decode_text(path.read_bytes(), path.name), newline=""))
    for row in reader:
        yield _row_item(dict(row), f"line {reader.line_num}")


def read_xlsx(path: Path) -> Iterator[RawItem]:
    import openpyxl  # only spreadsheets need it; it is slow to import

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, ())]
    for number, values in enumerate(rows, start=2):
        if any(value not in (None, "") for value in values):
            yield _row_item(dict(zip(header, values, strict=False)), f"{sheet.title} row {number}")
    workbook.close()
