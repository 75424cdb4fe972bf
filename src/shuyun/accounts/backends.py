"""Reader sign-in as Django authentication backends, so django-axes counts failures and locks
out every method the same way (per identifier and address).

Views call `django.contrib.auth.authenticate(request, **credentials(...))`; the secret parts
go under keys Django hides from the failed-sign-in signal ("secret…").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from shuyun.accounts import cards, otp, protect, readers
from shuyun.accounts.methods import Method
from shuyun.accounts.models import CardSource, User
from shuyun.federation.models import Library

Verifier = Callable[[dict[str, Any]], User | None]


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any]) -> str:
    """What django-axes counts failures against: a staff user name or a reader identifier."""
    return str(credentials.get("username") or credentials.get("identifier") or "")


def card_credentials(library: Library, number: str, password: str, consent: bool) -> dict[str, Any]:
    return {
        "method": Method.CARD,
        "identifier": f"card:{library.code}:{number}",
        "library": library,
        "secret_number": number,
        "secret": password,
        "consent": consent,
    }


def national_id_credentials(number: str, password: str) -> dict[str, Any]:
    digest = protect.digest("national_id", number)
    return {
        "method": Method.NATIONAL_ID,
        "identifier": f"id:{digest[:20]}",
        "secret_number": number,
        "secret": password,
    }


def phone_credentials(
    phone: str, code: str, library: Library | None, consent: bool
) -> dict[str, Any]:
    digest = protect.digest("phone", phone)
    return {
        "method": Method.PHONE,
        "identifier": f"phone:{digest[:20]}",
        "library": library,
        "secret_number": phone,
        "secret": code,
        "consent": consent,
    }


def _by_card(credentials: dict[str, Any]) -> User | None:
    library: Library = credentials["library"]
    number, password = credentials["secret_number"], credentials["secret"]
    check = cards.verify_card(library, number, password)
    if not check.accepted:
        return None
    if check.source == CardSource.PLATFORM:
        return User.objects.filter(cards__library=library, cards__number=number).first()
    return readers.reader_for_verified_card(library, number, check.name, credentials["consent"])


def _by_national_id(credentials: dict[str, Any]) -> User | None:
    digest = protect.digest("national_id", credentials["secret_number"])
    user = User.objects.filter(national_id_digest=digest).first()
    if user is None:
        User().set_password(credentials["secret"])  # same work either way: no timing oracle
        return None
    return user if user.check_password(credentials["secret"]) else None


def _by_phone(credentials: dict[str, Any]) -> User | None:
    phone = credentials["secret_number"]
    if not otp.check_code(phone, credentials["secret"]):
        return None
    return readers.reader_for_phone(phone, credentials.get("library"), credentials["consent"])


VERIFIERS: dict[Method, Verifier] = {
    Method.CARD: _by_card,
    Method.NATIONAL_ID: _by_national_id,
    Method.PHONE: _by_phone,
}


class ReaderBackend(BaseBackend):
    """Card (SIP2 or platform), ID number + password, phone + one-time code."""

    def authenticate(
        self, request: HttpRequest | None, method: Method | None = None, **credentials: Any
    ) -> User | None:
        verifier = VERIFIERS.get(method) if method else None
        if verifier is None:
            return None
        user = verifier(credentials)
        if user is None or not user.is_active:
            return None
        user.sign_in_method = str(method)  # type: ignore[attr-defined]  # read by signals
        return user

    def get_user(self, user_id: int) -> User | None:
        user = User.objects.filter(pk=user_id).select_related("library").first()
        return user if user is not None and user.is_active else None
