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


@pytest.mark.django_db(transaction=True)
def test_batched_events_are_written_after_commit_and_none_is_lost(network, operator, settings):
    from django.db import transaction

    from shuyun.analytics.services import flush_events

    settings.SHUYUN_EVENT_BATCH_SIZE = 5
    settings.SHUYUN_EVENT_FLUSH_SECONDS = 3600  # only size, flush_events() and exit write here
    searches = Event.objects.filter(kind=EventKind.SEARCH)
    with pytest.raises(RuntimeError), transaction.atomic():
        for n in range(3):
            record_event(EventKind.SEARCH, operator, network["ZJ-SX"], n=-n)
        raise RuntimeError("roll back")
    assert flush_events() == 0  # rolled back: never queued
    with transaction.atomic():
        for n in range(7):
            record_event(EventKind.SEARCH, operator, network["ZJ-SX"], n=n)
        assert not searches.exists()  # nothing before the commit
    assert searches.count() == 5  # the fifth committed event wrote the first batch
    assert flush_events() == 2
    assert sorted(e.details["n"] for e in searches) == list(range(7))


@pytest.mark.django_db(transaction=True)
def test_a_lone_event_is_written_by_the_timer(network, operator, settings):
    import time

    settings.SHUYUN_EVENT_BATCH_SIZE = 1000
    settings.SHUYUN_EVENT_FLUSH_SECONDS = 0.05
    record_event(EventKind.SEARCH, operator, network["ZJ-SX"], q="孔乙己")
    for _ in range(200):  # the timer thread writes it; wait for it, however slow the machine
        if Event.objects.filter(kind=EventKind.SEARCH).exists():
            break
        time.sleep(0.05)
    assert Event.objects.get(kind=EventKind.SEARCH).details == {"q": "孔乙己"}


SERVER_SETUP = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
from shuyun.accounts.models import Role, User
from shuyun.federation import demo
from shuyun.identifiers import delegation, services
from shuyun.identifiers.access import Registrant
from shuyun.identifiers.values import IdentifierInput, LocationInput
operator = User.objects.create_user("op", role=Role.PLATFORM_OPERATOR)
nlc = next(lib for lib in demo.load_network(operator) if lib.code == "NLC")
delegation.configure_root_prefix(operator, "20.500.1", nlc)
data = IdentifierInput(locations=[LocationInput("https://nlc.example.org/1")])
print(services.register_identifier(Registrant(nlc, None, "test"), data).identifier.handle)
"""


def test_queued_events_are_written_when_the_server_stops(tmp_path):
    """A real `shuyun serve` with a large batch resolves twice and is sent SIGTERM."""
    import http.client
    import os
    import socket
    import sqlite3
    import subprocess
    import sys
    import time
    from pathlib import Path

    env = {
        **os.environ,
        "SHUYUN_DATA_DIR": str(tmp_path),
        "SHUYUN_EVENT_BATCH_SIZE": "1000",
        "SHUYUN_EVENT_FLUSH_SECONDS": "3600",
    }
    env.pop("SHUYUN_DATABASE_URL", None)
    shuyun = str(Path(sys.executable).parent / "shuyun")
    setup = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [shuyun, "shell", "-c", SERVER_SETUP], env=env, check=True, capture_output=True, text=True
    )
    handle = setup.stdout.split()[-1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([shuyun, "serve", "--port", str(port)], env=env)  # noqa: S603
    try:
        for _ in range(300):  # until it listens, however slow the machine
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(2):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", f"/id/{handle}")
            assert connection.getresponse().status == 302
            connection.close()
    finally:
        server.terminate()
        assert server.wait(timeout=60) == 0
    with sqlite3.connect(tmp_path / "shuyun.sqlite3") as db:
        kinds = db.execute("SELECT details FROM analytics_event WHERE kind = 'resolve'").fetchall()
    assert len(kinds) == 2 and all('"how": "redirect"' in row[0] for row in kinds)
