"""The REST API: one NinjaAPI at /api/v1/, a router per domain."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from shuyun.accounts.api import router as accounts_router
from shuyun.federation.api import router as federation_router
from shuyun.identifiers.api import router as identifiers_router
from shuyun.oai.api import router as records_router
from shuyun.search.api import router as search_router

api = NinjaAPI(
    title="Shuyun API",
    version="1",
    description="Open interfaces of the Shuyun library network.",
    urls_namespace="api",
    # Anonymous callers are limited per address, member libraries' keys per key.
    throttle=[
        AnonRateThrottle(settings.SHUYUN_API_ANONYMOUS_RATE),
        AuthRateThrottle(settings.SHUYUN_API_KEY_RATE),
    ],
)
api.add_router("/", federation_router)
api.add_router("/", search_router)
api.add_router("/", accounts_router)
api.add_router("/", identifiers_router)
api.add_router("/", records_router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.messages}, status=422)


def unknown_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Paths under /api/v1/ that name no endpoint answer in the API's one error shape."""
    return JsonResponse({"detail": f"No API endpoint at {request.path}"}, status=404)
