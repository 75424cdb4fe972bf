"""Writing new identifiers in bulk: rows go to the database as parameter tuples.

Batches of up to 100,000 identifiers are the common case. Building a model instance per row and
letting bulk_create compile SQL for every value cost far more than the database's own work, so
new identifiers, their locations and first versions are written with the DB-API cursor's
`executemany`: one prepared INSERT per table, the same code on SQLite and PostgreSQL. Values that
need converting (times, JSON) go through their field's own `get_db_prep_save`, so backend
differences stay Django's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from shuyun.identifiers import naming, values
from shuyun.identifiers.access import Registrant
from shuyun.identifiers.models import (
    Identifier,
    IdentifierStatus,
    IdentifierVersion,
    Location,
    Prefix,
)

IDENTIFIER_COLUMNS = (
    "prefix",
    "library",
    "handle",
    "suffix",
    "minted",
    "title",
    "resource_type",
    "sha256",
    "work_id",
    "status",
    "withdrawn_reason",
    "needs_confirmation",
    "targets",
    "version",
    "created_at",
    "updated_at",
)
LOCATION_COLUMNS = ("identifier", "url", "library", "priority", "broken", "last_error")
ROWS_PER_STATEMENT = 500
MAX_PARAMS_WITHOUT_LIMIT = 65_535  # PostgreSQL binds at most this many per statement
VERSION_COLUMNS = ("identifier", "number", "changed_at", "actor", "via", "change", "values")


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # noqa: S101 - the names above are concrete fields
    return field


def _insert_many(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    """INSERT the rows, many to a statement (as many as the database binds at once), the
    statements run by one executemany and the remainder by one execute."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_field(model, name).column) for name in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = min(ROWS_PER_STATEMENT, _max_params() // len(fields))
    flat = [value for row in rows for value in row]
    width = per_statement * len(fields)
    full = len(flat) - len(flat) % width
    # Table and column names come from the models, never from input.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        if full:
            statement = sql + ", ".join([one_row] * per_statement)
            cursor.executemany(statement, [flat[i : i + width] for i in range(0, full, width)])
        if rest := flat[full:]:
            cursor.execute(sql + ", ".join([one_row] * (len(rest) // len(fields))), rest)


def _max_params() -> int:
    return connection.features.max_query_params or MAX_PARAMS_WITHOUT_LIMIT


def _preparer(model: type[models.Model], name: str) -> Callable[[Any], Any]:
    """The field's own conversion to a database value, bound to the connection once."""
    return functools.partial(
        _field(model, name).get_db_prep_save, connection=transaction.get_connection()
    )


def _reserve_counters(prefix: Prefix, count: int) -> Iterator[int]:
    if not count:
        return iter(())
    locked = Prefix.objects.select_for_update().get(pk=prefix.pk)
    start = locked.mint_counter + 1
    Prefix.objects.filter(pk=prefix.pk).update(mint_counter=locked.mint_counter + count)
    return iter(range(start, start + count))


def _mint_offset(prefix: Prefix) -> int:
    # A different starting point per prefix, so two libraries' first mints do not look alike.
    return (prefix.pk * 2_654_435_761) % naming.MINT_SPACE


def _suffixes(prefix: Prefix, rows: list[values.CleanInput]) -> list[str]:
    counters = _reserve_counters(prefix, sum(1 for row in rows if not row.suffix))
    offset = _mint_offset(prefix)
    return [row.suffix or naming.mint(prefix.name, next(counters), offset) for row in rows]


def insert_identifiers(
    registrant: Registrant, prefix: Prefix, rows: list[values.CleanInput]
) -> list[str]:
    """Insert checked rows with their locations and first versions; returns their handles in
    order. Call inside a transaction (the caller has checked duplicates; the unique constraints
    still guard against a concurrent registration)."""
    now = timezone.now()
    suffixes = _suffixes(prefix, rows)
    handles = [f"{prefix.name}/{suffix}" for suffix in suffixes]
    when = _preparer(Identifier, "created_at")(now)
    targets = _preparer(Identifier, "targets")
    _insert_many(
        Identifier,
        IDENTIFIER_COLUMNS,
        (
            (
                prefix.pk,
                prefix.library_id,
                handle,
                suffix,
                not row.suffix,
                row.title,
                row.resource_type,
                row.sha256,
                row.work_id,
                IdentifierStatus.ACTIVE.value,
                "",
                row.needs_confirmation,
                targets(values.targets_for(row.locations)),
                1,
                when,
                when,
            )
            for handle, suffix, row in zip(handles, suffixes, rows, strict=True)
        ),
    )
    ids = _ids_of_new(prefix, now)
    _insert_locations([ids[handle] for handle in handles], rows)
    _insert_first_versions(registrant, [ids[handle] for handle in handles], handles, rows, now)
    return handles


def _ids_of_new(prefix: Prefix, now: datetime) -> dict[str, int]:
    # Every row just inserted has this library and creation time (one indexed query instead of
    # one per chunk of handles); a row of another batch at the very same instant is ignored by
    # the caller, which looks up only its own handles.
    found = Identifier.objects.filter(library_id=prefix.library_id, created_at=now)
    return dict(found.values_list("handle", "pk"))


def _insert_locations(ids: list[int], rows: list[values.CleanInput]) -> None:
    _insert_many(
        Location,
        LOCATION_COLUMNS,
        (
            (pk, loc.url, loc.library_id, loc.priority, False, "")
            for pk, row in zip(ids, rows, strict=True)
            for loc in row.locations
        ),
    )


def _insert_first_versions(
    registrant: Registrant,
    ids: list[int],
    handles: list[str],
    rows: list[values.CleanInput],
    now: datetime,
) -> None:
    when = _preparer(IdentifierVersion, "changed_at")(now)
    snapshot = _preparer(IdentifierVersion, "values")
    actor_id = registrant.user.pk if registrant.user is not None else None
    _insert_many(
        IdentifierVersion,
        VERSION_COLUMNS,
        (
            (
                pk,
                1,
                when,
                actor_id,
                registrant.via,
                "register",
                snapshot(values.first_snapshot(handle, row)),
            )
            for pk, handle, row in zip(ids, handles, rows, strict=True)
        ),
    )
