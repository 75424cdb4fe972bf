"""Limit/offset paging for the API's short lists, with both numbers bounded.

Unbounded numbers reach the database as LIMIT/OFFSET and overflow its 64-bit integers (a 500
that fuzzing found); out-of-range values are a 422 like any other bad parameter.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
