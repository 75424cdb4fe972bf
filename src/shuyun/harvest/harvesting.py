"""Harvesting a library's OAI-PMH sources: incremental by datestamp, resumable, page by page.

Each page commits with the resumption token that follows it, so an interrupted harvest goes on
from the last page it stored. The next incremental harvest asks `from` the responseDate of the
first page of the last complete one, written as finely as the source's granularity allows.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone

from shuyun.accounts.models import User
from shuyun.analytics.services import EventKind, record_event
from shuyun.catalog.crosswalks import SourceFormat, crosswalk_for
from shuyun.catalog.ingest import IngestReport, ingest
from shuyun.catalog.records import RawItem
from shuyun.federation.models import Library
from shuyun.harvest import access, quarantine
from shuyun.harvest.models import HarvestSource, Job, JobKind
from shuyun.harvest.oai import HarvestError, OAIClient, OAIError, Page, format_datestamp
from shuyun.harvest.services import check_actor, finish_job, record_progress, start_job

# OAI metadata prefixes and the crosswalk their records go through.
METADATA_FORMATS: dict[str, SourceFormat] = {
    "oai_dc": SourceFormat.OAI_DC,
    "marc21": SourceFormat.MARC,
    "marcxml": SourceFormat.MARC,
    "marc": SourceFormat.MARC,
    "unimarc": SourceFormat.MARC,
    "cnmarc": SourceFormat.MARC,
}


def source_format_for(prefix: str) -> SourceFormat:
    try:
        return METADATA_FORMATS[prefix.lower()]
    except KeyError:
        raise HarvestError(f"no crosswalk for metadata prefix {prefix!r}") from None


def _items(page: Page, number: int) -> list[RawItem]:
    return [
        RawItem(
            record.metadata,
            f"page {number} record {index} ({record.identifier})",
            source_id=record.identifier,
            datestamp=record.datestamp,
            deleted=record.deleted,
            sets=record.sets,
        )
        for index, record in enumerate(page.records, start=1)
    ]


def _start(source: HarvestSource, client: OAIClient, full: bool) -> dict[str, str]:
    """The list_records arguments: go on from a stored token, or start (incrementally)."""
    if not source.granularity:
        source.granularity = client.identify().granularity
        source.save(update_fields=["granularity"])
    if source.resumption_token and not full:
        return {"resumption_token": source.resumption_token}
    source.resumption_token, source.pending_until = "", None
    since = None if full else source.harvested_until
    return {
        "set_spec": source.set_spec,
        "from_": format_datestamp(since, source.granularity) if since else "",
    }


def harvest_source(
    source: HarvestSource,
    *,
    full: bool = False,
    actor: User | None = None,
    client: OAIClient | None = None,
) -> Job:
    """Harvest one source; the job reports what changed, or why it stopped (resume later)."""
    check_actor(
        actor,
        access.can_manage_sources(actor, source.library),
        f"You may not harvest {source.name}.",
    )
    client = client or OAIClient(source.endpoint)
    chosen = source_format_for(source.metadata_prefix)
    job = start_job(source.library, JobKind.HARVEST, source.endpoint, chosen, source=source)
    report = IngestReport()
    try:
        arguments = _start(source, client, full)
        pages = client.list_records(source.metadata_prefix, **arguments)
        for number, page in enumerate(pages, start=1):
            _store_page(source, job, page, number, chosen, report)
    except (HarvestError, OAIError) as exc:
        return finish_job(job, report, error=str(exc))
    source.harvested_until = source.pending_until or timezone.now()
    source.resumption_token, source.pending_until = "", None
    source.save(update_fields=["harvested_until", "resumption_token", "pending_until"])
    record_event(EventKind.ADMIN_CHANGE, actor, source.library, job, action="harvest")
    return finish_job(job, report)


def _store_page(
    source: HarvestSource,
    job: Job,
    page: Page,
    number: int,
    chosen: SourceFormat,
    report: IngestReport,
) -> None:
    with transaction.atomic():
        report.include(
            ingest(
                source.library,
                _items(page, number),
                crosswalk_for(chosen),
                origin=source.origin,
                quarantine=partial(quarantine.keep, job),
            )
        )
        if source.pending_until is None:
            source.pending_until = page.response_date or timezone.now()
        source.resumption_token = page.token
        source.save(update_fields=["resumption_token", "pending_until"])
        record_progress(job, report)


def harvest_library(
    library: Library, *, full: bool = False, actor: User | None = None
) -> list[Job]:
    """Harvest every active source of `library`, one after another."""
    sources = HarvestSource.objects.filter(library=library, active=True).select_related("library")
    return [harvest_source(source, full=full, actor=actor) for source in sources]
