"""Who may see and change what in the federation registry: every check lives here.

The public directory (names, levels, places, websites) is open to everyone. A library's private
settings are seen by the operators above it and by its own staff: a platform operator for the whole
network, a provincial operator for the province's subtree, a library's administrator and librarians
for the library and its own branches and service points (not the member libraries below it).
Operators and the library's administrator may change them; librarians only read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from shuyun.accounts.models import Role, User
from shuyun.federation.apikeys import ApiClient
from shuyun.federation.models import ApiKey, ApiScope, Level, Library

MANAGING_ROLES = frozenset({Role.PLATFORM_OPERATOR, Role.PROVINCIAL_OPERATOR, Role.LIBRARY_ADMIN})
OPERATOR_ROLES = frozenset({Role.PLATFORM_OPERATOR, Role.PROVINCIAL_OPERATOR})


def public_libraries() -> QuerySet[Library]:
    """The public directory: every library that has not closed."""
    return Library.objects.exclude(status="closed")


def subtree_of(root: Library) -> QuerySet[Library]:
    return Library.objects.filter(path__startswith=root.path)


def is_console_user(user: object) -> bool:
    return isinstance(user, User) and user.is_network_staff


def staff_scope(user: object) -> QuerySet[Library]:
    """Libraries whose private side this staff member may see; empty for anyone else."""
    if not is_console_user(user):
        return Library.objects.none()
    assert isinstance(user, User)  # noqa: S101 - narrowed by is_console_user
    if user.role == Role.PLATFORM_OPERATOR:
        return Library.objects.all()
    if user.library is None:
        return Library.objects.none()
    if user.role == Role.PROVINCIAL_OPERATOR:
        return subtree_of(user.library)
    return own_outlets(user.library)


def own_outlets(library: Library) -> QuerySet[Library]:
    """A library with its own branches and service points, without the member libraries below."""
    outlets = [Level.BRANCH, Level.SERVICE_POINT]
    return Library.objects.filter(
        Q(pk=library.pk)
        | Q(parent=library, level__in=outlets)
        | Q(parent__parent=library, parent__level=Level.BRANCH, level=Level.SERVICE_POINT)
    )


def can_view_private(user: object, library: Library) -> bool:
    return staff_scope(user).filter(pk=library.pk).exists()


def can_edit(user: object, library: Library) -> bool:
    if not isinstance(user, User) or user.role not in MANAGING_ROLES:
        return False
    return can_view_private(user, library)


def can_add_under(user: object, parent: Library | None) -> bool:
    """Creating libraries is an operator's job, within the operator's subtree."""
    if not isinstance(user, User) or user.role not in OPERATOR_ROLES:
        return False
    if parent is None:
        return user.role == Role.PLATFORM_OPERATOR
    return can_view_private(user, parent)


def get_library(code: str) -> Library:
    try:
        return Library.objects.select_related("parent").get(code=code)
    except Library.DoesNotExist:
        raise Http404(f"No library with code {code!r}") from None


def get_library_for_view(user: object, code: str) -> Library:
    """A library with its private settings, for staff who may see them."""
    library = get_library(code)
    if not can_view_private(user, library):
        raise PermissionDenied(f"You may not see the private settings of {code}.")
    return library


def get_library_for_edit(user: object, code: str) -> Library:
    library = get_library(code)
    if not can_edit(user, library):
        raise PermissionDenied(f"You may not change library {code}.")
    return library


def can_restructure(user: object, library: Library) -> bool:
    """Moving a library in the tree, or changing its level or status, is an operator's job."""
    return (
        isinstance(user, User) and user.role in OPERATOR_ROLES and can_view_private(user, library)
    )


def require_scope(request: HttpRequest, scope: ApiScope) -> ApiClient:
    """The calling member library's client, if its key grants `scope`; 403 otherwise."""
    client = getattr(request, "auth", None)
    if not isinstance(client, ApiClient):
        raise PermissionDenied("This interface needs a member library's API key (X-API-Key).")
    if not client.has(scope):
        raise PermissionDenied(f"This API key lacks the {scope.value!r} scope.")
    return client


def api_keys_for(user: object, library: Library) -> QuerySet[ApiKey]:
    """A library's keys, for those who may manage the library."""
    if not can_edit(user, library):
        raise PermissionDenied(f"You may not see the API keys of {library.code}.")
    return library.api_keys.select_related("created_by")
