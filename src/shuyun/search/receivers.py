"""Keeping the index current: the warehouse's `works_changed` arrives after its commit."""

from __future__ import annotations

from typing import Any

from shuyun.search import services


def reindex_changed_works(sender: Any, work_ids: list[int], **kwargs: Any) -> None:
    services.reindex_works(work_ids)
