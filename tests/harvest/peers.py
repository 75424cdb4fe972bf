"""Real HTTP peers on loopback for the harvester: a replay of recorded responses, pyoai's server."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

Query = frozenset[tuple[str, str]]


def query_of(text: str) -> Query:
    return frozenset(parse_qsl(text.split("?", 1)[-1], keep_blank_values=True))


@dataclass
class Reply:
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Replay:
    """Recorded responses by request; a list of replies is served in turn, the last one sticks."""

    routes: dict[Query, list[Reply]] = field(default_factory=dict)
    requests: list[Query] = field(default_factory=list)

    def add(self, query: str, *replies: Reply) -> None:
        self.routes[query_of(query)] = list(replies)

    def answer(self, query: Query) -> Reply:
        self.requests.append(query)
        replies = self.routes.get(query)
        if not replies:
            return Reply(b"not recorded", 404)
        return replies.pop(0) if len(replies) > 1 else replies[0]


@contextmanager
def serving_replay(replay: Replay) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            reply = replay.answer(query_of(urlsplit(self.path).query))
            self.send_response(reply.status)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/oai"
    finally:
        server.shutdown()
        server.server_close()


# --- pyoai's server ---------------------------------------------------------------------------


@dataclass
class Item:
    identifier: str
    datestamp: datetime
    fields: dict[str, list[str]]
    deleted: bool = False
    sets: list[str] = field(default_factory=list)


class Repository:
    """The IOAI interface pyoai's server asks: a small repository of items held in memory."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items

    def identify(self) -> Any:
        from oaipmh import common

        return common.Identify(
            repositoryName="Shuyun test repository",
            baseURL="http://127.0.0.1/oai",
            protocolVersion="2.0",
            adminEmails=["oai@example.org"],
            earliestDatestamp=datetime(2000, 1, 1),  # noqa: DTZ001 - pyoai works in naive UTC
            deletedRecord="persistent",
            granularity="YYYY-MM-DDThh:mm:ssZ",
            compression=["identity"],
        )

    def listMetadataFormats(self, identifier: str | None = None) -> list[tuple[str, str, str]]:  # noqa: N802
        return [
            (
                "oai_dc",
                "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                "http://www.openarchives.org/OAI/2.0/oai_dc/",
            )
        ]

    def listSets(self) -> list[tuple[str, str, None]]:  # noqa: N802
        specs = sorted({s for item in self.items for s in item.sets})
        return [(spec, spec.title(), None) for spec in specs]

    def _matching(
        self, set: str | None, from_: datetime | None, until: datetime | None
    ) -> list[Item]:
        return [
            item
            for item in sorted(self.items, key=lambda i: i.identifier)
            if (set is None or set in item.sets)
            and (from_ is None or item.datestamp >= from_)
            and (until is None or item.datestamp <= until)
        ]

    def listRecords(  # noqa: N802
        self, metadataPrefix: str, set: str | None = None, from_: Any = None, until: Any = None
    ) -> list[tuple[Any, Any, None]]:
        from oaipmh import common, error

        found = self._matching(set, from_, until)
        if not found:
            raise error.NoRecordsMatchError("nothing changed")
        return [
            (
                common.Header(None, item.identifier, item.datestamp, item.sets, item.deleted),
                None if item.deleted else common.Metadata(None, item.fields),
                None,
            )
            for item in found
        ]


def pyoai_app(repository: Repository, batch_size: int) -> Callable[..., list[bytes]]:
    from oaipmh import metadata, server

    registry = metadata.MetadataRegistry()
    registry.registerWriter("oai_dc", server.oai_dc_writer)
    oai = server.Server(repository, registry, resumption_batch_size=batch_size)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        body = oai.handleRequest(dict(parse_qsl(environ.get("QUERY_STRING", ""))))
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
        return [body]

    return app


@dataclass
class Gate:
    """Failures put in front of a peer: answer `status` to the next `count` ListRecords calls."""

    status: int = 0
    count: int = 0
    retry_after: str = ""
    after_pages: int = 0
    served_pages: int = 0
    log: list[str] = field(default_factory=list)


def gated(app: Callable[..., list[bytes]], gate: Gate) -> Callable[..., list[bytes]]:
    def wrapper(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        query = environ.get("QUERY_STRING", "")
        gate.log.append(query)
        if "ListRecords" in query:
            if gate.count and gate.served_pages >= gate.after_pages:
                gate.count -= 1
                headers = [("Retry-After", gate.retry_after)] if gate.retry_after else []
                start_response(f"{gate.status} Unavailable", headers)
                return [b"try later"]
            gate.served_pages += 1
        return app(environ, start_response)

    return wrapper


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving_pyoai(
    repository: Repository, monkeypatch: pytest.MonkeyPatch, gate: Gate, batch_size: int = 3
) -> Iterator[str]:
    # pyoai decodes its own resumption tokens with cgi.parse_qs, which Python 3.8 removed;
    # give it back the function it meant (urllib's) so the peer runs as its authors wrote it.
    from urllib.parse import parse_qs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pyoai still imports cgi
        import cgi
    monkeypatch.setattr(cgi, "parse_qs", parse_qs, raising=False)
    server: WSGIServer = make_server(
        "127.0.0.1", 0, gated(pyoai_app(repository, batch_size), gate), handler_class=QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/oai"
    finally:
        server.shutdown()
        server.server_close()
