"""A stand-in for QQ Connect's graph.qq.com on loopback (there is no live QQ here): it answers
the token, /oauth2.0/me and get_user_info calls in the shapes QQ Connect documents — a
form-encoded token, JSONP for /me and errors — for one app, one code and one QQ user."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class QQConnect:
    app_id: str
    app_key: str
    code: str
    openid: str
    profile: dict[str, Any]
    access_token: str = "FE04************************CCE2"
    url: str = ""
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def answer(self, path: str, query: dict[str, str]) -> str:
        self.calls.append((path, query))
        if path == "/oauth2.0/token":
            return self._token(query)
        if query.get("access_token") != self.access_token:
            return 'callback( {"error":100016,"error_description":"access token check failed"} );'
        if path == "/oauth2.0/me":
            return f'callback( {{"client_id":"{self.app_id}","openid":"{self.openid}"}} );\n'
        if path == "/user/get_user_info" and query.get("openid") == self.openid:
            return json.dumps({"ret": 0, "msg": "", **self.profile}, ensure_ascii=False)
        return json.dumps({"ret": -1, "msg": "client request's parameters are invalid"})

    def _token(self, query: dict[str, str]) -> str:
        expected = {
            "grant_type": "authorization_code",
            "client_id": self.app_id,
            "client_secret": self.app_key,
            "code": self.code,
        }
        if any(query.get(name) != value for name, value in expected.items()):
            return 'callback( {"error":100019,"error_description":"code to access token error"} );'
        return f"access_token={self.access_token}&expires_in=7776000&refresh_token=88E4****BE14"


@contextmanager
def running_qq_connect(qq: QQConnect) -> Iterator[QQConnect]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urlparse(self.path)
            query = {name: values[0] for name, values in parse_qs(url.query).items()}
            body = qq.answer(url.path, query).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")  # as QQ sends it
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    qq.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield qq
    finally:
        server.shutdown()
        server.server_close()
