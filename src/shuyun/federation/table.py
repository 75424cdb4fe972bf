"""The library table: one column layout shared by CSV/XLSX import and CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from openpyxl import load_workbook

from shuyun.federation.models import Level, Library, Status

COLUMNS = [
    "code",
    "name_zh",
    "name_en",
    "level",
    "parent",
    "division_code",
    "address",
    "latitude",
    "longitude",
    "website",
    "oai_endpoint",
    "resource_volume_tb",
    "status",
    "joined_on",
]
REQUIRED = ("code", "name_zh", "level")


class TableError(ValueError):
    """A file that cannot be read as a library table at all."""


@dataclass
class Row:
    line: int
    values: dict[str, str]


def read_rows(upload: IO[bytes], filename: str) -> list[Row]:
    """Rows of an uploaded .csv (UTF-8, with or without BOM, or GB18030) or .xlsx file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return list(_xlsx_rows(upload))
    if name.endswith(".csv"):
        return list(_csv_rows(_decode(upload.read())))
    raise TableError(f"{filename}: expected a .csv or .xlsx file")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("the file is neither UTF-8 nor GB18030 text")


def _check_header(header: list[str]) -> list[str]:
    names = [h.strip() for h in header]
    missing = [column for column in REQUIRED if column not in names]
    if missing:
        raise TableError(f"line 1: missing required columns: {', '.join(missing)}")
    unknown = [h for h in names if h and h not in COLUMNS]
    if unknown:
        raise TableError(f"line 1: unknown columns: {', '.join(unknown)}")
    return names


def _csv_rows(text: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = _check_header(next(reader))
    except StopIteration:
        raise TableError("the file is empty") from None
    for values in reader:
        if any(v.strip() for v in values):
            yield Row(reader.line_num, _row_dict(header, values))


def _xlsx_rows(upload: IO[bytes]) -> Iterator[Row]:
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"not a readable .xlsx workbook ({exc})") from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = _check_header([_cell_text(c) for c in next(rows)])
    except StopIteration:
        raise TableError("the workbook's first sheet is empty") from None
    for line, cells in enumerate(rows, start=2):
        values = [_cell_text(c) for c in cells]
        if any(values):
            yield Row(line, _row_dict(header, values))


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


def _row_dict(header: list[str], values: list[str]) -> dict[str, str]:
    return {name: value.strip() for name, value in zip(header, values, strict=False) if name}


def parse_fields(values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed model fields from one row's text, and the errors by column."""
    fields: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for column in REQUIRED:
        if not values.get(column):
            errors[column] = "is required"
    for column in ("code", "name_zh", "name_en", "division_code", "address", "website"):
        fields[column] = values.get(column, "")
    fields["oai_endpoint"] = values.get("oai_endpoint", "")
    fields["code"] = fields["code"].upper()
    fields["level"] = values.get("level", "")
    if fields["level"] and fields["level"] not in Level.values:
        errors["level"] = f"{fields['level']!r} is not one of {', '.join(Level.values)}"
    fields["status"] = values.get("status") or Status.ACTIVE
    if fields["status"] not in Status.values:
        errors["status"] = f"{fields['status']!r} is not one of {', '.join(Status.values)}"
    for column in ("latitude", "longitude", "resource_volume_tb"):
        text = values.get(column, "")
        try:
            fields[column] = Decimal(text) if text else None
        except InvalidOperation:
            errors[column] = f"{text!r} is not a number"
    if fields.get("resource_volume_tb") is None:
        fields["resource_volume_tb"] = Decimal(0)
    joined = values.get("joined_on", "")
    try:
        fields["joined_on"] = date.fromisoformat(joined) if joined else None
    except ValueError:
        errors["joined_on"] = f"{joined!r} is not a date (YYYY-MM-DD)"
    return fields, errors


def library_rows(libraries: Iterable[Library]) -> Iterator[list[str]]:
    """The export: a header and one row per library, readable back by the import."""
    yield COLUMNS
    for library in libraries:
        yield [
            library.code,
            library.name_zh,
            library.name_en,
            library.level,
            library.parent.code if library.parent else "",
            library.division_code,
            library.address,
            "" if library.latitude is None else str(library.latitude),
            "" if library.longitude is None else str(library.longitude),
            library.website,
            library.oai_endpoint,
            str(library.resource_volume_tb),
            library.status,
            library.joined_on.isoformat() if library.joined_on else "",
        ]
