"""Who may see and run a library's harvest sources, jobs and quarantine: every check lives here.

A library's own staff (administrator and librarians) and the operators above it (provincial for
the province, platform for the network) see its sources, jobs and quarantined records, and may
re-process quarantined records; configuring sources is for operators and the administrator.
Everyone else (another library's staff, readers, anonymous visitors) is refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from shuyun.federation import access as federation_access
from shuyun.federation.models import Library
from shuyun.harvest.models import HarvestSource, Job, QuarantinedRecord


def can_view_library_data(user: object, library: Library) -> bool:
    return federation_access.can_view_private(user, library)


def can_manage_sources(user: object, library: Library) -> bool:
    return federation_access.can_edit(user, library)


def get_library_for(user: object, code: str) -> Library:
    """The library with `code` if `user` may see its harvesting and quarantine, else refuse."""
    library = get_object_or_404(Library, code=code)
    if not can_view_library_data(user, library):
        raise PermissionDenied(f"You may not see the data of library {code}.")
    return library


def libraries_for(user: object) -> QuerySet[Library]:
    return federation_access.staff_scope(user)


def sources_for(user: object, library: Library) -> QuerySet[HarvestSource]:
    if not can_view_library_data(user, library):
        raise PermissionDenied(f"You may not see the sources of library {library.code}.")
    return HarvestSource.objects.filter(library=library)


def jobs_for(user: object, library: Library) -> QuerySet[Job]:
    if not can_view_library_data(user, library):
        raise PermissionDenied(f"You may not see the jobs of library {library.code}.")
    return Job.objects.filter(library=library).select_related("source")


def quarantine_for(user: object, library: Library) -> QuerySet[QuarantinedRecord]:
    """Open (not yet re-processed) quarantined records of `library`."""
    if not can_view_library_data(user, library):
        raise PermissionDenied(f"You may not see the quarantine of library {library.code}.")
    return QuarantinedRecord.objects.filter(library=library, resolved_at__isnull=True).defer("raw")
