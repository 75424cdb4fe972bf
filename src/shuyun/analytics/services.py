"""The one way any part of Shuyun records a service event.

Events are many (a resolution, a page view, an API call each record one) and read only in
aggregate, so they are written in batches: `record_event` queues the event when the surrounding
transaction commits, and the queue is written with one bulk INSERT when it holds
`SHUYUN_EVENT_BATCH_SIZE` events, when its oldest event has waited `SHUYUN_EVENT_FLUSH_SECONDS`
(a timer thread), when `flush_events()` is called, and when the process exits. A rolled-back
change never reaches the queue. With a batch size of 1 every event is written at once.
"""

from __future__ import annotations

import atexit
import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connections, models, transaction
from django.utils import timezone

from shuyun.analytics.models import Event, EventKind

__all__ = ["EventKind", "flush_events", "record_event"]

logger = logging.getLogger(__name__)


class _EventQueue:
    """Committed events waiting to be written, shared by the threads of one process."""

    def __init__(self) -> None:
        self._events: list[Event] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def add(self, event: Event) -> None:
        with self._lock:
            self._events.append(event)
            due = len(self._events) >= settings.SHUYUN_EVENT_BATCH_SIZE
            batch = self._take() if due else []
            if not due and self._timer is None:
                self._timer = threading.Timer(
                    settings.SHUYUN_EVENT_FLUSH_SECONDS, self._flush_from_timer
                )
                self._timer.daemon = True
                self._timer.start()
        _write(batch)

    def flush(self) -> int:
        with self._lock:
            batch = self._take()
        _write(batch)
        return len(batch)

    def _take(self) -> list[Event]:
        # Called with the lock held: hand the queue over and stop its timer.
        batch, self._events = self._events, []
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        return batch

    def _flush_from_timer(self) -> None:
        try:
            self.flush()
        finally:
            connections.close_all()  # this thread's connections only; the thread ends here


def _write(batch: list[Event]) -> None:
    if not batch:
        return
    try:
        Event.objects.bulk_create(batch)
    except Exception:  # analytics must never fail the request that happened to fill the queue
        logger.exception("Could not write %d service events", len(batch))


_queue = _EventQueue()
atexit.register(_queue.flush)


def flush_events() -> int:
    """Write every queued event now (commands and tests call it; it also runs at exit)."""
    return _queue.flush()


def record_event(
    kind: EventKind,
    actor: Any,
    library: Any,
    obj: models.Model | None = None,
    **details: Any,
) -> None:
    """Record that `actor` (a user, or None/anonymous) did `kind` at `library` on `obj`.

    The event is queued after the surrounding transaction commits, so a rolled-back change leaves
    no trace in the analysis; outside a transaction it is queued at once. See the module
    docstring for when queued events are written.
    """
    event = Event(
        kind=kind,
        occurred_at=timezone.now(),
        actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
        library_id=library.pk if library is not None else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        details=details,
    )
    transaction.on_commit(lambda: _queue.add(event))
