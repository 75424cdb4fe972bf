"""The monthly per-prefix report (as DOI registration agencies send their members)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from shuyun.analytics.models import Event, EventKind
from shuyun.identifiers.access import prefixes_in_scope
from shuyun.identifiers.models import Identifier, IdentifierStatus, Location


@dataclass(frozen=True)
class PrefixMonth:
    prefix: str
    library: str
    resolutions: int
    identifiers_resolved: int
    registered: int
    active: int
    withdrawn: int
    broken_locations: int


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime(year, month, 1))  # noqa: DTZ001 - made aware here
    following = datetime(year + month // 12, month % 12 + 1, 1)  # noqa: DTZ001
    return start, timezone.make_aware(following)


def monthly_prefix_report(user: object, year: int, month: int) -> list[PrefixMonth]:
    """One row per prefix the user may see: that month's resolutions and registrations, and
    the totals at the time of asking. A prefix belongs to one library, so resolutions are the
    events recorded for that library."""
    start, end = month_bounds(year, month)
    prefixes = list(prefixes_in_scope(user).order_by("name"))
    library_ids = [prefix.library_id for prefix in prefixes]
    in_month = Q(occurred_at__gte=start, occurred_at__lt=end)
    resolved = {
        row["library_id"]: row
        for row in Event.objects.filter(
            in_month, kind=EventKind.RESOLVE, library_id__in=library_ids
        )
        .values("library_id")
        .annotate(n=Count("pk"), distinct=Count("object_id", distinct=True))
    }
    counts = {
        row["library_id"]: row
        for row in Identifier.objects.filter(library_id__in=library_ids)
        .values("library_id")
        .annotate(
            registered=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
            active=Count("pk", filter=Q(status=IdentifierStatus.ACTIVE)),
            withdrawn=Count("pk", filter=Q(status=IdentifierStatus.WITHDRAWN)),
        )
    }
    broken = dict(
        Location.objects.filter(broken=True, identifier__library_id__in=library_ids)
        .values("identifier__library_id")
        .annotate(n=Count("pk"))
        .values_list("identifier__library_id", "n")
    )
    return [
        PrefixMonth(
            prefix=prefix.name,
            library=prefix.library.name_zh,
            resolutions=resolved.get(prefix.library_id, {}).get("n", 0),
            identifiers_resolved=resolved.get(prefix.library_id, {}).get("distinct", 0),
            registered=counts.get(prefix.library_id, {}).get("registered", 0),
            active=counts.get(prefix.library_id, {}).get("active", 0),
            withdrawn=counts.get(prefix.library_id, {}).get("withdrawn", 0),
            broken_locations=broken.get(prefix.library_id, 0),
        )
        for prefix in prefixes
    ]


def top_identifiers(
    library_id: int, year: int, month: int, limit: int = 10
) -> list[tuple[str, int]]:
    """The most resolved identifiers of one library in the month."""
    start, end = month_bounds(year, month)
    rows = list(
        Event.objects.filter(
            kind=EventKind.RESOLVE,
            library_id=library_id,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .values("object_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[:limit]
    )
    handles = dict(
        Identifier.objects.filter(pk__in=[int(row["object_id"]) for row in rows]).values_list(
            "pk", "handle"
        )
    )
    return [(handles.get(int(row["object_id"]), "?"), row["n"]) for row in rows]
