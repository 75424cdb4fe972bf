"""/api/v1/identifiers: registration by a member library's systems with its API key.

Keyed endpoints take the network's member-library keys (`X-API-Key`, federation.apikeys); the key
must grant the `identifiers` scope, and acts for its library under that library's prefix only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from shuyun.federation.apikeys import library_key
from shuyun.identifiers import access, batches, services, values
from shuyun.identifiers.models import Identifier, IdentifierStatus, ResourceType
from shuyun.pagination import BoundedLimitOffsetPagination

router = Router(tags=["identifiers"], auth=library_key)


class LocationIn(Schema):
    url: str = Field(description="http(s) URL, or a path on the platform such as /works/12/")
    library: str = Field("", description="Holding library's code; default: your library")
    priority: int = Field(0, ge=0, le=1000, description="Lower is tried first")


class IdentifierIn(Schema):
    suffix: str = Field("", description="Your own suffix; leave empty to get a minted one")
    title: str = ""
    resource_type: ResourceType = ResourceType.OTHER
    sha256: str = Field("", description="SHA-256 of the object, 64 hex digits")
    work_id: int | None = Field(None, description="Warehouse work the object belongs to")
    locations: list[LocationIn]

    def to_input(self) -> values.IdentifierInput:
        return values.IdentifierInput(
            suffix=self.suffix,
            title=self.title,
            resource_type=self.resource_type,
            sha256=self.sha256,
            work_id=self.work_id,
            locations=[values.LocationInput(**loc.dict()) for loc in self.locations],
        )


class LocationOut(Schema):
    url: str
    library: str | None
    priority: int
    broken: bool

    @staticmethod
    def resolve_library(location: Any) -> str | None:
        return location.library.code if location.library else None


class IdentifierOut(Schema):
    handle: str
    title: str
    resource_type: ResourceType
    sha256: str
    work_id: int | None
    status: IdentifierStatus
    withdrawn_reason: str
    needs_confirmation: bool
    version: int
    created_at: datetime
    updated_at: datetime
    locations: list[LocationOut]

    @staticmethod
    def resolve_locations(identifier: Identifier) -> list[Any]:
        return list(identifier.locations.all())


class RegisteredOut(Schema):
    identifier: IdentifierOut
    same_work: list[str] = Field(description="Other identifiers of the same work: confirm")


class Conflict(Schema):
    detail: str
    existing: str = Field(description="The identifier the object is registered under")


class HandleIn(Schema):
    handle: str


class WithdrawIn(HandleIn):
    reason: str


class RowProblem(Schema):
    line: int
    message: str


class RowCreated(Schema):
    line: int
    handle: str


class BatchOut(Schema):
    applied: bool
    created: list[RowCreated]
    errors: list[RowProblem]
    flagged: list[RowCreated]


def _with_locations(identifier: Identifier) -> Identifier:
    return Identifier.objects.prefetch_related("locations__library").get(pk=identifier.pk)


@router.get("/identifiers", response=list[IdentifierOut], summary="Your library's identifiers")
@paginate(BoundedLimitOffsetPagination)
def list_identifiers(request: HttpRequest) -> QuerySet[Identifier]:
    return access.identifiers_of(access.registrant_for_api(request)).prefetch_related(
        "locations__library"
    )


@router.post(
    "/identifiers",
    response={201: RegisteredOut, 409: Conflict},
    summary="Register one object (refused with the existing identifier if its SHA-256 is known)",
)
def register(request: HttpRequest, body: IdentifierIn) -> Status[dict[str, Any]]:
    try:
        done = services.register_identifier(access.registrant_for_api(request), body.to_input())
    except services.DuplicateContent as exc:
        return Status(409, {"detail": str(exc), "existing": exc.existing})
    return Status(
        201, {"identifier": _with_locations(done.identifier), "same_work": done.same_work}
    )


@router.post("/identifiers/batch", response=BatchOut, summary="Register a CSV or JSON batch")
def register_batch(
    request: HttpRequest,
    file: File[UploadedFile],
    all_or_nothing: Form[bool] = False,
) -> dict[str, Any]:
    registrant = access.registrant_for_api(request)
    try:
        rows = batches.read_batch(file.read(), file.name or "")
    except batches.BatchFileError as exc:
        return {
            "applied": False,
            "created": [],
            "flagged": [],
            "errors": [{"line": 0, "message": str(exc)}],
        }
    report = batches.register_batch(registrant, rows, all_or_nothing=all_or_nothing)
    return {
        "applied": report.applied,
        "created": [{"line": line, "handle": handle} for line, handle in report.created],
        "errors": [{"line": line, "message": message} for line, message in report.errors],
        "flagged": [{"line": line, "handle": handle} for line, handle, _ in report.flagged],
    }


@router.post("/identifiers/withdraw", response=IdentifierOut, summary="Withdraw an identifier")
def withdraw(request: HttpRequest, body: WithdrawIn) -> Identifier:
    identifier = services.withdraw_identifier(
        access.registrant_for_api(request), body.handle, body.reason
    )
    return _with_locations(identifier)


@router.post("/identifiers/confirm", response=IdentifierOut, summary="Confirm a same-work flag")
def confirm(request: HttpRequest, body: HandleIn) -> Identifier:
    return _with_locations(
        services.confirm_identifier(access.registrant_for_api(request), body.handle)
    )


@router.get(
    "/identifiers/{prefix}/{path:suffix}",
    response=IdentifierOut,
    auth=None,
    summary="One identifier's values (public)",
)
def get_identifier(request: HttpRequest, prefix: str, suffix: str) -> Identifier:
    return _with_locations(access.get_identifier(f"{prefix}/{suffix}"))


@router.put(
    "/identifiers/{prefix}/{path:suffix}",
    response={200: RegisteredOut, 409: Conflict},
    summary="Replace an identifier's values and locations",
)
def update(
    request: HttpRequest, prefix: str, suffix: str, body: IdentifierIn
) -> Status[dict[str, Any]]:
    try:
        done = services.update_identifier(
            access.registrant_for_api(request), f"{prefix}/{suffix}", body.to_input()
        )
    except services.DuplicateContent as exc:
        return Status(409, {"detail": str(exc), "existing": exc.existing})
    return Status(
        200, {"identifier": _with_locations(done.identifier), "same_work": done.same_work}
    )
