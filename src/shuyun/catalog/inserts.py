"""New records written as query parameters straight from the mapped data, a batch per statement.

Django's bulk_create spent most of ingest building its multi-row statement; new records need no
ids back (their works are already known), so one executemany of prepared rows does, in SQL that
SQLite and PostgreSQL read alike.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from operator import attrgetter
from typing import Any

from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone

from shuyun.catalog.clustering import Assignment
from shuyun.catalog.models import Record
from shuyun.catalog.records import Creator, RecordData
from shuyun.federation.models import Library

Row = tuple[Any, ...]
# List columns whose items are plain strings (the others hold objects).
STRING_LISTS = frozenset({"other_titles", "subjects", "clc", "isbns", "issns", "links"})
ASSIGNED = ("work_id", "cluster_reason")


def insert_records(
    library: Library, records: list[RecordData], assignments: list[Assignment], origin: str
) -> None:
    """Insert `records` (new to `library`) into the works `assignments` chose, in one statement."""
    if not records:
        return
    names, make_row = _row_maker(library, origin)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in names)
    marks = ", ".join(["%s"] * len(names))
    table = quote(Record._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
    rows = [
        make_row(data, assignment) for data, assignment in zip(records, assignments, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _row_maker(
    library: Library, origin: str
) -> tuple[list[str], Callable[[RecordData, Assignment], Row]]:
    """Every Record column but the id, and how a new record's row is made, worked out once per
    batch: plain values are read in one C-level call, JSON lists skip the encoder when empty
    (most are), constants are adapted once."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    constants = {
        "library_id": library.pk,
        "origin": origin,
        "deleted": False,
        "version": 1,
        "cluster_pinned": False,
        "created_at": now,
        "updated_at": now,
    }
    plain, lists, times = [], [], []
    for model_field in Record._meta.concrete_fields:
        name = model_field.attname
        if model_field.primary_key or name in constants or name in ASSIGNED:
            continue
        if isinstance(model_field, models.JSONField):
            lists.append(name)
        elif isinstance(model_field, models.DateTimeField):
            times.append(name)
        else:
            plain.append(name)
    read_plain = attrgetter(*plain)
    encoders = [(attrgetter(name), _encoder(name)) for name in lists]
    read_times = [attrgetter(name) for name in times]
    adapt_time = ops.adapt_datetimefield_value
    empty = ops.adapt_json_value([], None)
    fixed = tuple(constants.values())

    def make_row(data: RecordData, assignment: Assignment) -> Row:
        return (
            *read_plain(data),
            *[encode(value) if (value := read(data)) else empty for read, encode in encoders],
            *[None if (value := read(data)) is None else adapt_time(value) for read in read_times],
            *fixed,
            assignment.work_id,
            assignment.reason,
        )

    return [*plain, *lists, *times, *constants, *ASSIGNED], make_row


def _encoder(name: str) -> Callable[[Any], Any]:
    adapt = connection.ops.adapt_json_value
    if name == "creators":
        return lambda creators: adapt(_creator_dicts(creators), None)
    # A backend that takes JSON as text (SQLite) gets lists of strings encoded without
    # json.dumps, which builds an encoder per call; others get their own adapter.
    as_text = type(connection.ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value
    if as_text and name in STRING_LISTS:
        return _strings_as_json
    return lambda value: adapt(value, None)


def _creator_dicts(creators: list[Creator]) -> list[dict[str, str]]:
    return [{"name": c.name, "role": c.role} for c in creators]


def _strings_as_json(values: list[str]) -> str:
    """What json.dumps makes of a list of strings, made faster."""
    return "[" + ", ".join(map(encode_basestring_ascii, values)) + "]"
