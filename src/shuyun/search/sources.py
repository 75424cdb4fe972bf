"""Where discovery reads the warehouse: the one module that calls `catalog.access`.

The warehouse (issue 3) provides `catalog.access.work_documents(work_ids=None)`; until it lands on
main this module finds it at run time, and `catalog_available()` says whether it is there. When it
has landed, replace the import_module line with `from shuyun.catalog import access`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import Any

from shuyun.catalog.documents import WorkDocument

CATALOG_ACCESS = "shuyun.catalog.access"


def _catalog_access() -> Any:
    return importlib.import_module(CATALOG_ACCESS)


def catalog_available() -> bool:
    try:
        return hasattr(_catalog_access(), "work_documents")
    except ImportError:
        return False


def work_documents(work_ids: Iterable[int] | None = None) -> Iterator[WorkDocument]:
    """Documents of the given works (all works when None); deleted works are simply absent."""
    ids = list(work_ids) if work_ids is not None else None
    documents: Iterator[WorkDocument] = _catalog_access().work_documents(work_ids=ids)
    return documents
