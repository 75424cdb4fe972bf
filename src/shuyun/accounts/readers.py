"""The reader's own write path: registration by phone or card, binding cards, phone and ID
number, consent, export and deletion. Staff actions on readers are in accounts.services."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyun.accounts import access, cards, idnumber, otp, protect
from shuyun.accounts.models import (
    REAL_NAME_ORDER,
    CardSource,
    ReaderCard,
    RealNameLevel,
    Role,
    User,
)
from shuyun.analytics import access as analytics_access
from shuyun.analytics.services import EventKind, record_event
from shuyun.federation.models import Library


def _new_reader(library: Library | None, display_name: str, consent: bool) -> User:
    user = User(
        username=f"reader-{secrets.token_hex(6)}",
        role=Role.READER,
        library=library,
        display_name=display_name,
        consented_at=timezone.now() if consent else None,
    )
    user.set_unusable_password()
    user.save()
    return user


def raise_level(user: User, level: RealNameLevel) -> None:
    if REAL_NAME_ORDER.index(RealNameLevel(user.real_name_level)) < REAL_NAME_ORDER.index(level):
        user.real_name_level = level


def reader_for_verified_card(library: Library, number: str, name: str, consent: bool) -> User:
    """The account holding a card its library has just accepted; a first sign-in with a card
    opens the account (a card is enough to register)."""
    with transaction.atomic():
        card = ReaderCard.objects.select_related("user").filter(library=library, number=number)
        existing = card.first()
        if existing is not None:
            existing.verified_at = timezone.now()
            existing.save(update_fields=["verified_at"])
            return existing.user
        user = _new_reader(library, name, consent)
        user.real_name_level = RealNameLevel.CARD
        user.save(update_fields=["real_name_level"])
        ReaderCard.objects.create(
            user=user,
            library=library,
            number=number,
            source=CardSource.SIP2,
            verified_at=timezone.now(),
        )
    record_event(EventKind.ADMIN_CHANGE, user, library, user, action="register", method="card")
    return user


def reader_for_phone(phone: str, library: Library | None, consent: bool) -> User | None:
    """The account using `phone` (its code already checked); opens one when there is none and
    the person has consented to the terms."""
    digest = protect.digest("phone", phone)
    existing = User.objects.filter(phone_digest=digest).first()
    if existing is not None or not consent:
        return existing
    with transaction.atomic():
        user = _new_reader(library, "", consent=True)
        user.phone_digest, user.phone_sealed = digest, protect.seal(phone)
        user.save(update_fields=["phone_digest", "phone_sealed"])
    record_event(EventKind.ADMIN_CHANGE, user, library, user, action="register", method="phone")
    return user


def bind_card(reader: User, library: Library, number: str, password: str) -> ReaderCard:
    """Add a card of `library`, checked by that library, to the reader's account."""
    number = number.strip()
    if reader.cards.filter(library=library).exists():
        raise ValidationError(_("You already have a card of %(library)s.") % {"library": library})
    if ReaderCard.objects.filter(library=library, number=number).exists():
        raise ValidationError(
            _("Card %(number)s belongs to another account; merge the two accounts instead.")
            % {"number": number}
        )
    check = cards.verify_card(library, number, password)
    if not check.accepted or check.source != CardSource.SIP2:
        raise ValidationError(_("The library did not accept this card number and password."))
    with transaction.atomic():
        card = ReaderCard.objects.create(
            user=reader,
            library=library,
            number=number,
            source=check.source,
            verified_at=timezone.now(),
        )
        raise_level(reader, RealNameLevel.CARD)
        reader.display_name = reader.display_name or check.name
        reader.library = reader.library or library
        reader.save(update_fields=["real_name_level", "display_name", "library"])
    record_event(EventKind.ADMIN_CHANGE, reader, library, reader, action="bind-card")
    return card


def bind_phone(reader: User, phone: str, code: str) -> None:
    """Attach a phone the reader has proved with a one-time code."""
    digest = protect.digest("phone", phone)
    if User.objects.filter(phone_digest=digest).exclude(pk=reader.pk).exists():
        raise ValidationError(
            _("This phone is used by another account; merge the accounts instead.")
        )
    if not otp.check_code(phone, code):
        raise ValidationError(_("The code is wrong or has expired."), code="code")
    with transaction.atomic():
        User.objects.filter(pk=reader.pk).update(
            phone_digest=digest, phone_sealed=protect.seal(phone)
        )
    reader.phone_digest, reader.phone_sealed = digest, protect.seal(phone)
    record_event(EventKind.ADMIN_CHANGE, reader, reader.library, reader, action="bind-phone")


