"""The QQ provider: a QQ account is known by the openid QQ Connect gives our app."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.providers.base import ProviderAccount, ProviderException
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from shuyun.accounts.qq.views import QQOAuth2Adapter


class QQAccount(ProviderAccount):
    def get_avatar_url(self) -> str | None:
        data = self.account.extra_data
        return data.get("figureurl_qq_2") or data.get("figureurl_qq_1")

    def to_str(self) -> str:
        return str(self.account.extra_data.get("nickname") or super().to_str())


class QQProvider(OAuth2Provider):
    id = "qq"
    name = "QQ"
    account_class = QQAccount
    oauth2_adapter_class = QQOAuth2Adapter

    def extract_uid(self, data: dict[str, Any]) -> str:
        openid = data.get("openid")
        if not openid:
            raise ProviderException("QQ Connect answered without an openid.")
        return str(openid)

    def get_default_scope(self) -> list[str]:
        return ["get_user_info"]

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"username": data.get("nickname"), "name": data.get("nickname")}


provider_classes = [QQProvider]
