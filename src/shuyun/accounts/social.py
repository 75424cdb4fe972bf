"""Third-party sign-in (WeChat, QQ, Weibo) through django-allauth: new people become readers of
the branch site they came through; signed-in readers bind and unbind from their profile."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from shuyun.accounts.models import Role, User
from shuyun.analytics.services import EventKind, record_event
from shuyun.federation.sites import current_site


class ReaderSocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> User:
        user: User = super().populate_user(request, sociallogin, data)
        user.role = Role.READER
        user.library = current_site(request).library
        extra = sociallogin.account.extra_data or {}
        user.display_name = str(extra.get("nickname") or extra.get("screen_name") or "")[:100]
        return user

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> User:
        user: User = super().save_user(request, sociallogin, form)
        provider = sociallogin.account.provider
        record_event(
            EventKind.ADMIN_CHANGE, user, user.library, user, action="register", method=provider
        )
        return user

    def get_connect_redirect_url(self, request: HttpRequest, socialaccount: Any) -> str:
        record_event(
            EventKind.ADMIN_CHANGE,
            request.user,
            getattr(request.user, "library", None),
            request.user if isinstance(request.user, User) else None,
            action="bind",
            provider=socialaccount.provider,
        )
        return reverse("accounts:profile")
