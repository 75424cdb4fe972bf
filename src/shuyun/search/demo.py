"""The search part of `shuyun demo`: index whatever the warehouse holds."""

from __future__ import annotations

from shuyun.search import services, sources


def load_index() -> int | None:
    """Rebuild the index from the warehouse; None when the warehouse is not installed."""
    if not sources.catalog_available():
        return None
    return services.rebuild_index()
