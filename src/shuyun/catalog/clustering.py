"""Work clustering: which work a record belongs to, and why, decided for a whole batch at once.

A record with an ISBN joins the work that owns one of its ISBNs; a record without one joins the
work that owns its fingerprint (folded title, first creator, year, publisher). Otherwise it starts
a new work. Every record registers its keys, so later records from other libraries find the work.
The reason is stored as a short code (`explain_reason` renders it for people).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyun.catalog.fingerprint import fingerprint_key, isbn_key
from shuyun.catalog.models import Work, WorkKey
from shuyun.catalog.records import RecordData
from shuyun.catalog.sql import select_in

NEW_WORK = "new"
SAME_FINGERPRINT = "fingerprint"
ISBN_PREFIX = "isbn:"
# Through the unique index of keys.
OWNERS_SQL = 'SELECT "key", work_id FROM catalog_workkey WHERE "key" IN ({marks})'
# Two parameters a row: under SQLite's historical limit of 999 parameters a statement.
WORKS_PER_STATEMENT = 499


@dataclass
class Assignment:
    work_id: int
    reason: str


@dataclass
class _Pending:
    """A new work not yet written; records later in the batch may already join it."""

    index: int


def match_keys(record: RecordData) -> tuple[list[str], str]:
    return [isbn_key(isbn) for isbn in record.isbns], fingerprint_key(record)


def _match(
    isbn_keys: list[str], fp_key: str, owners: dict[str, int | _Pending]
) -> tuple[int | _Pending | None, str]:
    if isbn_keys:
        hit = next((key for key in isbn_keys if key in owners), None)
        return (owners[hit], hit) if hit else (None, NEW_WORK)
    if fp_key in owners:
        return owners[fp_key], SAME_FINGERPRINT
    return None, NEW_WORK


def assign_works(records: list[RecordData]) -> list[Assignment]:
    """The work of each record (creating works as needed), in the order given. Three queries."""
    keys = [match_keys(record) for record in records]
    wanted = {key for isbn_keys, fp_key in keys for key in (*isbn_keys, fp_key)}
    owners: dict[str, int | _Pending] = dict(select_in(OWNERS_SQL, list(wanted)))
    known = set(owners)
    choices: list[tuple[int | _Pending, str]] = []
    pending = 0
    for isbn_keys, fp_key in keys:
        owner, reason = _match(isbn_keys, fp_key, owners)
        if owner is None:
            owner, pending = _Pending(pending), pending + 1
        for key in (*isbn_keys, fp_key):
            owners.setdefault(key, owner)
        choices.append((owner, reason))
    created = create_works(pending)

    def resolve(owner: int | _Pending) -> int:
        return created[owner.index] if isinstance(owner, _Pending) else owner

    _register_keys([(key, resolve(owner)) for key, owner in owners.items() if key not in known])
    return [Assignment(resolve(owner), reason) for owner, reason in choices]


def create_works(count: int) -> list[int]:
    """Ids of `count` new works, from multi-row INSERT … RETURNING (SQLite 3.35+, PostgreSQL).

    Written by hand because bulk_create's statement building cost a tenth of ingest; works are
    interchangeable, so the order the ids come back in does not matter.
    """
    table, created, updated, pk = (
        connection.ops.quote_name(n)
        for n in (Work._meta.db_table, "created_at", "updated_at", "id")
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, count, WORKS_PER_STATEMENT):
            rows = min(WORKS_PER_STATEMENT, count - start)
            values = ", ".join(["(%s, %s)"] * rows)
            cursor.execute(
                f"INSERT INTO {table} ({created}, {updated}) VALUES {values} RETURNING {pk}",  # noqa: S608
                [now] * (2 * rows),
            )
            ids += [row[0] for row in cursor.fetchall()]
    return ids


def _register_keys(pairs: list[tuple[str, int]]) -> None:
    """Add (key, work) pairs; a key another batch registered meanwhile keeps its first work."""
    if not pairs:
        return
    table, key, work = (
        connection.ops.quote_name(n) for n in (WorkKey._meta.db_table, "key", "work_id")
    )
    # ON CONFLICT DO NOTHING is understood alike by SQLite (3.24+) and PostgreSQL.
    sql = f"INSERT INTO {table} ({key}, {work}) VALUES (%s, %s) ON CONFLICT DO NOTHING"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, pairs)


def explain_reason(reason: str) -> str:
    """What a stored cluster reason means, in the reader's language."""
    if reason.startswith(ISBN_PREFIX):
        return _("same ISBN %(isbn)s") % {"isbn": reason.removeprefix(ISBN_PREFIX)}
    texts = {
        NEW_WORK: _("first record of this work"),
        SAME_FINGERPRINT: _("same title, first creator, year and publisher"),
        "split": _("split off by an operator"),
        "merge": _("merged by an operator"),
    }
    return texts.get(reason, reason)
