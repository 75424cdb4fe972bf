"""Warehouse work clusters get identifiers automatically, under the network's root prefix.

The warehouse (`catalog`) sends `works_changed` after its transaction commits; a work that has no
identifier yet gets a minted one resolving to its page `/works/<id>/`, with the work id stored as
its link. Running it again for the same works registers nothing new.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from shuyun.identifiers import values
from shuyun.identifiers.access import Registrant
from shuyun.identifiers.models import Identifier, Prefix, ResourceType
from shuyun.identifiers.storage import insert_identifiers

logger = logging.getLogger(__name__)


def work_url(work_id: int) -> str:
    return f"/works/{work_id}/"


def register_work_identifiers(work_ids: list[int]) -> list[str]:
    """Give every work in `work_ids` that has none its identifier; returns the new handles."""
    root = Prefix.objects.select_related("library").filter(is_root=True).first()
    if root is None:
        logger.warning(
            "No root prefix configured: %d works left without identifiers", len(work_ids)
        )
        return []
    have = set(
        Identifier.objects.filter(
            resource_type=ResourceType.WORK, work_id__in=work_ids
        ).values_list("work_id", flat=True)
    )
    rows = [
        values.CleanInput(
            suffix="",
            title="",
            resource_type=ResourceType.WORK,
            sha256="",
            work_id=work_id,
            locations=[values.CleanLocation(work_url(work_id), root.library_id, 0)],
        )
        for work_id in sorted(set(work_ids) - have)
    ]
    if not rows:
        return []
    registrant = Registrant(library=root.library, user=None, via="warehouse")
    with transaction.atomic():
        return insert_identifiers(registrant, root, rows)


def on_works_changed(sender: Any, work_ids: list[int], **kwargs: Any) -> None:
    register_work_identifiers(list(work_ids))
