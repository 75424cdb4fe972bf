"""Where a library's reader cards are checked: its ILS over SIP2, or the platform's own store."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import check_password

from shuyun.accounts import protect, sip2
from shuyun.accounts.models import CardSource, ReaderCard, SignInPolicy
from shuyun.accounts.sip2 import Sip2Settings
from shuyun.federation.models import Library, LibraryPrivateSettings


def sip2_settings(library: Library) -> Sip2Settings | None:
    """The library's SIP2 connection, or None when it keeps its cards on the platform."""
    private = LibraryPrivateSettings.objects.filter(library=library).first()
    if private is None or not private.sip2_host or not private.sip2_port:
        return None
    policy = SignInPolicy.objects.filter(library=library).first() or SignInPolicy()
    return Sip2Settings(
        host=private.sip2_host,
        port=private.sip2_port,
        institution=private.sip2_institution,
        use_tls=private.sip2_use_tls,
        ca_certificates=policy.sip2_ca_certificates,
        login_user=policy.sip2_login_user,
        login_password=protect.unseal(policy.sip2_login_password_sealed),
        location=policy.sip2_location_code,
        encoding=policy.sip2_encoding,
        timeout=policy.sip2_timeout_seconds,
        patron_message="23" if policy.sip2_patron_message == "23" else "63",
    )


def card_source(library: Library) -> CardSource:
    return CardSource.SIP2 if sip2_settings(library) else CardSource.PLATFORM


@dataclass(frozen=True)
class CardCheck:
    accepted: bool
    source: CardSource
    name: str = ""


def verify_card(library: Library, number: str, password: str) -> CardCheck:
    """Ask the card's own library whether card and password are right (sip2.Sip2Error when its
    system cannot be reached); a platform-kept card is checked against its stored PIN hash."""
    settings = sip2_settings(library)
    if settings is not None:
        check = sip2.check_patron(settings, number, password)
        return CardCheck(check.accepted, CardSource.SIP2, check.name)
    card = ReaderCard.objects.filter(library=library, number=number).first()
    accepted = card is not None and bool(card.pin_hash) and check_password(password, card.pin_hash)
    return CardCheck(accepted, CardSource.PLATFORM)
