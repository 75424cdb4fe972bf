"""Who may create and manage whose account, whose reader records a staff member sees, and who
sets a library's sign-in policy and registers its systems as OpenID Connect clients.

A reader belongs to a library through the home library and through each reader card. Staff see
the readers of the libraries in their scope (federation.access.staff_scope): a platform operator
every reader, a provincial operator the province's subtree, a library's administrator and
librarians their own library with its branches. Nobody else sees another person's record.
"""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from shuyun.accounts.models import MemberClient, Role, SignInPolicy, User
from shuyun.federation import access as federation_access
from shuyun.federation.models import Library

# The roles each role may hand out, inside its own scope.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.PLATFORM_OPERATOR: frozenset(Role.values),
    Role.PROVINCIAL_OPERATOR: frozenset(
        {Role.PROVINCIAL_OPERATOR, Role.LIBRARY_ADMIN, Role.LIBRARIAN, Role.READER}
    ),
    Role.LIBRARY_ADMIN: frozenset({Role.LIBRARIAN, Role.READER}),
}
# Disabling an account or merging two is for operators and a library's administrator;
# librarians at the desk verify identities and issue platform cards.
ACCOUNT_MANAGERS = frozenset({Role.PLATFORM_OPERATOR, Role.PROVINCIAL_OPERATOR, Role.LIBRARY_ADMIN})
DESK_ROLES = ACCOUNT_MANAGERS | {Role.LIBRARIAN}


def can_grant(actor: object, role: str, library: Library | None) -> bool:
    """May `actor` create an account with `role` at `library`?"""
    if not isinstance(actor, User) or role not in GRANTABLE_ROLES.get(actor.role, frozenset()):
        return False
    if library is None:
        return actor.role == Role.PLATFORM_OPERATOR
    return federation_access.can_view_private(actor, library)


def readers_for(actor: object) -> QuerySet[User]:
    """Readers whose home library, or one of whose cards, is in the actor's scope."""
    if not federation_access.is_console_user(actor):
        return User.objects.none()
    readers = User.objects.filter(role=Role.READER)
    assert isinstance(actor, User)  # noqa: S101 - narrowed by is_console_user
    if actor.role == Role.PLATFORM_OPERATOR:
        return readers
    scope = federation_access.staff_scope(actor)
    in_scope = Q(library__in=scope) | Q(pk__in=User.objects.filter(cards__library__in=scope))
    return readers.filter(in_scope)


def get_reader_for(actor: object, public_id: str) -> User:
    """A reader's record for staff who may see it; 404 for an unknown id, 403 for an outsider."""
    reader = User.objects.filter(public_id=public_id, role=Role.READER).first()
    if reader is None:
        raise Http404("No such reader.")
    if not readers_for(actor).filter(pk=reader.pk).exists():
        raise PermissionDenied("This reader belongs to no library you look after.")
    return reader


def can_manage_reader(actor: object, reader: User, roles: frozenset[str]) -> bool:
    if not isinstance(actor, User) or actor.role not in roles:
        return False
    return readers_for(actor).filter(pk=reader.pk).exists()


def check_manage_reader(
    actor: object, reader: User, roles: frozenset[str] = ACCOUNT_MANAGERS
) -> None:
    if not can_manage_reader(actor, reader, roles):
        raise PermissionDenied("You may not change this reader's account.")


def may_manage_sign_in(actor: object, library: Library) -> bool:
    """A library's sign-in policy and its member clients are for its administrator and the
    operators above it (librarians and other libraries' staff are refused)."""
    return federation_access.can_edit(actor, library)


def get_library_for_sign_in(actor: object, code: str) -> Library:
    """The library whose sign-in and systems `actor` manages; 404 unknown, 403 outsider."""
    library = federation_access.get_library(code)
    if not may_manage_sign_in(actor, library):
        raise PermissionDenied(f"You may not manage how readers of {code} sign in.")
    return library


def sign_in_policy_for(actor: object, library: Library) -> SignInPolicy:
    """The library's policy (unsaved defaults when it has none yet), for those who manage it."""
    if not may_manage_sign_in(actor, library):
        raise PermissionDenied(f"You may not see how readers of {library.code} sign in.")
    return SignInPolicy.objects.filter(library=library).first() or SignInPolicy(library=library)


def member_clients_for(actor: object, library: Library) -> QuerySet[MemberClient]:
    """The library's registered systems, newest first, for those who manage them."""
    if not may_manage_sign_in(actor, library):
        raise PermissionDenied(f"You may not see the systems registered by {library.code}.")
    return (
        MemberClient.objects.filter(library=library)
        .select_related("application")
        .order_by("-application__created")
    )


def get_member_client_for(actor: object, library: Library, client_pk: str | None) -> MemberClient:
    if not (client_pk or "").isdigit():
        raise Http404("No such registered system.")
    client = member_clients_for(actor, library).filter(pk=int(client_pk or 0)).first()
    if client is None:
        raise Http404(f"{library.code} has no such registered system.")
    return client


def client_enabled(application: object) -> bool:
    """Is this OAuth2 client usable? Clients of no library (none today) count as enabled."""
    client = MemberClient.objects.filter(application=application).only("disabled_at").first()
    return client is None or client.enabled


def client_library(application: object) -> Library | None:
    """The member library an OAuth2 client belongs to (None for a client of no library)."""
    client = MemberClient.objects.select_related("library").filter(application=application).first()
    return client.library if client else None


def reader_by_card_for_client(library: Library, number: str) -> User:
    """A member library's system looks up one of its own readers by its own card number."""
    reader = User.objects.filter(
        cards__library=library, cards__number=number, is_active=True
    ).first()
    if reader is None:
        raise Http404(f"No reader holds card {number} of {library.code}.")
    return reader


def third_party_accounts(user: User) -> QuerySet[SocialAccount]:
    """The WeChat/Weibo accounts bound to `user` (kept by django-allauth)."""
    return SocialAccount.objects.filter(user=user)
