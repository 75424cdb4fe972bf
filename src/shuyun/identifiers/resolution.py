"""Choosing where an identifier resolves to, and its values in the Handle REST API's shape."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

from django.http import HttpRequest

from shuyun.identifiers.models import Identifier, Location

HANDLE_TTL = 86400
# Handle REST API response codes (Handle.net technical manual, "HS REST API").
RC_SUCCESS = 1
RC_HANDLE_NOT_FOUND = 100
RC_VALUES_NOT_FOUND = 200


def best_target(targets: list[dict[str, Any]], branch_library: Callable[[], int | None]) -> str:
    """The branch site's own library's copy first, else the best priority; skip known-broken
    locations unless every location is broken (the check may be out of date, so try anyway)."""
    working = [target for target in targets if not target["broken"]] or targets
    if len(working) > 1:
        branch = branch_library()
        for target in working:
            if branch is not None and target["library"] == branch:
                return str(target["url"])
    return str(working[0]["url"])


def _value(index: int, kind: str, data: str | int, timestamp: str) -> dict[str, Any]:
    return {
        "index": index,
        "type": kind,
        "data": {"format": "string", "value": data},
        "ttl": HANDLE_TTL,
        "timestamp": timestamp,
    }


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url) if url.startswith("/") else url


def handle_values(
    request: HttpRequest, identifier: Identifier, locations: list[Location]
) -> list[dict[str, Any]]:
    """URL values at indexes 1…n by priority (broken ones left out), the others from 100 on."""
    stamp = identifier.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    working = [loc for loc in locations if not loc.broken] or locations
    found = [
        _value(index, "URL", _absolute(request, loc.url), stamp)
        for index, loc in enumerate(working, start=1)
    ]
    extra: list[tuple[str, str | int]] = [
        ("STATUS", identifier.status),
        ("RESOURCE_TYPE", identifier.resource_type),
    ]
    if identifier.title:
        extra.append(("TITLE", identifier.title))
    if identifier.sha256:
        extra.append(("CHECKSUM", f"sha256:{identifier.sha256}"))
    if identifier.work_id is not None:
        extra.append(("WORK", _absolute(request, f"/works/{identifier.work_id}/")))
    if identifier.withdrawn_reason:
        extra.append(("WITHDRAWN_REASON", identifier.withdrawn_reason))
    found += [_value(100 + n, kind, data, stamp) for n, (kind, data) in enumerate(extra)]
    return found


def handle_record(
    request: HttpRequest, identifier: Identifier, locations: list[Location]
) -> dict[str, Any]:
    """The body of GET /api/handles/<handle>, honouring its `type` and `index` filters."""
    found = handle_values(request, identifier, locations)
    types = {kind.upper() for kind in request.GET.getlist("type")}
    indexes = {int(i) for i in request.GET.getlist("index") if i.isdigit()}
    if types:
        found = [value for value in found if value["type"] in types]
    if indexes:
        found = [value for value in found if value["index"] in indexes]
    if not found:
        return {"responseCode": RC_VALUES_NOT_FOUND, "handle": identifier.handle}
    return {"responseCode": RC_SUCCESS, "handle": identifier.handle, "values": found}
