"""New records written as query parameters straight from the mapped data, a batch per statement.

Django's bulk_create spent most of ingest building its multi-row statement; new records need no
ids back (their works are already known), so one executemany of prepared rows does. How each
column becomes a parameter is worked out once per batch.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from json.encoder import encode_basestring_ascii
from operator import attrgetter
from typing import Any

from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone

from shuyun.catalog.clustering import Assignment
from shuyun.catalog.models import Record
from shuyun.catalog.records import RecordData
from shuyun.federation.models import Library

Column = Callable[[RecordData], Any]
Encoder = Callable[[Any], Any]
# List columns whose items are plain strings (the others hold objects).
STRING_LISTS = frozenset({"other_titles", "subjects", "clc", "isbns", "issns", "links"})


def insert_records(
    library: Library, records: list[RecordData], assignments: list[Assignment], origin: str
) -> None:
    """Insert `records` (new to `library`) into the works `assignments` chose, in one statement."""
    if not records:
        return
    columns = record_columns(library, origin)
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in [*columns, "work_id", "cluster_reason"])
    marks = ", ".join(["%s"] * (len(columns) + 2))
    values = list(columns.values())
    params = [
        [*(value(data) for value in values), assignment.work_id, assignment.reason]
        for data, assignment in zip(records, assignments, strict=True)
    ]
    table = quote(Record._meta.db_table)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def record_columns(library: Library, origin: str) -> dict[str, Column]:
    """For every Record column but the id and the work: how a new record's value is read."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    constants: dict[str, Any] = {
        "library_id": library.pk,
        "origin": origin,
        "deleted": False,
        "version": 1,
        "cluster_pinned": False,
        "created_at": now,
        "updated_at": now,
    }
    columns: dict[str, Column] = {}
    for model_field in Record._meta.concrete_fields:
        name = model_field.attname
        if model_field.primary_key or name in ("work_id", "cluster_reason"):
            continue
        if name in constants:
            columns[name] = partial(_constant, constants[name])
        elif isinstance(model_field, models.JSONField):
            columns[name] = _json_column(name)
        elif isinstance(model_field, models.DateTimeField):
            columns[name] = partial(_datetime, attrgetter(name), ops.adapt_datetimefield_value)
        else:
            columns[name] = attrgetter(name)
    return columns


def _json_column(name: str) -> Column:
    adapt = partial(connection.ops.adapt_json_value, encoder=None)
    empty = adapt([])
    if name == "creators":
        return partial(_creators, adapt, empty)
    # A backend that takes JSON as text (SQLite) gets lists of strings encoded without going
    # through json.dumps, which builds an encoder per call; others get their own adapter.
    as_text = type(connection.ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value
    encode = _strings_as_json if as_text and name in STRING_LISTS else adapt
    return partial(_json, attrgetter(name), encode, empty)


def _constant(value: Any, data: RecordData) -> Any:
    return value


def _json(
    getter: Callable[[RecordData], list[Any]], encode: Encoder, empty: Any, data: RecordData
) -> Any:
    value = getter(data)
    return encode(value) if value else empty


def _strings_as_json(values: list[str]) -> str:
    """What json.dumps makes of a list of strings, made faster."""
    return "[" + ", ".join(map(encode_basestring_ascii, values)) + "]"


def _creators(adapt: Callable[[Any], Any], empty: Any, data: RecordData) -> Any:
    if not data.creators:
        return empty
    return adapt([{"name": c.name, "role": c.role} for c in data.creators])


def _datetime(
    getter: Callable[[RecordData], Any], adapt: Callable[[Any], Any], data: RecordData
) -> Any:
    value = getter(data)
    return None if value is None else adapt(value)
