"""Batch registration from CSV or JSON: up to 100,000 identifiers in one request or command.

Every row is checked first (syntax, holding libraries, duplicates against the registry and within
the file, chosen suffixes already taken); then either nothing is stored when any row is bad
(`all_or_nothing`), or the good rows are stored in one transaction and the report names each bad
row by its line and field.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shuyun.analytics.services import EventKind, record_event
from shuyun.identifiers import values
from shuyun.identifiers.access import Registrant, own_prefix
from shuyun.identifiers.models import Identifier, ResourceType
from shuyun.identifiers.services import library_ids_for
from shuyun.identifiers.storage import insert_identifiers

MAX_ROWS = 100_000
LOOKUP_CHUNK = 900  # stays under SQLite's bound-parameter limit
CSV_COLUMNS = ("suffix", "title", "resource_type", "sha256", "work_id", "url", "library")


class BatchFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, size)."""


@dataclass
class BatchRow:
    line: int  # CSV line, or 1-based position in a JSON list
    data: values.IdentifierInput | None
    error: str = ""


@dataclass
class BatchReport:
    all_or_nothing: bool
    created: list[tuple[int, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    flagged: list[tuple[int, str, list[str]]] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return bool(self.created)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BatchFileError("The file is neither UTF-8 nor GB18030 text.")


def read_batch(raw: bytes, filename: str) -> list[BatchRow]:
    """Rows of a .csv or .json batch file, each with its line number or a reason it is bad."""
    text = _decode(raw)
    if filename.lower().endswith(".json"):
        rows = _json_rows(text)
    elif filename.lower().endswith(".csv"):
        rows = _csv_rows(text)
    else:
        raise BatchFileError(f"{filename}: send a .csv or a .json file.")
    if len(rows) > MAX_ROWS:
        raise BatchFileError(f"{len(rows)} rows: at most {MAX_ROWS} in one batch.")
    return rows


def _csv_rows(text: str) -> list[BatchRow]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"url"} - set(reader.fieldnames or [])
    if missing:
        raise BatchFileError(f"The CSV header needs the columns: {', '.join(CSV_COLUMNS)}.")
    return [_csv_row(reader.line_num, record) for record in reader]


def _csv_row(line: int, record: dict[str, str | None]) -> BatchRow:
    # Straight to the input, without the JSON path's intermediate mapping: batches are large.
    library = record.get("library") or ""
    urls = (record.get("url") or "").split()
    try:
        data = values.IdentifierInput(
            suffix=record.get("suffix") or "",
            title=record.get("title") or "",
            resource_type=record.get("resource_type") or ResourceType.OTHER,
            sha256=record.get("sha256") or "",
            work_id=_work_id(record.get("work_id")),
            locations=[values.LocationInput(url, library, n) for n, url in enumerate(urls)],
        )
    except ValueError as exc:
        return BatchRow(line, None, str(exc))
    return BatchRow(line, data)


def _json_rows(text: str) -> list[BatchRow]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BatchFileError(f"Not JSON: {exc.msg} at line {exc.lineno}.") from None
    items = document.get("identifiers") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise BatchFileError('Send a JSON list of identifiers, or {"identifiers": [...]}.')
    return [_row(number, item) for number, item in enumerate(items, start=1)]


def _row(line: int, item: Any) -> BatchRow:
    if not isinstance(item, dict):
        return BatchRow(line, None, "each identifier is a JSON object")
    try:
        return BatchRow(line, input_from_mapping(item))
    except (TypeError, ValueError) as exc:
        return BatchRow(line, None, str(exc))


def input_from_mapping(item: dict[str, Any]) -> values.IdentifierInput:
    """Build an input from JSON-like data; ValueError names the field that is wrong."""
    locations = item.get("locations")
    if locations is None and item.get("url"):
        locations = [{"url": item["url"], "library": item.get("library", "")}]
    if not isinstance(locations, list) or not all(isinstance(x, dict) for x in locations):
        raise ValueError("locations: give a list of {url, library, priority}, or a url")
    return values.IdentifierInput(
        suffix=str(item.get("suffix") or ""),
        title=str(item.get("title") or ""),
        resource_type=str(item.get("resource_type") or ResourceType.OTHER),
        sha256=str(item.get("sha256") or ""),
        work_id=_work_id(item.get("work_id")),
        locations=[
            values.LocationInput(
                url=str(loc.get("url") or ""),
                library=str(loc.get("library") or ""),
                priority=int(loc.get("priority") or 0),
            )
            for loc in locations
        ],
    )


def _work_id(value: object) -> int | None:
    if value in ("", None):
        return None
    if not str(value).isdigit():
        raise ValueError(f"work_id: {value!r} is not a number")
    return int(str(value))


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start : start + LOOKUP_CHUNK]


