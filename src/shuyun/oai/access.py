"""What the open interfaces (OAI-PMH and the records/works API) read: every warehouse record,
live or deleted.

Records are public metadata (discovery shows them all), so reading them needs no permission
checks beyond the API key the REST endpoints ask for; this module is the one place that reads
the warehouse for them. An item's datestamp is the
record's `updated_at` in the warehouse (when we last changed it), and lists run in
(updated_at, id) order, which the `record_changed_order` index serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from shuyun.analytics.models import Event, EventKind
from shuyun.catalog.models import Record
from shuyun.federation import access as federation_access
from shuyun.federation.models import BranchSite, Library, Status
from shuyun.federation.sites import SiteContext
from shuyun.oai.protocol import Window
from shuyun.oai.sets import TYPE_SET, SetCatalogue, resource_type_of
from shuyun.oai.tokens import Position

USAGE_DAYS = 30
HEADER_COLUMNS = ("id", "updated_at", "deleted", "library_id", "resource_type")


def identifier_of(record_id: int) -> str:
    return f"oai:{settings.SHUYUN_OAI_REPOSITORY_ID}:{record_id}"


def record_id_of(identifier: str) -> int | None:
    prefix = f"oai:{settings.SHUYUN_OAI_REPOSITORY_ID}:"
    local = identifier.removeprefix(prefix)
    if local == identifier or not local.isascii() or not local.isdigit():
        return None
    return int(local)


def get_item(identifier: str, columns: tuple[str, ...] = ()) -> Record | None:
    record_id = record_id_of(identifier)
    if record_id is None:
        return None
    return Record.objects.only(*HEADER_COLUMNS, *columns).filter(pk=record_id).first()


def earliest_datestamp() -> datetime | None:
    return Record.objects.aggregate(earliest=Min("updated_at"))["earliest"]


def selection(window: Window, set_spec: str, catalogue: SetCatalogue) -> QuerySet[Record]:
    """Records in the datestamp window and the set (a library's subtree or a resource type)."""
    records = Record.objects.all()
    if window.start is not None:
        records = records.filter(updated_at__gte=window.start)
    if window.end is not None:
        records = records.filter(updated_at__lt=window.end)
    if set_spec:
        resource_type = resource_type_of(set_spec)
        if resource_type is not None:
            records = records.filter(resource_type=resource_type)
        elif set_spec != TYPE_SET:
            records = records.filter(library_id__in=catalogue.library_ids(set_spec))
    return records


def after(records: QuerySet[Record], position: Position | None) -> QuerySet[Record]:
    """The records that follow `position` in (updated_at, id) order."""
    if position is None:
        return records
    # The >= bound lets the database range-scan the index; the OR settles ties on the datestamp.
    return records.filter(updated_at__gte=position.datestamp).filter(
        Q(updated_at__gt=position.datestamp) | Q(pk__gt=position.record_id)
    )


def page(records: QuerySet[Record], columns: tuple[str, ...], size: int) -> list[Record]:
    """Up to `size` + 1 records in list order (the extra one says whether more follow)."""
    return list(records.only(*HEADER_COLUMNS, *columns).order_by("updated_at", "pk")[: size + 1])


def held_library_ids() -> set[int]:
    return set(Record.objects.order_by().values_list("library_id", flat=True).distinct())


def held_resource_types() -> set[str]:
    return set(Record.objects.order_by().values_list("resource_type", flat=True).distinct())


def holds_records() -> bool:
    return Record.objects.exists()


def records_page(
    records: QuerySet[Record], position: Position | None, limit: int
) -> tuple[list[Record], Position | None]:
    """A page of records in (updated_at, id) order and the position after it (None at the end)."""
    rows = list(
        after(records, position)
        .select_related("library")
        .defer("raw")
        .order_by("updated_at", "pk")[: limit + 1]
    )
    page_rows = rows[:limit]
    more = len(rows) > limit
    return page_rows, Position(page_rows[-1].updated_at, page_rows[-1].pk) if more else None


def get_record(record_id: int) -> Record:
    return get_object_or_404(Record.objects.select_related("library").defer("raw"), pk=record_id)


def work_ids_page(library_ids: list[int] | None, after_id: int, limit: int) -> list[int]:
    """Ids of works with live records (held in `library_ids` when given), in id order."""
    records = Record.objects.filter(deleted=False, work_id__gt=after_id)
    if library_ids is not None:
        records = records.filter(library_id__in=library_ids)
    ids = records.order_by("work_id").values_list("work_id", flat=True).distinct()
    return list(ids[: limit + 1])


def embed_library(code: str) -> tuple[Library, SiteContext]:
    """A library that may embed search (any that has not closed), as its own site."""
    library = federation_access.get_library(code.upper())
    if library.status == Status.CLOSED:
        raise Http404(f"{library.code} has closed.")
    site = BranchSite.objects.filter(library=library).first()
    return library, SiteContext(library=library, site=site, is_branch=True)


def subtree_codes(library: Library) -> set[str]:
    return set(federation_access.subtree_of(library).values_list("code", flat=True))


def get_library_for_console(user: object, code: str) -> Library:
    """A library whose embed snippet and usage its own staff and the operators above may see."""
    return federation_access.get_library_for_view(user, code.upper())


@dataclass(frozen=True)
class KeyUsage:
    key: str
    name: str
    api_calls: int
    harvests: int


@dataclass(frozen=True)
class Usage:
    days: int
    keys: list[KeyUsage]
    embed_searches: int


def usage_of(library: Library, days: int = USAGE_DAYS) -> Usage:
    """The library's use of the open interfaces over the last `days`: per API key, API calls and
    OAI-PMH requests; and searches made through its embedded search box."""
    since = timezone.now() - timedelta(days=days)
    events = Event.objects.filter(library=library, occurred_at__gte=since)
    counts = (
        events.filter(kind__in=[EventKind.API_CALL, EventKind.HARVEST])
        .values_list("details__key", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_key: dict[str, dict[str, int]] = {}
    for key, kind, n in counts:
        if key:
            by_key.setdefault(key, {})[kind] = n
    names = dict(library.api_keys.values_list("prefix", "name"))
    keys = [
        KeyUsage(
            key,
            names.get(key, ""),
            by_key[key].get(EventKind.API_CALL, 0),
            by_key[key].get(EventKind.HARVEST, 0),
        )
        for key in sorted(by_key)
    ]
    embed = events.filter(kind=EventKind.SEARCH, details__via="embed").count()
    return Usage(days, keys, embed)
