"""A real SIP2 server (pysip2, written by others) on loopback, standing in for a library's ILS."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from anyio.from_thread import start_blocking_portal
from pysip2 import (
    LOGIN,
    PATRON_INFORMATION,
    PATRON_STATUS,
    LoginRequest,
    LoginResponse,
    PatronInformationRequest,
    PatronInformationResponse,
    PatronStatusRequest,
    PatronStatusResponse,
    SIP2Server,
)

LOGIN_USER = "shuyun"
LOGIN_PASSWORD = "sip-terminal-secret"


@dataclass
class Patron:
    name: str
    password: str


@dataclass
class Ils:
    """The patrons the ILS knows, and the port it listens on once started."""

    institution: str
    patrons: dict[str, Patron] = field(default_factory=dict)
    port: int = 0

    def check(self, card: str, password: str | None) -> tuple[str, str, str]:
        patron = self.patrons.get(card)
        if patron is None:
            return "", "N", "N"
        return patron.name, "Y", "Y" if password == patron.password else "N"


def build_server(ils: Ils) -> SIP2Server:
    app = SIP2Server(institution_id=ils.institution, encoding="utf-8", login_required=True)

    @app.route(LOGIN)
    def login(req: LoginRequest, ctx: object) -> LoginResponse:
        ok = (req.login_user_id, req.login_password) == (LOGIN_USER, LOGIN_PASSWORD)
        return LoginResponse(ok="1" if ok else "0")

    @app.route(PATRON_INFORMATION)
    def patron_information(req: PatronInformationRequest, ctx) -> PatronInformationResponse:  # type: ignore[no-untyped-def]
        name, valid, password_ok = ils.check(req.patron_identifier, req.patron_password)
        return PatronInformationResponse(
            patron_status=" " * 14,
            language=req.language,
            transaction_date=ctx.now_18(),
            hold_items_count="0000",
            overdue_items_count="0000",
            charged_items_count="0000",
            fine_items_count="0000",
            recall_items_count="0000",
            unavailable_holds_count="0000",
            institution_id=req.institution_id,
            patron_identifier=req.patron_identifier,
            personal_name=name,
            valid_patron=valid,
            valid_patron_password=password_ok,
        )

    @app.route(PATRON_STATUS)
    def patron_status(req: PatronStatusRequest, ctx) -> PatronStatusResponse:  # type: ignore[no-untyped-def]
        name, valid, password_ok = ils.check(req.patron_identifier, req.patron_password)
        return PatronStatusResponse(
            patron_status=" " * 14,
            language=req.language,
            transaction_date=ctx.now_18(),
            institution_id=req.institution_id,
            patron_identifier=req.patron_identifier,
            personal_name=name,
            valid_patron=valid,
            valid_patron_password=password_ok,
        )

    return app


@contextmanager
def running_ils(ils: Ils) -> Iterator[Ils]:
    """Serve `ils` on an ephemeral loopback port in a background thread."""
    app = build_server(ils)
    with start_blocking_portal() as portal:
        server = portal.wrap_async_context_manager(app.start("127.0.0.1", 0))
        with server as port:
            ils.port = port
            yield ils
