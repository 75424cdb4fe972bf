"""Driving django-allauth's own social-login pipeline as its views would, with no live provider."""

from __future__ import annotations

from typing import Any

from allauth.core.context import request_context
from allauth.socialaccount import helpers
from allauth.socialaccount.adapter import get_adapter
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from shuyun.federation.sites import site_for_host


def callback_request(user: Any, provider: str, host: str = "sx.localhost") -> Any:
    """A provider's callback request on a branch site, as `user` (or AnonymousUser)."""
    request = RequestFactory().get(f"/auth/{provider}/login/callback/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    request.library_site = site_for_host(host)  # type: ignore[attr-defined]
    return request


def sociallogin(request: Any, provider: str, response: dict[str, Any]) -> Any:
    """What the provider's adapter builds from the profile the provider answered."""
    return (
        get_adapter().get_provider(request, provider).sociallogin_from_response(request, response)
    )


def complete_social_login(request: Any, login: Any) -> Any:
    """allauth's own completion step, in the request context its middleware would set."""
    with request_context(request):
        return helpers.complete_social_login(request, login)
