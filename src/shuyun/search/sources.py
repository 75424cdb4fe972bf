"""Where discovery reads the warehouse: the one module that calls `catalog.access`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from shuyun.catalog import access as catalog_access
from shuyun.catalog.documents import WorkDocument


def work_documents(work_ids: Iterable[int] | None = None) -> Iterator[WorkDocument]:
    """Documents of the given works (all works when None); deleted works are simply absent."""
    ids = list(work_ids) if work_ids is not None else None
    return catalog_access.work_documents(ids)
