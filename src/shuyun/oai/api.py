"""/api/v1/records and /api/v1/works: the warehouse for member libraries' systems (read scope).

Lists page with an opaque `cursor` (a signed position, not an offset), so a client syncing
records by `updated_since` neither skips nor repeats records that change while it pages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core import signing
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from shuyun.catalog import access as catalog_access
from shuyun.catalog.documents import WorkDocument
from shuyun.catalog.models import Record, ResourceType
from shuyun.federation import access as federation_access
from shuyun.federation.apikeys import library_key
from shuyun.federation.models import ApiScope
from shuyun.oai import access
from shuyun.oai.tokens import Position

# Database ids are 64-bit; a larger number in a path is refused as invalid, not looked up.
MAX_ID = 2**63 - 1

router = Router(auth=library_key)
CURSOR_SALT = "shuyun.api.cursor"


class CreatorOut(Schema):
    name: str
    role: str = ""


class RecordOut(Schema):
    id: int
    oai_identifier: str = Field(description="The record's identifier at /oai")
    library: str = Field(description="Code of the library whose record this is")
    work_id: int = Field(description="The work (cluster) the record belongs to")
    source_id: str
    source_format: str
    deleted: bool
    updated_at: datetime = Field(description="When the warehouse last changed the record")
    title: str
    other_titles: list[str]
    creators: list[CreatorOut]
    subjects: list[str]
    clc: list[str] = Field(description="Chinese Library Classification numbers")
    isbns: list[str]
    issns: list[str]
    language: str
    publisher: str
    place: str
    year: int | None
    edition: str
    extent: str
    resource_type: str
    abstract: str
    links: list[str]
    rights: str

    @staticmethod
    def resolve_oai_identifier(record: Record) -> str:
        return access.identifier_of(record.pk)

    @staticmethod
    def resolve_library(record: Record) -> str:
        return record.library.code


class RecordPage(Schema):
    items: list[RecordOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )


class WorkHolding(Schema):
    library_code: str
    record_id: int
    source_format: str


class WorkWithHoldings(Schema):
    work_id: int
    title: str
    other_titles: list[str]
    title_pinyin: str
    creators: list[str]
    subjects: list[str]
    classifications: list[str]
    isbns: list[str]
    issns: list[str]
    language: str
    publisher: str
    place: str
    year: int | None
    resource_type: str
    abstract: str
    holdings: list[WorkHolding] = Field(description="Every member library holding the work")


class WorkPage(Schema):
    items: list[WorkWithHoldings]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )


def _read(request: HttpRequest) -> None:
    federation_access.require_scope(request, ApiScope.READ)


def _library_ids(code: str | None) -> list[int] | None:
    if not code:
        return None
    root = federation_access.get_library(code.upper())
    return list(federation_access.subtree_of(root).values_list("pk", flat=True))


def _cursor(kind: str, **position: object) -> str:
    return signing.dumps({"k": kind, **position}, salt=CURSOR_SALT)


def _position(cursor: str | None, kind: str) -> dict[str, object] | None:
    """The position a cursor of `kind` stands for; 400 for anything this API did not issue."""
    if not cursor:
        return None
    try:
        payload = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature:
        payload = None
    if not isinstance(payload, dict) or payload.get("k") != kind:
        raise HttpError(400, f"The cursor is not a {kind} cursor this API issued.")
    return payload


def _record_position(cursor: str | None) -> Position | None:
    payload = _position(cursor, "records")
    if payload is None:
        return None
    return Position(datetime.fromisoformat(str(payload["d"])), int(str(payload["i"])))


def _utc(moment: datetime) -> datetime:
    """The instant in UTC (naive means UTC): databases differ on far-fetched offsets."""
    try:
        return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)
    except OverflowError:
        raise HttpError(422, "updated_since is out of range.") from None


class RecordFilter(Schema):
    library: str | None = Field(None, description="This library and those below it (code)")
    type: ResourceType | None = Field(None, description="Only this resource type")
    updated_since: datetime | None = Field(None, description="Changed at or after (ISO 8601)")


@router.get("/records", response=RecordPage, tags=["records"], summary="Warehouse records")
def list_records(
    request: HttpRequest,
    filters: Query[RecordFilter],
    cursor: str | None = None,
    limit: int = Query(100, ge=1, le=500),  # type: ignore[type-arg]
) -> dict[str, Any]:
    """Records of the network, deleted ones included (`deleted: true`), oldest change first."""
    _read(request)
    records = Record.objects.all()
    if (ids := _library_ids(filters.library)) is not None:
        records = records.filter(library_id__in=ids)
    if filters.type:
        records = records.filter(resource_type=filters.type)
    if filters.updated_since:
        records = records.filter(updated_at__gte=_utc(filters.updated_since))
    page, following = access.records_page(records, _record_position(cursor), limit)
    next_cursor = None
    if following is not None:
        next_cursor = _cursor("records", d=following.datestamp.isoformat(), i=following.record_id)
    return {"items": page, "next_cursor": next_cursor}


@router.get("/records/{record_id}", response=RecordOut, tags=["records"], summary="One record")
def get_record(
    request: HttpRequest,
    record_id: int = Path(..., ge=1, le=MAX_ID),  # type: ignore[type-arg]
) -> Record:
    _read(request)
    return access.get_record(record_id)


def _work(document: WorkDocument) -> WorkWithHoldings:
    return WorkWithHoldings.model_validate(document, from_attributes=True)


@router.get("/works", response=WorkPage, tags=["works"], summary="Works with their holdings")
def list_works(
    request: HttpRequest,
    library: str | None = Query(None, description="Held by this library or one below it (code)"),  # type: ignore[type-arg]
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=200),  # type: ignore[type-arg]
) -> WorkPage:
    """Works (clusters of records describing one edition) in id order, each with its holdings."""
    _read(request)
    after_id = int(str((_position(cursor, "works") or {}).get("w", 0)))
    ids = access.work_ids_page(_library_ids(library), after_id, limit)
    page = ids[:limit]
    next_cursor = _cursor("works", w=page[-1]) if len(ids) > limit else None
    items = [_work(document) for document in catalog_access.work_documents(page)]
    return WorkPage(items=items, next_cursor=next_cursor)


@router.get("/works/{work_id}", response=WorkWithHoldings, tags=["works"], summary="One work")
def get_work(
    request: HttpRequest,
    work_id: int = Path(..., ge=1, le=MAX_ID),  # type: ignore[type-arg]
) -> WorkWithHoldings:
    _read(request)
    documents = list(catalog_access.work_documents([work_id]))
    if not documents:
        raise HttpError(404, f"No work {work_id} with live records.")
    return _work(documents[0])
