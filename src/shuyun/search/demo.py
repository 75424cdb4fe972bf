"""The search part of `shuyun demo`: index whatever the warehouse holds."""

from __future__ import annotations

from shuyun.search import services


def load_index() -> int:
    """Rebuild the index from the warehouse (after the catalog's demo records are loaded)."""
    return services.rebuild_index()
