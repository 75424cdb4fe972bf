"""The REST API: one NinjaAPI at /api/v1/, a router per domain."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from shuyun.accounts.api import router as accounts_router
from shuyun.federation.api import router as federation_router

api = NinjaAPI(
    title="Shuyun API",
    version="1",
    description="Open interfaces of the Shuyun library network.",
    urls_namespace="api",
)
api.add_router("/", federation_router)
api.add_router("/", accounts_router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.messages}, status=422)
