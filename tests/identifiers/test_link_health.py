"""`shuyun identifiers check-links` against a real HTTP server on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from shuyun.accounts.models import Role
from shuyun.identifiers import linkcheck, services
from shuyun.identifiers.models import Location
from shuyun.identifiers.values import LocationInput
from tests.identifiers.conftest import an_object


class _Library(BaseHTTPRequestHandler):
    """/ok answers; /gone is 404; /no-head refuses HEAD but answers GET; /moved redirects."""

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/no-head":
            self.send_response(405)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response(200 if self.path == "/ok" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        body = b"x" * 100_000
        self.send_response(200 if self.path in ("/ok", "/no-head") else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Library)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_check_url_head_then_get(server):
    assert linkcheck.check_url(1, f"{server}/ok", 5).status == 200
    assert linkcheck.check_url(1, f"{server}/no-head", 5).status == 200
    assert linkcheck.check_url(1, f"{server}/moved", 5).status == 200
    gone = linkcheck.check_url(1, f"{server}/gone", 5)
    assert gone.broken and gone.error == "HTTP 404"
    closed = linkcheck.check_url(1, "http://127.0.0.1:9/", 2)
    assert closed.broken and closed.status is None and closed.error


def test_broken_locations_are_marked_shown_and_skipped(
    server, client, prefixes, registrant, person, capsys
):
    data = an_object(f"{server}/gone")
    data.locations.append(LocationInput(f"{server}/no-head", priority=1))
    identifier = services.register_identifier(registrant("ZJ-SX"), data).identifier
    services.register_identifier(registrant("HB"), an_object(f"{server}/ok"))
    call_command("identifiers", "check-links", "--timeout", "5", "--concurrency", "2")
    assert "checked 3 locations: 1 broken, 1 identifiers re-ordered" in capsys.readouterr().out
    assert Location.objects.get(url=f"{server}/gone").broken
    assert client.get(f"/id/{identifier.handle}")["Location"] == f"{server}/no-head"
    client.force_login(person(Role.LIBRARIAN, "ZJ-SX"))
    page = client.get("/console/identifiers/").content.decode()
    assert 'data-testid="broken"' in page and f"{server}/gone" in page
    client.force_login(person(Role.LIBRARIAN, "HB"))
    assert f"{server}/gone" not in client.get("/console/identifiers/").content.decode()