def set_national_id(reader: User, raw: str, password: str) -> None:
    """Record the reader's ID number (validated, stored protected) and the password that goes
    with it for signing in by ID number."""
    parsed = idnumber.parse(raw)
    digest = protect.digest("national_id", parsed.number)
    if User.objects.filter(national_id_digest=digest).exclude(pk=reader.pk).exists():
        raise ValidationError(_("This ID number is used by another account."), code="taken")
    validate_password(password, reader)
    reader.national_id_digest = digest
    reader.national_id_sealed = protect.seal(parsed.number)
    reader.age_group = idnumber.age_group(parsed.birth_date)
    reader.set_password(password)
    with transaction.atomic():
        reader.save()
    record_event(EventKind.ADMIN_CHANGE, reader, reader.library, reader, action="set-national-id")


def set_password(reader: User, password: str) -> None:
    validate_password(password, reader)
    reader.set_password(password)
    with transaction.atomic():
        reader.save(update_fields=["password"])
    record_event(EventKind.ADMIN_CHANGE, reader, reader.library, reader, action="set-password")


def give_consent(reader: User) -> None:
    with transaction.atomic():
        reader.consented_at = timezone.now()
        reader.save(update_fields=["consented_at"])
    record_event(EventKind.ADMIN_CHANGE, reader, reader.library, reader, action="consent")


def unbind_third_party(reader: User, account_id: int) -> None:
    """Remove a WeChat/QQ/Weibo binding, unless it is the reader's only way to sign in."""
    account = access.third_party_accounts(reader).get(pk=account_id)
    other_ways = (
        reader.has_usable_password()
        or bool(reader.phone_digest)
        or reader.cards.exists()
        or access.third_party_accounts(reader).exclude(pk=account_id).exists()
    )
    if not other_ways:
        raise ValidationError(_("Bind a phone or a card first: this is your only way to sign in."))
    with transaction.atomic():
        account.delete()
    record_event(
        EventKind.ADMIN_CHANGE,
        reader,
        reader.library,
        reader,
        action="unbind",
        provider=account.provider,
    )


def export_data(reader: User) -> dict[str, Any]:
    """Everything the platform keeps about the reader, in the clear, for the reader only."""
    return {
        "public_id": str(reader.public_id),
        "display_name": reader.display_name,
        "home_library": reader.library.code if reader.library else None,
        "email": reader.email,
        "phone": protect.unseal(reader.phone_sealed),
        "national_id": protect.unseal(reader.national_id_sealed),
        "real_name_level": reader.real_name_level,
        "age_group": reader.age_group,
        "consented_at": reader.consented_at.isoformat() if reader.consented_at else None,
        "joined_at": reader.date_joined.isoformat(),
        "cards": [
            {
                "library": card.library.code,
                "number": card.number,
                "verified_at": card.verified_at.isoformat(),
            }
            for card in reader.cards.select_related("library")
        ],
        "third_party_accounts": [
            {"provider": account.provider, "uid": account.uid}
            for account in access.third_party_accounts(reader)
        ],
        "events": _own_events(reader),
    }


def _own_events(reader: User) -> list[dict[str, Any]]:
    """What the reader did on the platform, as the analytics log recorded it."""
    return [
        {
            "kind": event.kind,
            "occurred_at": event.occurred_at.isoformat(),
            "library": event.library.code if event.library else None,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "details": event.details,
        }
        for event in analytics_access.events_of(reader).iterator(chunk_size=2000)
    ]


def delete_own_account(reader: User) -> None:
    """Delete the reader's account with its cards, bindings and tokens; the event log keeps its
    anonymous rows (the actor becomes empty)."""
    library = reader.library
    with transaction.atomic():
        User.objects.filter(merged_into=reader).update(merged_into=None)
        reader.delete()
    record_event(EventKind.ADMIN_CHANGE, None, library, None, action="delete-account")
