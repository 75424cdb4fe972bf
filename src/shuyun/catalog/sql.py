"""Batch lookups by many keys, for ingest.

Django's `__in` lookup prepares each of a batch's thousands of values in Python, several times
what the database takes to answer; ingest passes them as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

IN_LIST_STEP = 256


def select_in(sql: str, values: Sequence[Any], *params: Any) -> list[tuple[Any, ...]]:
    """The rows of `sql`, whose `{marks}` stands for `values` (after `params`) as parameters.

    The list is padded (with its last value, which changes nothing) to a multiple of
    `IN_LIST_STEP`, so a batch's statements repeat: the driver reuses prepared statements instead
    of keeping one of some thousand parameters for every list length it has seen.
    """
    if not values:
        return []
    padded = [*values, *[values[-1]] * (-len(values) % IN_LIST_STEP)]
    marks = ", ".join(["%s"] * len(padded))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(marks=marks), [*params, *padded])
        return cursor.fetchall()
