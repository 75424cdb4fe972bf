"""Write path for link health: which locations to check next, and recording what was found."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shuyun.identifiers import access, values
from shuyun.identifiers.linkcheck import LinkResult
from shuyun.identifiers.models import Identifier, IdentifierStatus, Location


def locations_due(limit: int) -> list[tuple[int, str]]:
    """Active identifiers' absolute locations, those never or least recently checked first."""
    due = (
        Location.objects.filter(identifier__status=IdentifierStatus.ACTIVE)
        .filter(url__startswith="http")
        .order_by(F("last_checked_at").asc(nulls_first=True), "pk")
    )
    return list(due.values_list("pk", "url")[:limit])


def record_link_results(results: list[LinkResult]) -> int:
    """Store each location's status and refresh the resolution order of the identifiers whose
    broken flags changed; returns how many identifiers now resolve differently."""
    now = timezone.now()
    by_id = {result.location_id: result for result in results}
    with transaction.atomic():
        locations = list(Location.objects.filter(pk__in=by_id).select_for_update())
        changed_identifiers = set()
        for location in locations:
            result = by_id[location.pk]
            if location.broken != result.broken:
                changed_identifiers.add(location.identifier_id)
            location.broken, location.last_status = result.broken, result.status
            location.last_error, location.last_checked_at = result.error, now
        Location.objects.bulk_update(
            locations, ["broken", "last_status", "last_error", "last_checked_at"], batch_size=500
        )
        _refresh_targets(changed_identifiers)
    return len(changed_identifiers)


def _refresh_targets(identifier_ids: set[int]) -> None:
    identifiers = list(
        Identifier.objects.filter(pk__in=identifier_ids).prefetch_related("locations")
    )
    for identifier in identifiers:
        identifier.targets = values.targets_for(list(identifier.locations.all()))
    Identifier.objects.bulk_update(identifiers, ["targets"], batch_size=500)
    access.forget_resolutions_on_commit(identifier.handle for identifier in identifiers)
