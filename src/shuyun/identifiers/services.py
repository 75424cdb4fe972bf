"""The identifier registry's write path: registration, changes, withdrawal, confirmation.

Every change checks that the identifier is under the acting library's own prefix (access.py),
owns its transaction and writes a version row saying who changed what and when. Prefixes are in
`delegation.py`, batches in `batches.py`, link-health results in `health.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shuyun.analytics.services import EventKind, record_event
from shuyun.federation.models import Library
from shuyun.identifiers import storage, values
from shuyun.identifiers.access import (
    Registrant,
    forget_resolutions_on_commit,
    get_identifier_for_change,
    own_prefix,
)
from shuyun.identifiers.models import (
    Identifier,
    IdentifierStatus,
    IdentifierVersion,
    Location,
    Prefix,
    ResourceType,
)


class DuplicateContent(Exception):
    """The object's SHA-256 is registered already; `existing` is that identifier."""

    def __init__(self, sha256: str, existing: str) -> None:
        super().__init__(f"An object with SHA-256 {sha256} is already registered as {existing}.")
        self.existing = existing


@dataclass(frozen=True)
class Registered:
    identifier: Identifier
    same_work: list[str]  # other identifiers linked to the same warehouse work (flagged)


def library_ids_for(codes: Iterable[str]) -> dict[str, int]:
    wanted = {code.strip().upper() for code in codes if code.strip()}
    if not wanted:
        return {}
    return dict(Library.objects.filter(code__in=wanted).values_list("code", "id"))


def same_work_handles(work_id: int | None, exclude_pk: int | None = None) -> list[str]:
    """Identifiers of objects already linked to the work (the work's own identifier aside)."""
    if work_id is None:
        return []
    found = Identifier.objects.filter(work_id=work_id).exclude(resource_type=ResourceType.WORK)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return list(found.order_by("pk").values_list("handle", flat=True)[:10])


def _clean(
    registrant: Registrant, prefix: Prefix, data: values.IdentifierInput
) -> values.CleanInput:
    library_ids = library_ids_for(location.library for location in data.locations)
    try:
        return values.clean_input(data, prefix.name, library_ids, registrant.library.pk)
    except values.RowError as exc:
        raise ValidationError(exc.errors) from None


def _refuse_duplicate(sha256: str, exclude_pk: int | None = None) -> None:
    if not sha256:
        return
    existing = Identifier.objects.filter(sha256=sha256)
    if exclude_pk is not None:
        existing = existing.exclude(pk=exclude_pk)
    handle = existing.values_list("handle", flat=True).first()
    if handle is not None:
        raise DuplicateContent(sha256, handle)


def register_identifier(registrant: Registrant, data: values.IdentifierInput) -> Registered:
    """Register one object under the registrant's prefix, minting a suffix unless one is given.

    Refused with DuplicateContent when its SHA-256 is registered already; flagged for confirmation
    (`needs_confirmation`) when other objects are already linked to the same warehouse work.
    """
    prefix = own_prefix(registrant)
    clean = _clean(registrant, prefix, data)
    _refuse_duplicate(clean.sha256)
    if clean.suffix and Identifier.objects.filter(handle=f"{prefix.name}/{clean.suffix}").exists():
        raise ValidationError({"suffix": f"{prefix.name}/{clean.suffix} is already registered"})
    same_work = same_work_handles(clean.work_id)
    clean.needs_confirmation = bool(same_work)
    with transaction.atomic():
        [handle] = storage.insert_identifiers(registrant, prefix, [clean])
    identifier = Identifier.objects.select_related("prefix", "library").get(handle=handle)
    record_event(
        EventKind.ADMIN_CHANGE, registrant.user, registrant.library, identifier, action="register"
    )
    return Registered(identifier, same_work)


