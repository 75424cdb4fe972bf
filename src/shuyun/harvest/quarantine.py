"""Keeping what could not be read, and trying it again after a fix."""

from __future__ import annotations

from django.utils import timezone

from shuyun.catalog.crosswalks import SourceFormat, crosswalk_for
from shuyun.catalog.ingest import (
    Failure,
    IngestReport,
    map_item,
    notify_works_changed,
    store_records,
)
from shuyun.catalog.models import Record
from shuyun.catalog.records import MappingError, RawItem
from shuyun.harvest.models import Job, QuarantinedRecord


def keep(job: Job, failures: list[Failure]) -> None:
    """Store failed records of `job` as received, with reason and position."""
    QuarantinedRecord.objects.bulk_create(
        [
            QuarantinedRecord(
                job=job,
                library_id=job.library_id,
                source_format=job.source_format,
                position=failure.item.position[:200],
                source_id=failure.item.source_id[:255],
                datestamp=failure.item.datestamp,
                raw=failure.item.raw,
                reason=failure.reason,
            )
            for failure in failures
        ]
    )


def reprocess_entry(entry: QuarantinedRecord, job: Job) -> IngestReport:
    """Map `entry` again with today's crosswalk; store it and close it, or note the new reason.

    Runs inside the caller's transaction.
    """
    crosswalk = crosswalk_for(SourceFormat(entry.source_format), entry.job.options)
    item = RawItem(bytes(entry.raw), entry.position, entry.source_id, entry.datestamp)
    try:
        data = map_item(item, crosswalk)
    except MappingError as exc:
        entry.reason = f"{entry.position}: {exc}"
        entry.save(update_fields=["reason"])
        return IngestReport(quarantined=1)
    report = store_records(entry.library, [data], origin=f"quarantine:{entry.job_id}")
    entry.record = Record.objects.get(library_id=entry.library_id, source_id=data.source_id)
    entry.resolved_at = timezone.now()
    entry.save(update_fields=["record", "resolved_at"])
    notify_works_changed(report.work_ids)
    return report
