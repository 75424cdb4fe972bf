"""Write path for naming authority: the root prefix and delegated sub-prefixes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from shuyun.accounts.models import User
from shuyun.analytics.services import EventKind, record_event
from shuyun.federation.models import Library
from shuyun.identifiers import access, naming
from shuyun.identifiers.models import Prefix


def configure_root_prefix(actor: User, name: str, library: Library) -> Prefix:
    """Set the network's root prefix (once: handles under it are promised to persist)."""
    if not access.can_configure_root(actor):
        raise PermissionDenied("Only the platform operator configures the root prefix.")
    if Prefix.objects.filter(is_root=True).exists():
        raise ValidationError("The root prefix is configured already and cannot change.")
    try:
        cleaned = naming.clean_prefix(name)
    except naming.InvalidName as exc:
        raise ValidationError({"name": str(exc)}) from None
    return _create_prefix(actor, cleaned, library, parent=None)


def delegate_prefix(actor: User, parent: Prefix, library: Library, segment: str) -> Prefix:
    """Give `library` the sub-prefix `<parent>.<segment>` (an operator's job, in their scope)."""
    if not access.can_delegate(actor, parent, library):
        raise PermissionDenied(
            f"You may not delegate a prefix under {parent.name} to {library.code}."
        )
    try:
        name = naming.clean_prefix(f"{parent.name}.{naming.clean_segment(segment)}")
    except naming.InvalidName as exc:
        raise ValidationError({"segment": str(exc)}) from None
    return _create_prefix(actor, name, library, parent=parent)


def _create_prefix(actor: User, name: str, library: Library, parent: Prefix | None) -> Prefix:
    if Prefix.objects.filter(library=library).exists():
        raise ValidationError({"library": f"{library.code} has a prefix already."})
    if Prefix.objects.filter(name=name).exists():
        raise ValidationError({"segment": f"The prefix {name} is taken."})
    try:
        with transaction.atomic():
            prefix = Prefix.objects.create(
                name=name, library=library, parent=parent, is_root=parent is None, created_by=actor
            )
    except IntegrityError:
        raise ValidationError(f"The prefix {name} was just taken; choose another.") from None
    record_event(EventKind.ADMIN_CHANGE, actor, library, prefix, action="prefix")
    return prefix
