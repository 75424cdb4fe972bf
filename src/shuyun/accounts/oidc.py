"""What member libraries' systems learn about a reader through OpenID Connect."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import AuthorizationView

from shuyun.accounts import access
from shuyun.accounts.models import ReaderCard, User


class ShuyunValidator(OAuth2Validator):
    """`sub` is the account's public id (stable, never the database key); a client sees the
    card number of its own library only."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "name": "profile",
        "home_library": "profile",
        "real_name_level": "profile",
        "card_number": "card",
    }

    def get_claim_dict(self, request: Any) -> dict[str, Any]:
        user: User = request.user
        library = access.client_library(request.client)
        card = (
            ReaderCard.objects.filter(user=user, library=library).values_list("number", flat=True)
            if library is not None
            else ReaderCard.objects.none().values_list("number", flat=True)
        )
        return {
            "sub": str(user.public_id),
            "name": user.display_name or user.username,
            "home_library": user.library.code if user.library else None,
            "real_name_level": user.real_name_level,
            "card_number": card.first(),
        }

    def _load_application(self, client_id: str, request: Any) -> Any:
        """A disabled member client is unknown to every endpoint (token, authorize, …)."""
        application = super()._load_application(client_id, request)
        if application is not None and not access.client_enabled(application):
            request.client = None
            return None
        return application

    def get_discovery_claims(self, request: Any) -> list[str]:
        return ["sub", "name", "home_library", "real_name_level", "card_number"]


class ReaderAuthorizationView(AuthorizationView):
    """The authorization endpoint sends anonymous readers to the readers' sign-in page."""

    def get_login_url(self) -> str:
        return reverse("accounts:sign_in")
