"""The federation registry's write path. Every change checks permission and owns its transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from shuyun.accounts.models import User
from shuyun.analytics.services import EventKind, record_event
from shuyun.federation import access, apikeys, sites, table
from shuyun.federation.models import (
    ALLOWED_PARENT_LEVELS,
    PATH_SEPARATOR,
    ApiKey,
    ApiScope,
    BranchSite,
    Level,
    Library,
    LibraryPrivateSettings,
    ProvincialTarget,
    SiteHost,
)

PROFILE_FIELDS = frozenset(
    {
        "name_zh",
        "name_en",
        "division_code",
        "address",
        "latitude",
        "longitude",
        "website",
        "oai_endpoint",
        "resource_volume_tb",
        "joined_on",
    }
)
STRUCTURAL_FIELDS = frozenset({"parent", "level", "status"})
PRIVATE_FIELDS = frozenset(
    {f.name for f in LibraryPrivateSettings._meta.concrete_fields} - {"id", "library"}
)


def _check_placement(library: Library, parent: Library | None) -> None:
    allowed = ALLOWED_PARENT_LEVELS[library.level]
    if parent is None:
        if allowed:
            raise ValidationError({"parent": f"A {library.level} library needs a parent."})
        return
    if parent.level not in allowed:
        raise ValidationError(
            {"parent": f"A {library.level} library cannot sit under a {parent.level} library."}
        )
    if library.pk and parent.path.startswith(library.path):
        raise ValidationError({"parent": "A library cannot sit under itself or its own branches."})


def _path_for(code: str, parent: Library | None) -> str:
    prefix = parent.path if parent else PATH_SEPARATOR
    return f"{prefix}{code}{PATH_SEPARATOR}"


def _move_descendants(old_path: str, new_path: str) -> None:
    descendants = list(Library.objects.filter(path__startswith=old_path).exclude(path=old_path))
    for descendant in descendants:
        descendant.path = new_path + descendant.path[len(old_path) :]
        descendant.depth = descendant.path.count(PATH_SEPARATOR) - 2
    Library.objects.bulk_update(descendants, ["path", "depth"], batch_size=500)


def _place(library: Library, parent: Library | None) -> None:
    _check_placement(library, parent)
    library.parent = parent
    library.path = _path_for(library.code, parent)
    library.depth = library.path.count(PATH_SEPARATOR) - 2


def create_library(actor: User, *, parent: Library | None, **fields: Any) -> Library:
    """Add a library to the network under `parent` (an operator's job)."""
    if not access.can_add_under(actor, parent):
        where = parent.code if parent else "the root"
        raise PermissionDenied(f"You may not add libraries under {where}.")
    unknown = set(fields) - PROFILE_FIELDS - STRUCTURAL_FIELDS - {"code"}
    if unknown:
        raise ValidationError(f"Unknown library fields: {', '.join(sorted(unknown))}")
    library = Library(**fields)
    _place(library, parent)
    library.full_clean()
    with transaction.atomic():
        library.save()
        LibraryPrivateSettings.objects.create(library=library)
        sites.forget_sites_on_commit()
    record_event(EventKind.ADMIN_CHANGE, actor, library, library, action="create")
    return library


def update_library(actor: User, library: Library, **changes: Any) -> Library:
    """Change a library's profile; moving it (a new parent) carries its whole subtree along."""
    if not access.can_edit(actor, library):
        raise PermissionDenied(f"You may not change library {library.code}.")
    unknown = set(changes) - PROFILE_FIELDS - STRUCTURAL_FIELDS
    if unknown:
        raise ValidationError(f"Fields that cannot be changed: {', '.join(sorted(unknown))}")
    structural = {
        name for name in STRUCTURAL_FIELDS & set(changes) if getattr(library, name) != changes[name]
    }
    if structural and not access.can_restructure(actor, library):
        raise PermissionDenied(
            f"Only an operator may change {', '.join(sorted(structural))} of {library.code}."
        )
    with transaction.atomic():
        library = Library.objects.select_for_update().get(pk=library.pk)
        old_path = library.path
        parent = changes.pop("parent", library.parent)
        for name, value in changes.items():
            setattr(library, name, value)
        _place(library, parent)
        if parent is not None and not access.can_edit(actor, parent) and "parent" in structural:
            raise PermissionDenied(f"You may not move libraries under {parent.code}.")
        library.full_clean()
        library.save()
        if library.path != old_path:
            _move_descendants(old_path, library.path)
        sites.forget_sites_on_commit()
    record_event(EventKind.ADMIN_CHANGE, actor, library, library, action="update")
    return library


def update_private_settings(
    actor: User, library: Library, **changes: Any
) -> LibraryPrivateSettings:
    if not access.can_edit(actor, library):
        raise PermissionDenied(f"You may not change library {library.code}.")
    unknown = set(changes) - PRIVATE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown private settings: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        private, _ = LibraryPrivateSettings.objects.select_for_update().get_or_create(
            library=library
        )
        for name, value in changes.items():
            setattr(private, name, value)
        private.full_clean()
        private.save()
    record_event(EventKind.ADMIN_CHANGE, actor, library, library, action="private-settings")
    return private


def set_provincial_target(actor: User, province: Library, level: str, target_tb: Decimal) -> None:
    """Set a province's own resource target for one level (Zhejiang: 200 / 60 / 10 TB)."""
    if province.level != Level.PROVINCIAL:
        raise ValidationError(f"{province.code} is not a provincial library.")
    if not access.can_restructure(actor, province):
        raise PermissionDenied(f"You may not set targets for {province.code}.")
    with transaction.atomic():
        ProvincialTarget.objects.update_or_create(
            province=province, level=level, defaults={"target_tb": target_tb}
        )


@dataclass
class SiteLook:
    title: str = ""
    tagline: str = ""
    primary_color: str = "#8c1c13"
    accent_color: str = "#c9a227"
    hosts: list[str] = field(default_factory=list)
    logo: File[Any] | None = None  # a new logo; None keeps the current one


def save_branch_site(actor: User, library: Library, look: SiteLook) -> BranchSite:
    """Open or change a library's branch site and the host names that reach it."""
    if not access.can_edit(actor, library):
        raise PermissionDenied(f"You may not change the site of {library.code}.")
    hostnames = sorted({host.strip().lower() for host in look.hosts if host.strip()})
    taken = SiteHost.objects.filter(hostname__in=hostnames).exclude(site__library=library)
    if taken.exists():
        raise ValidationError(
            {"hosts": [f"{h.hostname} already belongs to another library" for h in taken]}
        )
    with transaction.atomic():
        site, _ = BranchSite.objects.get_or_create(library=library)
        site.title, site.tagline = look.title, look.tagline
        site.primary_color, site.accent_color = look.primary_color, look.accent_color
        if look.logo is not None:
            site.logo.save(look.logo.name or "logo", look.logo, save=False)
        site.full_clean()
        site.save()
        site.hosts.exclude(hostname__in=hostnames).delete()
        sites.forget_sites_on_commit()
        for hostname in hostnames:
            host = SiteHost(site=site, hostname=hostname)
            if not site.hosts.filter(hostname=hostname).exists():
                host.full_clean(exclude=["site"])
                host.save()
    record_event(EventKind.ADMIN_CHANGE, actor, library, library, action="branch-site")
    return site


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return not self.errors


class _RejectBatch(Exception):
    """Raised inside the import transaction to roll every row back."""


def import_libraries(actor: User, rows: list[table.Row]) -> ImportReport:
    """Create or update libraries from table rows, all or nothing.

    Rows are applied parents first through the same write path as single edits; if any row is
    rejected the whole batch is rolled back and the report lists every rejected line with its
    reason, so the corrected file can simply be imported again.
    """
    report = ImportReport()
    try:
        with transaction.atomic():
            for row in _parents_first(rows, report):
                _import_row(actor, row, report)
            if report.errors:
                raise _RejectBatch
    except _RejectBatch:
        report.created = report.updated = 0
    report.errors.sort()
    return report


def _parents_first(rows: list[table.Row], report: ImportReport) -> list[table.Row]:
    by_code: dict[str, table.Row] = {}
    for row in rows:
        code = row.values.get("code", "").upper()
        if code in by_code:
            report.errors.append((row.line, f"code {code} also on line {by_code[code].line}"))
        elif code:
            by_code[code] = row

    def depth(row: table.Row, seen: frozenset[str] = frozenset()) -> int:
        parent = row.values.get("parent", "").upper()
        if parent not in by_code or parent in seen:
            return 0
        return 1 + depth(by_code[parent], seen | {parent})

    return sorted(rows, key=depth)


def _import_row(actor: User, row: table.Row, report: ImportReport) -> None:
    fields, errors = table.parse_fields(row.values)
    parent_code = row.values.get("parent", "").upper()
    parent = Library.objects.filter(code=parent_code).first() if parent_code else None
    if parent_code and parent is None:
        errors["parent"] = f"no library {parent_code} in the registry or earlier in this file"
    if errors:
        report.errors.extend((row.line, f"{col}: {msg}") for col, msg in errors.items())
        return
    code = fields.pop("code")
    existing = Library.objects.filter(code=code).first()
    try:
        with transaction.atomic():
            if existing:
                update_library(actor, existing, parent=parent, **fields)
                report.updated += 1
            else:
                create_library(actor, parent=parent, code=code, **fields)
                report.created += 1
    except ValidationError as exc:
        report.errors.extend((row.line, message) for message in _messages(exc))
    except PermissionDenied as exc:
        report.errors.append((row.line, str(exc)))


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{name}: {' '.join(m)}" for name, m in exc.message_dict.items()]
    return list(exc.messages)


def issue_api_key(
    actor: User, library: Library, name: str, scopes: list[ApiScope]
) -> tuple[ApiKey, str]:
    """A new key for `library`'s systems; the full key is returned once and never stored."""
    if not access.can_edit(actor, library):
        raise PermissionDenied(f"You may not issue keys for {library.code}.")
    if not scopes:
        raise ValidationError({"scopes": "Choose at least one scope."})
    full_key, prefix, secret_hash = apikeys.new_key()
    key = ApiKey(
        library=library,
        name=name,
        prefix=prefix,
        secret_hash=secret_hash,
        scopes=sorted(set(scopes)),
        created_by=actor,
    )
    key.full_clean()
    with transaction.atomic():
        key.save()
    record_event(EventKind.ADMIN_CHANGE, actor, library, key, action="issue-api-key")
    return key, full_key


def revoke_api_key(actor: User, key: ApiKey) -> None:
    if not access.can_edit(actor, key.library):
        raise PermissionDenied(f"You may not revoke keys of {key.library.code}.")
    with transaction.atomic():
        ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record_event(EventKind.ADMIN_CHANGE, actor, key.library, key, action="revoke-api-key")
