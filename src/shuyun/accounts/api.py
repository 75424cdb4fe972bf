"""/api/v1/me for the signed-in reader, and /api/v1/readers/by-card for member libraries'
systems (OAuth2 client-credentials token with the `readers:lookup` scope): a library looks up
only its own readers, by its own card numbers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import HttpBearer, django_auth
from oauth2_provider.models import AccessToken
from oauth2_provider.oauth2_backends import get_oauthlib_core

from shuyun.accounts import access, protect
from shuyun.accounts.models import AgeGroup, RealNameLevel, User

router = Router(tags=["accounts"])


class OAuth2Token(HttpBearer):
    """An access token issued by our OAuth2 provider (/o/token/) carrying `scopes`."""

    openapi_scheme = "bearer"

    def __init__(self, *scopes: str) -> None:
        super().__init__()
        self.scopes = list(scopes)

    def authenticate(self, request: HttpRequest, token: str) -> AccessToken | None:
        valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=self.scopes)
        return oauth_request.access_token if valid else None


class CardOut(Schema):
    library: str = Field(description="Code of the issuing library")
    number: str
    verified_at: datetime


class MeOut(Schema):
    public_id: str = Field(description="Stable identifier; the `sub` of OpenID Connect")
    display_name: str
    home_library: str | None
    real_name_level: RealNameLevel
    age_group: AgeGroup
    phone: str = Field(description="Masked, e.g. 138****8000")
    national_id: str = Field(description="Masked, e.g. 3301**********1234")
    cards: list[CardOut]
    third_party: list[str] = Field(description="Bound third-party providers")


class ReaderLookupOut(Schema):
    public_id: str
    display_name: str
    card_number: str
    home_library: str | None
    real_name_level: RealNameLevel
    is_active: bool


def _person(request: HttpRequest) -> User:
    if isinstance(request.auth, AccessToken):  # type: ignore[attr-defined]
        return request.auth.user  # type: ignore[attr-defined]
    return request.auth  # type: ignore[attr-defined]


@router.get("/me", response=MeOut, auth=[OAuth2Token("openid"), django_auth])
def me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person's own account (session or OAuth2 token with `openid`)."""
    user = _person(request)
    cards = user.cards.select_related("library")
    return {
        "public_id": str(user.public_id),
        "display_name": user.display_name,
        "home_library": user.library.code if user.library_id else None,  # type: ignore[union-attr]
        "real_name_level": user.real_name_level,
        "age_group": user.age_group,
        "phone": protect.mask_phone(protect.unseal(user.phone_sealed)),
        "national_id": protect.mask_national_id(protect.unseal(user.national_id_sealed)),
        "cards": [
            {"library": c.library.code, "number": c.number, "verified_at": c.verified_at}
            for c in cards
        ],
        "third_party": [account.provider for account in access.third_party_accounts(user)],
    }


@router.get(
    "/readers/by-card/{number}",
    response=ReaderLookupOut,
    auth=OAuth2Token("readers:lookup"),
)
def reader_by_card(request: HttpRequest, number: str) -> dict[str, Any]:
    """A member library's system finds one of its own readers by its own card number."""
    token: AccessToken = request.auth  # type: ignore[attr-defined]
    library = access.client_library(token.application)
    if library is None:
        raise PermissionDenied("This client belongs to no member library.")
    reader = access.reader_by_card_for_client(library, number)
    return {
        "public_id": str(reader.public_id),
        "display_name": reader.display_name,
        "card_number": number,
        "home_library": reader.library.code if reader.library else None,
        "real_name_level": reader.real_name_level,
        "is_active": reader.is_active,
    }
