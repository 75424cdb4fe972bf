"""The one way any part of Shuyun records a service event."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from shuyun.analytics.models import Event, EventKind

__all__ = ["EventKind", "record_event"]


def record_event(
    kind: EventKind,
    actor: Any,
    library: Any,
    obj: models.Model | None = None,
    **details: Any,
) -> None:
    """Record that `actor` (a user, or None/anonymous) did `kind` at `library` on `obj`.

    The row is written after the surrounding transaction commits, so a rolled-back change leaves
    no trace in the analysis; outside a transaction it is written at once.
    """
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    library_id = library.pk if library is not None else None
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    occurred_at = timezone.now()

    def write() -> None:
        Event.objects.create(
            kind=kind,
            occurred_at=occurred_at,
            actor_id=actor_id,
            library_id=library_id,
            object_type=object_type,
            object_id=object_id,
            details=details,
        )

    transaction.on_commit(write)
