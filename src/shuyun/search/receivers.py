"""Keeping the index current: the warehouse's `works_changed` arrives after its commit."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from shuyun.search import services


def reindex_changed_works(sender: Any, work_ids: list[int], **kwargs: Any) -> None:
    # The warehouse sends this after its commit; should a sender ever be inside a transaction,
    # on_commit still keeps a rolled-back change out of the index.
    ids = list(work_ids)
    transaction.on_commit(lambda: services.reindex_works(ids))
