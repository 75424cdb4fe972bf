"""/api/v1/libraries: the public directory of the network."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from shuyun.federation import access
from shuyun.federation.apikeys import ApiClient, library_key
from shuyun.federation.models import ApiScope, Level, Library, Status
from shuyun.federation.tree import TargetTable
from shuyun.pagination import BoundedLimitOffsetPagination

router = Router(tags=["federation"])


class LibraryOut(Schema):
    code: str
    name_zh: str
    name_en: str
    level: Level
    parent: str | None = Field(None, description="Code of the parent library")
    path: list[str] = Field(description="Codes from the national library down to this one")
    division_code: str = Field(description="GB/T 2260 administrative-division code")
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    website: str
    oai_endpoint: str
    resource_volume_tb: Decimal
    target_tb: Decimal | None = Field(None, description="Digital-resource target for its level")
    status: Status
    joined_on: date | None

    @staticmethod
    def resolve_parent(library: Library) -> str | None:
        return library.ancestor_codes[-1] if library.ancestor_codes else None

    @staticmethod
    def resolve_path(library: Library) -> list[str]:
        return [*library.ancestor_codes, library.code]

    @staticmethod
    def resolve_target_tb(library: Library, context: dict[str, Any]) -> Decimal | None:
        request = context["request"]
        if not hasattr(request, "library_targets"):
            request.library_targets = TargetTable.load()
        return request.library_targets.target_for(library)


class LibraryFilter(FilterSchema):
    level: Level | None = Field(None, description="Only libraries of this level")
    parent: str | None = Field(None, description="Only the direct children of this library code")
    subtree: str | None = Field(None, description="This library and everything below it")
    region: str | None = Field(
        None,
        pattern=r"^\d{2}(\d{2}){0,2}$",
        description="GB/T 2260 code or its prefix: 33 (a province), 3306 or 330600 (a city)",
    )


def _filtered(filters: LibraryFilter) -> QuerySet[Library]:
    libraries = access.public_libraries()
    if filters.level:
        libraries = libraries.filter(level=filters.level)
    if filters.parent:
        libraries = libraries.filter(parent=access.get_library(filters.parent.upper()))
    if filters.subtree:
        root = access.get_library(filters.subtree.upper())
        libraries = libraries.filter(path__startswith=root.path)
    if filters.region:
        prefix = filters.region
        while len(prefix) > 2 and prefix.endswith("00"):
            prefix = prefix[:-2]
        libraries = libraries.filter(division_code__startswith=prefix)
    return libraries.order_by("path")


@router.get("/libraries", response=list[LibraryOut], summary="List member libraries")
@paginate(BoundedLimitOffsetPagination)
def list_libraries(request: HttpRequest, filters: Query[LibraryFilter]) -> QuerySet[Library]:
    return _filtered(filters)


@router.get("/libraries/{code}", response=LibraryOut, summary="One member library by its code")
def get_library(request: HttpRequest, code: str) -> Library:
    return access.get_library(code.upper())


class ClientOut(Schema):
    library: str = Field(description="Code of the library the key belongs to")
    scopes: list[ApiScope]


@router.get(
    "/client",
    auth=library_key,
    response=ClientOut,
    summary="The member library an API key belongs to, and its scopes",
)
def who_am_i(request: HttpRequest) -> ClientOut:
    client = getattr(request, "auth", None)
    assert isinstance(client, ApiClient)  # noqa: S101 - guaranteed by auth=library_key
    return ClientOut(library=client.library.code, scopes=sorted(ApiScope(s) for s in client.scopes))
