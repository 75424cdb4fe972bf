"""The account write path."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from shuyun.accounts import access
from shuyun.accounts.models import Role, User
from shuyun.analytics.services import EventKind, record_event
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
