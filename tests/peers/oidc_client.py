"""A member library's web application signing readers in through our OpenID Connect provider,
built on authlib (a real OIDC client library) and served on loopback with wsgiref."""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class RelyingParty:
    provider: str  # e.g. http://localhost:8081/o
    client_id: str
    client_secret: str
    title: str
    url: str = ""
    pending: dict[str, tuple[str, str]] = field(default_factory=dict)
    signed_in: list[dict[str, Any]] = field(default_factory=list)

    def session(self) -> OAuth2Session:
        return OAuth2Session(
            self.client_id,
            self.client_secret,
            scope="openid profile card",
            redirect_uri=f"{self.url}/callback",
            code_challenge_method="S256",
        )

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        meta = requests.get(f"{self.provider}/.well-known/openid-configuration", timeout=10).json()
        if environ["PATH_INFO"] == "/login":
            verifier, nonce = generate_token(48), generate_token(16)
            url, state = self.session().create_authorization_url(
                meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce
            )
            self.pending[state] = (verifier, nonce)
            start_response("302 Found", [("Location", url)])
            return [b""]
        query = parse_qs(environ["QUERY_STRING"])
        verifier, nonce = self.pending.pop(query["state"][0])
        token = self.session().fetch_token(
            meta["token_endpoint"],
            authorization_response=f"{self.url}/callback?{environ['QUERY_STRING']}",
            code_verifier=verifier,
        )
        keys = KeySet.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())
        claims = jwt.decode(token["id_token"], keys, algorithms=["RS256"]).claims
        jwt.JWTClaimsRegistry(aud={"essential": True, "value": self.client_id}).validate(claims)
        assert claims["nonce"] == nonce  # noqa: S101 - a relying party must check it
        self.signed_in.append(dict(claims))
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [self.page(claims).encode()]

    def page(self, claims: Any) -> str:
        rows = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(claims.get(k)))}</td></tr>"
            for k in ("name", "home_library", "real_name_level", "card_number", "sub")
        )
        return (
            '<!doctype html><meta name="viewport" content="width=device-width">'
            f'<title>{html.escape(self.title)}</title><body style="font-family:sans-serif">'
            f"<h1>{html.escape(self.title)}</h1>"
            f"<p id=welcome>欢迎，{html.escape(claims['name'])}</p>"
            f"<table>{rows}</table></body>"
        )


@contextmanager
def serving(rp: RelyingParty) -> Iterator[RelyingParty]:
    server = make_server("127.0.0.1", 0, rp, handler_class=QuietHandler)
    rp.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rp
    finally:
        server.shutdown()
        server.server_close()
