from __future__ import annotations

import pytest

from shuyun.analytics.models import Event, EventKind
from shuyun.analytics.services import record_event
from tests.conftest import TEST_PASSWORD


@pytest.mark.django_db(transaction=True)
def test_event_is_written_only_when_the_transaction_commits(network, operator):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(EventKind.SEARCH, operator, network["ZJ-SX"], q="鲁迅")
        raise RuntimeError("roll back")
    assert not Event.objects.filter(kind=EventKind.SEARCH).exists()
    with transaction.atomic():
        record_event(EventKind.SEARCH, operator, network["ZJ-SX"], q="鲁迅")
    event = Event.objects.get(kind=EventKind.SEARCH)
    assert (event.actor, event.library.code, event.details) == (operator, "ZJ-SX", {"q": "鲁迅"})


def test_sign_ins_and_failures_are_recorded(
    client, network, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/console/sign-in/", {"username": "operator", "password": "nope"})
        client.post("/console/sign-in/", {"username": "operator", "password": TEST_PASSWORD})
    failed = Event.objects.get(kind=EventKind.SIGN_IN_FAILED)
    assert failed.details == {"username": "operator"} and failed.actor is None
    signed_in = Event.objects.get(kind=EventKind.SIGN_IN)
    assert signed_in.actor == operator and signed_in.library.code == "NLC"
