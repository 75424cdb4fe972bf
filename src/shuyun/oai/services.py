"""The provider's only write: counting each harvest request, per member library's key."""

from __future__ import annotations

from typing import Any

from shuyun.analytics.services import EventKind, record_event
from shuyun.federation.apikeys import ApiClient


def count_harvest(client: ApiClient | None, verb: str, **details: Any) -> None:
    """Record one OAI-PMH request as a HARVEST event, for the calling library when it gave a key.

    Anonymous harvests are counted too (without a library), so usage shows the whole load.
    """
    if client is not None:
        details["key"] = client.key_prefix
    record_event(EventKind.HARVEST, None, client.library if client else None, verb=verb, **details)
