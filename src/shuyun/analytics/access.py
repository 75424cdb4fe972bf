"""Reads of the event log that other apps may make, scoped to whom they concern."""

from __future__ import annotations

from django.db.models import QuerySet

from shuyun.analytics.models import Event


def events_of(person: object) -> QuerySet[Event]:
    """The events a person did themselves (oldest first), for their own data export;
    nothing for an anonymous visitor."""
    if not getattr(person, "is_authenticated", False):
        return Event.objects.none()
    return (
        Event.objects.filter(actor_id=getattr(person, "pk", None))
        .select_related("library")
        .order_by("occurred_at", "pk")
    )
