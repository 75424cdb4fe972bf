"""Storing mapped records in batches: add, update (keeping the old version), delete, cluster.

A batch is one transaction of a handful of queries whatever its size. Records that cannot be
mapped go to the caller's quarantine in the same transaction, so a batch is kept whole or not at
all, and `works_changed` is sent once it has committed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

from django.db import transaction
from django.utils import timezone

from shuyun.catalog.clustering import assign_works
from shuyun.catalog.crosswalks import Crosswalk
from shuyun.catalog.inserts import insert_records
from shuyun.catalog.models import Record, RecordVersion, Work
from shuyun.catalog.records import MODEL_FIELDS, MappingError, RawItem, RecordData
from shuyun.catalog.signals import works_changed
from shuyun.catalog.sql import select_in
from shuyun.federation.models import Library

BATCH_SIZE = 1000
# Through the unique (library_id, source_id) index.
STORED_SQL = (
    "SELECT source_id, id, raw_digest, deleted FROM catalog_record "
    "WHERE library_id = %s AND source_id IN ({marks})"
)
YOUNG_COLLECTION_THRESHOLD = 20_000
UPDATE_FIELDS = [
    *MODEL_FIELDS,
    *("raw", "raw_digest", "datestamp", "deleted", "version", "work", "cluster_reason"),
    *("origin", "source_format", "updated_at"),
]


@dataclass(frozen=True)
class Failure:
    item: RawItem
    reason: str


QuarantineSink = Callable[[list[Failure]], None]


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    quarantined: int = 0
    work_ids: set[int] = field(default_factory=set)

    def include(self, other: IngestReport) -> None:
        for name in ("added", "updated", "unchanged", "deleted", "quarantined"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.work_ids |= other.work_ids


def ingest(
    library: Library,
    items: Iterable[RawItem],
    crosswalk: Crosswalk,
    *,
    origin: str,
    quarantine: QuarantineSink,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Map and store `items` for `library` batch by batch; unmappable ones go to `quarantine`.

    The report counts what happened; each batch has sent `works_changed` for its own works, so
    the report keeps none of them and memory stays flat however long the input.
    """
    report = IngestReport()
    iterator = iter(items)
    with fewer_young_collections():
        while batch := list(islice(iterator, batch_size)):
            done = ingest_batch(library, batch, crosswalk, origin=origin, quarantine=quarantine)
            done.work_ids.clear()
            report.include(done)
    return report


@contextmanager
def fewer_young_collections() -> Iterator[None]:
    """Run the garbage collector's youngest generation less often while ingesting.

    A batch allocates some hundred thousand small containers that die young; at the default
    threshold (700) the collector runs every few records and costs a tenth of ingest. The
    setting is process-wide, so it is restored on the way out.
    """
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def map_item(item: RawItem, crosswalk: Crosswalk) -> RecordData:
    """The record an item maps to, with what its envelope says taking precedence."""
    data = crosswalk(item.raw)
    if item.source_id:
        data.source_id = item.source_id
    if item.datestamp:
        data.datestamp = item.datestamp
    return data


def ingest_batch(
    library: Library,
    batch: list[RawItem],
    crosswalk: Crosswalk,
    *,
    origin: str,
    quarantine: QuarantineSink,
) -> IngestReport:
    mapped: list[RecordData] = []
    deletions: list[RawItem] = []
    failures: list[Failure] = []
    for item in batch:
        if item.deleted:
            deletions.append(item)
            continue
        if item.error:
            failures.append(Failure(item, f"{item.position}: {item.error}"))
            continue
        try:
            mapped.append(map_item(item, crosswalk))
        except MappingError as exc:
            failures.append(Failure(item, f"{item.position}: {exc}"))
    report = IngestReport(quarantined=len(failures))
    with transaction.atomic():
        for part in _without_repeats(mapped):
            report.include(store_records(library, part, origin=origin))
        report.include(delete_records(library, deletions))
        if failures:
            quarantine(failures)
        notify_works_changed(report.work_ids)
    return report