def _version(
    identifier: Identifier,
    registrant: Registrant,
    change: str,
    locations: Sequence[Location | values.CleanLocation],
    when: datetime,
) -> IdentifierVersion:
    return IdentifierVersion(
        identifier_id=identifier.pk,
        number=identifier.version,
        changed_at=when,
        actor=registrant.user,
        via=registrant.via,
        change=change,
        values=values.snapshot(identifier, locations),
    )


def _save_version(identifier: Identifier, registrant: Registrant, change: str) -> None:
    forget_resolutions_on_commit([identifier.handle])
    now = timezone.now()
    identifier.version += 1
    identifier.updated_at = now
    identifier.save()
    locations = list(identifier.locations.all())
    _version(identifier, registrant, change, locations, now).save()
    record_event(
        EventKind.ADMIN_CHANGE, registrant.user, registrant.library, identifier, action=change
    )


def update_identifier(
    registrant: Registrant, handle: str, data: values.IdentifierInput
) -> Registered:
    """Replace an active identifier's values and locations (its name never changes)."""
    identifier = get_identifier_for_change(registrant, handle)
    if identifier.is_withdrawn:
        raise ValidationError(f"{identifier.handle} is withdrawn and can no longer change.")
    data.suffix = ""
    clean = _clean(registrant, identifier.prefix, data)
    _refuse_duplicate(clean.sha256, exclude_pk=identifier.pk)
    same_work = same_work_handles(clean.work_id, exclude_pk=identifier.pk)
    with transaction.atomic():
        identifier = Identifier.objects.select_for_update().get(pk=identifier.pk)
        if clean.work_id != identifier.work_id:
            identifier.needs_confirmation = bool(same_work)
        for name in ("title", "resource_type", "sha256", "work_id"):
            setattr(identifier, name, getattr(clean, name))
        _replace_locations(identifier, clean.locations)
        _save_version(identifier, registrant, "update")
    return Registered(identifier, same_work)


def replace_locations(
    registrant: Registrant, handle: str, locations: list[values.LocationInput]
) -> Registered:
    """Replace an active identifier's locations, keeping its other values (a new version)."""
    identifier = get_identifier_for_change(registrant, handle)
    data = values.IdentifierInput(
        locations=locations,
        title=identifier.title,
        resource_type=identifier.resource_type,
        sha256=identifier.sha256,
        work_id=identifier.work_id,
    )
    return update_identifier(registrant, identifier.handle, data)


def _replace_locations(identifier: Identifier, locations: list[values.CleanLocation]) -> None:
    # A location whose URL stays keeps its health record.
    kept = {loc.url: loc for loc in identifier.locations.all()}
    new = []
    for clean in locations:
        location = kept.pop(clean.url, None) or Location(identifier=identifier, url=clean.url)
        location.library_id, location.priority = clean.library_id, clean.priority
        new.append(location)
    Location.objects.filter(pk__in=[loc.pk for loc in kept.values()]).delete()
    for location in new:
        location.save()
    identifier.targets = values.targets_for(new)


def withdraw_identifier(registrant: Registrant, handle: str, reason: str) -> Identifier:
    """Withdraw an identifier: it then answers 410 with a tombstone; its name is never reused."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the identifier is withdrawn."})
    identifier = get_identifier_for_change(registrant, handle)
    if identifier.is_withdrawn:
        raise ValidationError(f"{identifier.handle} is withdrawn already.")
    with transaction.atomic():
        identifier = Identifier.objects.select_for_update().get(pk=identifier.pk)
        identifier.status = IdentifierStatus.WITHDRAWN
        identifier.withdrawn_reason = reason.strip()
        _save_version(identifier, registrant, "withdraw")
    return identifier


def confirm_identifier(registrant: Registrant, handle: str) -> Identifier:
    """Confirm that an object flagged as falling in an existing work is not a duplicate."""
    identifier = get_identifier_for_change(registrant, handle)
    with transaction.atomic():
        identifier = Identifier.objects.select_for_update().get(pk=identifier.pk)
        identifier.needs_confirmation = False
        _save_version(identifier, registrant, "confirm")
    return identifier
