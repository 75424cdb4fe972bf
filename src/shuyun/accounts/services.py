"""The account write path for staff: opening staff accounts, acting on readers' accounts,
sign-in policies and member libraries' OAuth2 clients. Readers' own actions: accounts.readers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, Grant, IDToken, RefreshToken

from shuyun.accounts import access, cards, protect, readers
from shuyun.accounts.methods import METHODS
from shuyun.accounts.models import (
    AgeGroup,
    CardSource,
    MemberClient,
    ReaderCard,
    RealNameLevel,
    Role,
    SignInPolicy,
    User,
)
from shuyun.analytics.services import EventKind, record_event
from shuyun.federation import access as federation_access
from shuyun.federation.models import Library


def create_account(
    actor: User,
    *,
    username: str,
    password: str,
    role: Role,
    library: Library | None,
    display_name: str = "",
) -> User:
    """Open an account with `role` at `library`, if `actor` may grant that role there."""
    if not access.can_grant(actor, role, library):
        where = library.code if library else "network level"
        raise PermissionDenied(f"You may not create a {role} account at {where}.")
    return _create(username, password, role, library, display_name, actor)


def create_first_operator(username: str, password: str, library: Library | None = None) -> User:
    """The platform's first operator, made from the command line when no operator exists yet."""
    if User.objects.filter(role=Role.PLATFORM_OPERATOR).exists():
        raise PermissionDenied("A platform operator exists already; ask them for an account.")
    return _create(username, password, Role.PLATFORM_OPERATOR, library, "", None)