def notify_works_changed(work_ids: Iterable[int]) -> None:
    ids = sorted(set(work_ids))
    if ids:
        transaction.on_commit(partial(works_changed.send, sender=Work, work_ids=ids))


def _without_repeats(records: list[RecordData]) -> Iterator[list[RecordData]]:
    """Runs of records with distinct source ids: a repeat within a batch is a later update."""
    run: dict[str, RecordData] = {}
    for record in records:
        if record.source_id in run:
            yield list(run.values())
            run = {}
        run[record.source_id] = record
    if run:
        yield list(run.values())


def snapshot(record: Record) -> RecordVersion:
    data = {name: getattr(record, name) for name in MODEL_FIELDS}
    data["work_id"] = record.work_id
    return RecordVersion(
        record=record,
        version=record.version,
        raw=bytes(record.raw),
        data=data,
        datestamp=record.datestamp,
        deleted=record.deleted,
    )


def store_records(library: Library, records: list[RecordData], *, origin: str) -> IngestReport:
    """Add new records and update changed ones (distinct source ids). Inside a transaction.

    The lookup reads three columns through the (library, source_id) index; whole rows are
    loaded only for records that changed.
    """
    stored = {
        source_id: (pk, digest, deleted)
        for source_id, pk, digest, deleted in select_in(
            STORED_SQL, [d.source_id for d in records], library.pk
        )
    }
    new = [d for d in records if d.source_id not in stored]
    changed_ids = {
        stored[d.source_id][0]: d
        for d in records
        if d.source_id in stored
        and (stored[d.source_id][1] != d.raw_digest or stored[d.source_id][2])
    }
    report = IngestReport(added=len(new), updated=len(changed_ids))
    report.unchanged = len(records) - len(new) - len(changed_ids)
    assignments = assign_works(new)
    insert_records(library, new, assignments, origin)
    report.work_ids.update(a.work_id for a in assignments)
    if changed_ids:
        rows = Record.objects.in_bulk(list(changed_ids))
        report.work_ids.update(_update([(rows[pk], d) for pk, d in changed_ids.items()], origin))
    return report


def _update(changed: list[tuple[Record, RecordData]], origin: str) -> set[int]:
    if not changed:
        return set()
    RecordVersion.objects.bulk_create([snapshot(record) for record, _ in changed])
    touched = {record.work_id for record, _ in changed}
    movable = [(r, d) for r, d in changed if not r.cluster_pinned]
    for (record, _), assignment in zip(movable, assign_works([d for _, d in movable]), strict=True):
        record.work_id, record.cluster_reason = assignment.work_id, assignment.reason
    now = timezone.now()
    for record, data in changed:
        for name, value in data.model_fields().items():
            setattr(record, name, value)
        record.raw, record.raw_digest, record.datestamp = data.raw, data.raw_digest, data.datestamp
        record.origin, record.source_format = origin, data.source_format
        record.deleted, record.version, record.updated_at = False, record.version + 1, now
        touched.add(record.work_id)
    Record.objects.bulk_update([r for r, _ in changed], UPDATE_FIELDS, batch_size=200)
    return touched


def delete_records(library: Library, items: list[RawItem]) -> IngestReport:
    """Mark records deleted (their previous version kept); unknown identifiers are ignored."""
    if not items:
        return IngestReport()
    by_id = {item.source_id: item for item in items}
    records = list(Record.objects.filter(library=library, source_id__in=list(by_id), deleted=False))
    RecordVersion.objects.bulk_create([snapshot(record) for record in records])
    now = timezone.now()
    for record in records:
        record.deleted, record.version, record.updated_at = True, record.version + 1, now
        record.datestamp = by_id[record.source_id].datestamp or record.datestamp
    Record.objects.bulk_update(records, ["deleted", "version", "updated_at", "datestamp"])
    return IngestReport(deleted=len(records), work_ids={r.work_id for r in records})
