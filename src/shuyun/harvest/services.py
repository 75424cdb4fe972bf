"""The harvest domain's write path: sources, file imports, quarantine re-processing.

`actor=None` is the command line (`shuyun import`, `shuyun harvest`), which runs with the rights
of whoever can run commands on the server; console calls pass the signed-in user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from shuyun.accounts.models import User
from shuyun.analytics.services import EventKind, record_event
from shuyun.catalog.crosswalks import SourceFormat, crosswalk_for
from shuyun.catalog.ingest import BATCH_SIZE, IngestReport, ingest
from shuyun.catalog.records import RawItem
from shuyun.federation.models import Library
from shuyun.harvest import access, quarantine
from shuyun.harvest.files import detect_format, read_items
from shuyun.harvest.models import HarvestSource, Job, JobKind, JobStatus, QuarantinedRecord

SOURCE_FIELDS = frozenset({"name", "endpoint", "metadata_prefix", "set_spec", "schedule", "active"})


def check_actor(actor: User | None, allowed: bool, message: str) -> None:
    if actor is not None and not allowed:
        raise PermissionDenied(message)


def start_job(library: Library, kind: JobKind, label: str, source_format: str, **extra: Any) -> Job:
    return Job.objects.create(
        library=library, kind=kind, label=label[:300], source_format=source_format, **extra
    )


def record_progress(job: Job, report: IngestReport) -> None:
    for name, value in _counts(report).items():
        setattr(job, name, value)
    job.save(update_fields=list(_counts(report)))


def finish_job(job: Job, report: IngestReport, *, error: str = "") -> Job:
    for name, value in _counts(report).items():
        setattr(job, name, value)
    job.status = JobStatus.FAILED if error else JobStatus.DONE
    job.message = error
    job.finished_at = timezone.now()
    job.save()
    return job


def import_file(
    library: Library,
    path: Path,
    *,
    source_format: SourceFormat | None = None,
    mapping: Mapping[str, str] | None = None,
    actor: User | None = None,
    batch_size: int = BATCH_SIZE,
) -> Job:
    """Import a MARC (ISO 2709 or XML), Dublin Core, CSV or XLSX file into `library`'s records.

    Batches commit one by one; records that cannot be read are quarantined and the import goes
    on. The returned job holds the report (added / updated / unchanged / deleted / quarantined).
    """
    check_actor(
        actor, access.can_manage_sources(actor, library), f"You may not import into {library.code}."
    )
    chosen = source_format or detect_format(path)
    try:
        crosswalk_for(chosen, mapping)  # a bad column mapping is refused before any job starts
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    return import_items(
        library,
        read_items(path, chosen),
        chosen,
        label=path.name,
        mapping=mapping,
        actor=actor,
        batch_size=batch_size,
    )


def import_items(
    library: Library,
    items: Iterable[RawItem],
    source_format: SourceFormat,
    *,
    label: str,
    mapping: Mapping[str, str] | None = None,
    actor: User | None = None,
    batch_size: int = BATCH_SIZE,
) -> Job:
    """Import records already split out of their source (a file, a data package) as one job."""
    check_actor(
        actor, access.can_manage_sources(actor, library), f"You may not import into {library.code}."
    )
    crosswalk = crosswalk_for(source_format, mapping)
    job = start_job(library, JobKind.IMPORT, label, source_format, options=dict(mapping or {}))
    report = ingest(
        library,
        items,
        crosswalk,
        origin=f"file:{label}"[:200],
        quarantine=partial(quarantine.keep, job),
        batch_size=batch_size,
    )
    record_event(EventKind.ADMIN_CHANGE, actor, library, job, action="import", **_counts(report))
    return finish_job(job, report)


def _counts(report: IngestReport) -> dict[str, int]:
    names = ("added", "updated", "unchanged", "deleted", "quarantined")
    return {name: getattr(report, name) for name in names}


def reprocess_quarantined(
    actor: User | None,
    library: Library,
    entry_ids: Iterable[int],
    *,
    mapping: Mapping[str, str] | None = None,
) -> Job:
    """Run quarantined records of `library` through the crosswalks again (after a fix).

    `mapping` corrects the column mapping of the spreadsheet imports the entries came from.
    """
    check_actor(
        actor,
        access.can_view_library_data(actor, library),
        f"You may not re-process the quarantine of {library.code}.",
    )
    entries = QuarantinedRecord.objects.filter(
        library=library, pk__in=list(entry_ids), resolved_at__isnull=True
    ).select_related("job", "library")
    if mapping is not None:
        try:
            crosswalk_for(SourceFormat.TABULAR, mapping)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        Job.objects.filter(pk__in=entries.values("job")).update(options=dict(mapping))
    job = start_job(library, JobKind.REPROCESS, "quarantine", "")
    report = IngestReport()
    for entry in entries:
        with transaction.atomic():
            report.include(quarantine.reprocess_entry(entry, job))
    return finish_job(job, report)


def create_source(actor: User | None, library: Library, **fields: Any) -> HarvestSource:
    """Configure an OAI-PMH source for `library`."""
    check_actor(
        actor,
        access.can_manage_sources(actor, library),
        f"You may not add sources to {library.code}.",
    )
    unknown = set(fields) - SOURCE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown source fields: {', '.join(sorted(unknown))}")
    source = HarvestSource(library=library, **fields)
    source.full_clean()
    source.save()
    record_event(EventKind.ADMIN_CHANGE, actor, library, source, action="create")
    return source


def update_source(actor: User | None, source: HarvestSource, **changes: Any) -> HarvestSource:
    library = source.library
    check_actor(
        actor,
        access.can_manage_sources(actor, library),
        f"You may not change sources of {library.code}.",
    )
    unknown = set(changes) - SOURCE_FIELDS
    if unknown:
        raise ValidationError(f"Fields that cannot be changed: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(source, name, value)
    source.full_clean()
    source.save()
    record_event(EventKind.ADMIN_CHANGE, actor, library, source, action="update")
    return source