def _create(
    username: str,
    password: str,
    role: Role,
    library: Library | None,
    display_name: str,
    actor: User | None,
) -> User:
    user = User(username=username, role=role, library=library, display_name=display_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
    record_event(EventKind.ADMIN_CHANGE, actor, library, user, action="create-account", role=role)
    return user


def move_account(actor: User, user: User, library: Library) -> User:
    """Attach an account to another library (within the actor's right to grant its role there)."""
    if not access.can_grant(actor, user.role, library):
        raise PermissionDenied(f"You may not place a {user.role} account at {library.code}.")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(library=library)
    user.library = library
    record_event(EventKind.ADMIN_CHANGE, actor, library, user, action="move-account")
    return user


def set_account_active(actor: User, user: User, active: bool) -> None:
    """Disable (or enable again) a reader's account; a disabled account cannot sign in."""
    access.check_manage_reader(actor, user)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    action = "enable-account" if active else "disable-account"
    record_event(EventKind.ADMIN_CHANGE, actor, user.library, user, action=action)


def verify_real_name_by_id(actor: User, reader: User) -> None:
    """Staff have seen the reader's identity document matching the recorded ID number."""
    access.check_manage_reader(actor, reader, access.DESK_ROLES)
    if not reader.national_id_digest:
        raise ValidationError(_("The reader has not recorded an ID number yet."))
    with transaction.atomic():
        User.objects.filter(pk=reader.pk).update(real_name_level=RealNameLevel.ID)
    reader.real_name_level = RealNameLevel.ID
    record_event(EventKind.ADMIN_CHANGE, actor, reader.library, reader, action="verify-id")


def issue_platform_card(
    actor: User, reader: User, library: Library, number: str, pin: str
) -> ReaderCard:
    """A library without an ILS issues a card kept on the platform, with its own PIN."""
    if (
        not federation_access.can_view_private(actor, library)
        or actor.role not in access.DESK_ROLES
    ):
        raise PermissionDenied(f"You may not issue cards of {library.code}.")
    if cards.card_source(library) != CardSource.PLATFORM:
        raise ValidationError(_("This library's cards are issued by its own system (SIP2)."))
    card = ReaderCard(
        user=reader,
        library=library,
        number=number.strip(),
        source=CardSource.PLATFORM,
        pin_hash=make_password(pin),
        verified_at=timezone.now(),
    )
    card.full_clean()
    with transaction.atomic():
        card.save()
        readers.raise_level(reader, RealNameLevel.CARD)
        reader.save(update_fields=["real_name_level"])
    record_event(EventKind.ADMIN_CHANGE, actor, library, reader, action="issue-card")
    return card


def set_sign_in_policy(actor: User, library: Library, **values: Any) -> SignInPolicy:
    """Choose the sign-in methods a library offers and how its ILS is reached over SIP2;
    `sip2_login_password` is stored sealed."""
    if not access.may_manage_sign_in(actor, library):
        raise PermissionDenied(f"You may not change how readers of {library.code} sign in.")
    policy = SignInPolicy.objects.filter(library=library).first() or SignInPolicy(library=library)
    if "sip2_login_password" in values:
        policy.sip2_login_password_sealed = protect.seal(values.pop("sip2_login_password"))
    unknown = [m for m in values.get("methods", []) if m not in METHODS]
    if unknown:
        raise ValidationError(_("Unknown sign-in methods: %(m)s") % {"m": ", ".join(unknown)})
    for name, value in values.items():
        setattr(policy, name, value)
    policy.full_clean(exclude=["library"])
    with transaction.atomic():
        policy.save()
    record_event(EventKind.ADMIN_CHANGE, actor, library, policy, action="sign-in-policy")
    return policy


def register_member_client(
    actor: User,
    library: Library,
    name: str,
    *,
    redirect_uris: str = "",
    grant: str = Application.GRANT_AUTHORIZATION_CODE,
) -> tuple[Application, str]:
    """Register a member library's system as an OAuth2/OpenID Connect client: authorization
    code + PKCE for single sign-on, or client credentials for reader look-ups. Returns the
    application and its client secret, which is shown once and stored hashed."""
    if not access.may_manage_sign_in(actor, library):
        raise PermissionDenied(f"You may not register systems of {library.code}.")
    secret = generate_client_secret()
    application = Application(
        name=name,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=grant,
        redirect_uris=redirect_uris,
        post_logout_redirect_uris=redirect_uris,
        client_secret=secret,
        algorithm=Application.RS256_ALGORITHM,
        # Member libraries are trusted parties of the network: no consent screen for SSO.
        skip_authorization=True,
    )
    application.full_clean(exclude=["user"])
    with transaction.atomic():
        application.save()
        MemberClient.objects.create(application=application, library=library)
    record_event(EventKind.ADMIN_CHANGE, actor, library, application, action="register-client")
    return application, secret


def rotate_member_client_secret(actor: User, client: MemberClient) -> str:
    """Give a member client a new secret (returned to be shown once; stored hashed); the old
    secret stops working at once, tokens already issued stay valid until they expire."""
    if not access.may_manage_sign_in(actor, client.library):
        raise PermissionDenied(f"You may not change systems of {client.library.code}.")
    secret = generate_client_secret()
    application = client.application
    application.client_secret = secret
    with transaction.atomic():
        application.save(update_fields=["client_secret", "updated"])
    record_event(
        EventKind.ADMIN_CHANGE, actor, client.library, application, action="rotate-client-secret"
    )
    return secret


def set_member_client_enabled(actor: User, client: MemberClient, enabled: bool) -> None:
    """Disable a member client (its tokens and pending grants are revoked and it gets no new
    ones), or enable it again."""
    if not access.may_manage_sign_in(actor, client.library):
        raise PermissionDenied(f"You may not change systems of {client.library.code}.")
    with transaction.atomic():
        client.disabled_at = None if enabled else timezone.now()
        client.save(update_fields=["disabled_at"])
        if not enabled:
            for model in (RefreshToken, AccessToken, Grant, IDToken):
                model.objects.filter(application=client.application).delete()
    action = "enable-client" if enabled else "disable-client"
    record_event(EventKind.ADMIN_CHANGE, actor, client.library, client.application, action=action)


def merge_accounts(actor: User, keep: User, absorb: User, *, proven_by_reader: bool) -> User:
    """Fold `absorb` into `keep`, losing nothing: cards, third-party bindings, phone, ID number,
    password, tokens and the stronger real-name level move over; `absorb` stays as a disabled
    pointer (merged_into) so its history still leads to the person.

    A reader merges after proving both accounts (signed in as `keep`, credentials of `absorb`
    just checked); otherwise the actor must manage both readers."""
    if proven_by_reader:
        if actor.pk != keep.pk:
            raise PermissionDenied("A reader may only merge another account into their own.")
    else:
        access.check_manage_reader(actor, keep)
        access.check_manage_reader(actor, absorb)
    if keep.pk == absorb.pk:
        raise ValidationError(_("These are the same account."))
    clash = keep.cards.filter(library__in=absorb.cards.values("library")).first()
    if clash is not None:
        raise ValidationError(
            _("Both accounts hold a card of %(library)s; one of them must be returned first.")
            % {"library": clash.library}
        )
    with transaction.atomic():
        _move_belongings(keep, absorb)
    record_event(
        EventKind.ADMIN_CHANGE,
        actor,
        keep.library,
        keep,
        action="merge",
        absorbed=str(absorb.public_id),
    )
    return keep


def _move_belongings(keep: User, absorb: User) -> None:
    absorb.cards.update(user=keep)
    access.third_party_accounts(absorb).update(user=keep)
    for model in (AccessToken, RefreshToken, Grant, IDToken):
        model.objects.filter(user=absorb).update(user=keep)
    carried = {
        "phone_digest": absorb.phone_digest,
        "phone_sealed": absorb.phone_sealed,
        "national_id_digest": absorb.national_id_digest,
        "national_id_sealed": absorb.national_id_sealed,
    }
    User.objects.filter(pk=absorb.pk).update(
        phone_digest=None, national_id_digest=None, is_active=False, merged_into=keep
    )
    for field, value in carried.items():
        if value and not getattr(keep, field):
            setattr(keep, field, value)
    for field in ("email", "display_name", "library", "age_group"):
        if not getattr(keep, field) or getattr(keep, field) == AgeGroup.UNKNOWN:
            setattr(keep, field, getattr(absorb, field))
    if not keep.has_usable_password() and absorb.has_usable_password():
        keep.password = absorb.password
    readers.raise_level(keep, RealNameLevel(absorb.real_name_level))
    if absorb.consented_at and (not keep.consented_at or absorb.consented_at < keep.consented_at):
        keep.consented_at = absorb.consented_at
    keep.save()
