"""Batch lookups by many keys, for ingest.

Django's `__in` lookup prepares each of a batch's thousands of values in Python, several times
what the database takes to answer; ingest passes them as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection


def select_in(sql: str, values: Sequence[Any], *params: Any) -> list[tuple[Any, ...]]:
    """The rows of `sql`, whose `{marks}` stands for `values` (after `params`) as parameters."""
    if not values:
        return []
    marks = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(marks=marks), [*params, *values])
        return cursor.fetchall()
