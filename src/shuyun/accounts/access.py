"""Who may create and manage whose account."""

from __future__ import annotations

from shuyun.accounts.models import Role, User
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


def can_grant(actor: object, role: str, library: Library | None) -> bool:
    """May `actor` create an account with `role` at `library`?"""
    if not isinstance(actor, User) or role not in GRANTABLE_ROLES.get(actor.role, frozenset()):
        return False
    if library is None:
        return actor.role == Role.PLATFORM_OPERATOR
    return federation_access.can_view_private(actor, library)