def _existing(field_name: str, wanted: list[Any], result: str = "handle") -> dict[Any, str]:
    found: dict[Any, str] = {}
    for chunk in _chunks(wanted):
        lookup = {f"{field_name}__in": chunk}
        query = Identifier.objects.filter(**lookup)
        if field_name == "work_id":
            query = query.exclude(resource_type=ResourceType.WORK)
        found.update(query.values_list(field_name, result))
    return found


def _check_rows(
    registrant: Registrant, prefix: str, rows: list[BatchRow], report: BatchReport
) -> list[tuple[int, values.CleanInput]]:
    library_ids = library_ids_for(
        loc.library for row in rows if row.data for loc in row.data.locations
    )
    checked: list[tuple[int, values.CleanInput]] = []
    for row in rows:
        if row.data is None:
            report.errors.append((row.line, row.error))
            continue
        try:
            clean = values.clean_input(row.data, prefix, library_ids, registrant.library.pk)
        except values.RowError as exc:
            report.errors.append((row.line, str(exc)))
            continue
        checked.append((row.line, clean))
    return _drop_duplicates(prefix, checked, report)


def _drop_duplicates(
    prefix: str, checked: list[tuple[int, values.CleanInput]], report: BatchReport
) -> list[tuple[int, values.CleanInput]]:
    hashes = _existing("sha256", [c.sha256 for _, c in checked if c.sha256])
    handles = _existing("handle", [f"{prefix}/{c.suffix}" for _, c in checked if c.suffix])
    seen_hash: dict[str, int] = {}
    seen_suffix: dict[str, int] = {}
    kept = []
    for line, clean in checked:
        problem = ""
        if clean.sha256 in hashes:
            problem = f"sha256: already registered as {hashes[clean.sha256]}"
        elif clean.sha256 and clean.sha256 in seen_hash:
            problem = f"sha256: same object as line {seen_hash[clean.sha256]}"
        elif f"{prefix}/{clean.suffix}" in handles:
            problem = f"suffix: {prefix}/{clean.suffix} is already registered"
        elif clean.suffix and clean.suffix in seen_suffix:
            problem = f"suffix: also on line {seen_suffix[clean.suffix]}"
        if problem:
            report.errors.append((line, problem))
            continue
        if clean.sha256:
            seen_hash[clean.sha256] = line
        if clean.suffix:
            seen_suffix[clean.suffix] = line
        kept.append((line, clean))
    return kept


def _flag_same_work(checked: list[tuple[int, values.CleanInput]]) -> dict[int, list[str]]:
    linked = _existing("work_id", sorted({c.work_id for _, c in checked if c.work_id}))
    same_work: dict[int, list[str]] = {}
    for line, clean in checked:
        if clean.work_id in linked:
            clean.needs_confirmation = True
            same_work[line] = [linked[clean.work_id]]
    return same_work


def register_batch(
    registrant: Registrant, rows: list[BatchRow], *, all_or_nothing: bool
) -> BatchReport:
    """Register a batch under the registrant's prefix; see the module docstring for the modes."""
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"{len(rows)} rows: at most {MAX_ROWS} in one batch.")
    prefix = own_prefix(registrant)
    report = BatchReport(all_or_nothing=all_or_nothing)
    checked = _check_rows(registrant, prefix.name, rows, report)
    report.errors.sort()
    if not checked or (all_or_nothing and report.errors):
        return report
    same_work = _flag_same_work(checked)
    try:
        with transaction.atomic():
            created = insert_identifiers(registrant, prefix, [clean for _, clean in checked])
    except IntegrityError:
        report.errors.append((0, "another registration took a suffix or hash meanwhile; resend"))
        return report
    report.created = [(line, handle) for (line, _), handle in zip(checked, created, strict=True)]
    report.flagged = [
        (line, handle, same_work[line]) for line, handle in report.created if line in same_work
    ]
    record_event(
        EventKind.ADMIN_CHANGE,
        registrant.user,
        registrant.library,
        action="register-batch",
        count=len(created),
    )
    return report
