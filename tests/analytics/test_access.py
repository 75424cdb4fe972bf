"""A person's own events, as their data export reads them: theirs only, oldest first."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from shuyun.accounts.models import Role
from shuyun.analytics import access
from shuyun.analytics.models import EventKind
from shuyun.analytics.services import record_event


def test_events_of_is_the_persons_own(network, person, django_capture_on_commit_callbacks):
    reader, other = person(Role.READER, "ZJ-SX"), person(Role.READER, "HB")
    with django_capture_on_commit_callbacks(execute=True):
        record_event(EventKind.SEARCH, reader, network["ZJ-SX"], q="鲁迅")
        record_event(EventKind.SEARCH, other, network["HB"], q="红楼梦")
        record_event(EventKind.READ, reader, network["ZJ-SX"], reader, chapter=2)
        record_event(EventKind.SEARCH, None, network["ZJ-SX"], q="anonymous")
    own = list(access.events_of(reader))
    assert [event.kind for event in own] == [EventKind.SEARCH, EventKind.READ]
    assert own[0].details == {"q": "鲁迅"}
    assert not access.events_of(AnonymousUser()).exists()
