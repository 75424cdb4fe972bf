"""QQ Connect's OAuth2 endpoints (QQ互联, graph.qq.com): authorize and token as in OAuth2, then
`/oauth2.0/me` for the openid and `/user/get_user_info` for the nickname and avatar. QQ answers
`/me` (and errors) as JSONP, `callback( {...} );`, unless asked for plain JSON."""

from __future__ import annotations

import json
import re
from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)
from django.http import HttpRequest

GRAPH_URL = "https://graph.qq.com"
JSONP = re.compile(r"^\s*callback\(\s*(?P<body>.*?)\s*\)\s*;?\s*$", re.S)


def parse_answer(text: str, what: str) -> dict[str, Any]:
    """QQ's JSON or JSONP answer as a dict; OAuth2Error names the call and QQ's error."""
    match = JSONP.match(text)
    try:
        data = json.loads(match["body"] if match else text)
    except json.JSONDecodeError as exc:
        raise OAuth2Error(f"QQ {what} answered something that is not JSON: {text[:80]!r}") from exc
    if not isinstance(data, dict):
        raise OAuth2Error(f"QQ {what} answered {text[:80]!r}, not an object.")
    if "error" in data:
        raise OAuth2Error(f"QQ {what} refused: {data['error']} {data.get('error_description', '')}")
    if int(data.get("ret", 0)) != 0:
        raise OAuth2Error(f"QQ {what} refused: ret {data['ret']} {data.get('msg', '')}")
    return data


class QQOAuth2Adapter(OAuth2Adapter):
    provider_id = "qq"
    access_token_method = "GET"  # noqa: S105 - QQ takes the token request as a GET

    @property
    def graph_url(self) -> str:
        # Settable (SOCIALACCOUNT_PROVIDERS["qq"]["GRAPH_URL"]) for a stand-in on loopback.
        return str(self.get_provider().get_settings().get("GRAPH_URL", GRAPH_URL)).rstrip("/")

    @property
    def authorize_url(self) -> str:
        return f"{self.graph_url}/oauth2.0/authorize"

    @property
    def access_token_url(self) -> str:
        return f"{self.graph_url}/oauth2.0/token"

    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        with get_adapter().get_requests_session() as session:
            me = session.get(f"{self.graph_url}/oauth2.0/me", params={"access_token": token.token})
            identity = parse_answer(me.text, "/oauth2.0/me")
            if identity.get("client_id", app.client_id) != app.client_id:
                raise OAuth2Error("QQ issued this access token to another app.")
            info = session.get(
                f"{self.graph_url}/user/get_user_info",
                params={
                    "access_token": token.token,
                    "oauth_consumer_key": app.client_id,
                    "openid": identity.get("openid", ""),
                },
            )
            profile = parse_answer(info.text, "get_user_info")
        extra_data = {key: value for key, value in profile.items() if key not in ("ret", "msg")}
        extra_data["openid"] = identity.get("openid")
        return self.get_provider().sociallogin_from_response(request, extra_data)


oauth2_login = OAuth2LoginView.adapter_view(QQOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(QQOAuth2Adapter)
