"""Who may see and change which identifiers: every check lives here.

Resolution is public. Registering and changing identifiers is done *for a library*, under that
library's own prefix only: by its staff in the console, or by its systems with one of the
network's member-library API keys (`X-API-Key`) that grants the `identifiers` scope.
Prefixes are delegated down the hierarchy: the platform operator configures the root prefix and
delegates to any library; a provincial operator delegates to libraries of the province's subtree,
under a prefix held by a library above them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from shuyun.accounts.models import Role, User
from shuyun.federation import access as federation_access
from shuyun.federation.models import ApiScope, Library
from shuyun.identifiers import naming
from shuyun.identifiers.models import Identifier, Location, Prefix

RESOLUTION_CACHE_SECONDS = 30


@dataclass(frozen=True)
class Registrant:
    """Someone acting for one library: a staff member, an API key, or the platform itself."""

    library: Library
    user: User | None
    via: str


def registrant_for_user(user: object) -> Registrant:
    if not federation_access.is_console_user(user):
        raise PermissionDenied("Only library staff register identifiers.")
    assert isinstance(user, User)  # noqa: S101 - narrowed by is_console_user
    if user.library is None:
        raise PermissionDenied("Your account belongs to no library.")
    return Registrant(library=user.library, user=user, via="console")


def registrant_for_api(request: HttpRequest) -> Registrant:
    """The member library calling the API, if its key grants the identifiers scope; 403 if not."""
    client = federation_access.require_scope(request, ApiScope.IDENTIFIERS)
    return Registrant(library=client.library, user=None, via=f"api key {client.key_prefix}")


def own_prefix(registrant: Registrant) -> Prefix:
    prefix = Prefix.objects.filter(library=registrant.library).first()
    if prefix is None:
        raise ValidationError(
            f"{registrant.library.code} has no identifier prefix yet: ask your operator to "
            "delegate one."
        )
    return prefix


def get_identifier(text: str) -> Identifier:
    try:
        handle = naming.parse_handle(text)
    except naming.InvalidName as exc:
        raise Http404(str(exc)) from None
    identifier = Identifier.objects.select_related("prefix", "library").filter(handle=str(handle))
    found = identifier.first()
    if found is None:
        raise Http404(f"No identifier {handle}")
    return found


def get_identifier_for_change(registrant: Registrant, text: str) -> Identifier:
    """An identifier the registrant's library may change: one under its own prefix."""
    identifier = get_identifier(text)
    if identifier.library_id != registrant.library.pk:
        raise PermissionDenied(
            f"{identifier.handle} is under {identifier.prefix.name}, which belongs to another "
            f"library; {registrant.library.code} may only change identifiers under its own prefix."
        )
    return identifier


def identifiers_of(registrant: Registrant) -> QuerySet[Identifier]:
    return Identifier.objects.filter(library=registrant.library)


def find_for_resolution(handle: str) -> Identifier | None:
    """The one-row read resolution makes (the benchmark's baseline makes the same one)."""
    own_columns = [field.name for field in Identifier._meta.concrete_fields]
    related = Identifier.objects.select_related("library").only(*own_columns, "library__id")
    # One row by a unique key: no ORDER BY (the default ordering would only cost).
    return next(iter(related.filter(handle=handle).order_by()[:1]), None)


def identifier_for_resolution(handle: str) -> Identifier | None:
    """The identifier `handle` (normalised) names, as resolution reads it.

    Kept in the cache for RESOLUTION_CACHE_SECONDS: every change of an identifier's values,
    status or locations' health drops it when it commits (`forget_resolutions_on_commit`), and
    the short lifetime bounds what a reader racing that change could have put back. Unknown
    handles are not cached, so a new identifier resolves at once.
    """
    key = _resolution_key(handle)
    identifier: Identifier | None = cache.get(key)
    if identifier is None:
        identifier = find_for_resolution(handle)
        if identifier is not None:
            cache.set(key, identifier, RESOLUTION_CACHE_SECONDS)
    return identifier


def forget_resolutions_on_commit(handles: Iterable[str]) -> None:
    keys = [_resolution_key(handle) for handle in handles]
    transaction.on_commit(lambda: cache.delete_many(keys))


def _resolution_key(handle: str) -> str:
    return f"identifiers:resolve:{handle}"


def broken_locations_of(registrant: Registrant) -> QuerySet[Location]:
    return (
        Location.objects.filter(identifier__library=registrant.library, broken=True)
        .select_related("identifier")
        .order_by("identifier__handle", "priority")
    )


def prefixes_in_scope(user: object) -> QuerySet[Prefix]:
    """Prefixes of the libraries whose private side `user` may see (for reports and delegation)."""
    scope = federation_access.staff_scope(user)
    return Prefix.objects.filter(library__in=scope).select_related("library", "parent")


def can_configure_root(user: object) -> bool:
    return isinstance(user, User) and user.role == Role.PLATFORM_OPERATOR


def can_delegate(user: object, parent: Prefix, library: Library) -> bool:
    """An operator delegates to a library in their scope, under a prefix held above it."""
    if not isinstance(user, User) or user.role not in federation_access.OPERATOR_ROLES:
        return False
    below_parent = library.path.startswith(parent.library.path) and library != parent.library
    return (
        below_parent
        and federation_access.can_view_private(user, library)
        and (
            user.role == Role.PLATFORM_OPERATOR
            or federation_access.can_view_private(user, parent.library)
        )
    )
