"""Public resolution: GET /id/<prefix>/<suffix> (and /api/handles/… for Handle tools)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from shuyun.analytics.services import EventKind, record_event
from shuyun.federation.sites import current_site
from shuyun.identifiers import access, naming, resolution
from shuyun.identifiers.models import Identifier, Prefix


def _wants_json(request: HttpRequest) -> bool:
    return request.GET.get("format") == "json" or "application/json" in request.headers.get(
        "Accept", ""
    )


def _branch_library(request: HttpRequest) -> int | None:
    site = current_site(request)
    return site.library.pk if site.is_branch and site.library else None


@require_safe
def resolve(request: HttpRequest, prefix: str, suffix: str) -> HttpResponse:
    """302 to the best location; JSON in the Handle REST shape; ?info; 410 if withdrawn."""
    text = f"{prefix}/{suffix}"
    try:
        handle = naming.parse_handle(text)
    except naming.InvalidName as exc:
        return _not_found(request, text, None, str(exc))
    identifier = access.identifier_for_resolution(str(handle))
    if identifier is None:
        return _not_found(request, text, handle, "")
    if "info" in request.GET:
        return _info(request, identifier)
    if _wants_json(request):
        return _json(request, identifier)
    if identifier.is_withdrawn:
        return render(request, "identifiers/tombstone.html", {"identifier": identifier}, status=410)
    url = resolution.best_target(identifier.targets, lambda: _branch_library(request))
    _record_resolution(request, identifier, "redirect")
    return HttpResponseRedirect(url)


@require_safe
def handle_api(request: HttpRequest, prefix: str, suffix: str) -> HttpResponse:
    """The Handle REST API's own path, for Handle tools that build it themselves."""
    try:
        handle = naming.parse_handle(f"{prefix}/{suffix}")
    except naming.InvalidName as exc:
        return _json_not_found(f"{prefix}/{suffix}", str(exc))
    identifier = access.identifier_for_resolution(str(handle))
    if identifier is None:
        return _json_not_found(str(handle), "Handle not found")
    return _json(request, identifier)


def _record_resolution(request: HttpRequest, identifier: Identifier, how: str) -> None:
    prefix = identifier.handle.partition("/")[0]
    record_event(
        EventKind.RESOLVE, request.user, identifier.library, identifier, prefix=prefix, how=how
    )


def _json(request: HttpRequest, identifier: Identifier) -> HttpResponse:
    locations = list(identifier.locations.all())
    body = resolution.handle_record(request, identifier, locations)
    status = 410 if identifier.is_withdrawn else 200
    if body["responseCode"] != resolution.RC_SUCCESS:
        status = 404
    elif not identifier.is_withdrawn:
        _record_resolution(request, identifier, "json")
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _json_not_found(text: str, message: str) -> HttpResponse:
    body = {"responseCode": resolution.RC_HANDLE_NOT_FOUND, "handle": text, "message": message}
    return JsonResponse(body, status=404, json_dumps_params={"ensure_ascii": False})


def _info(request: HttpRequest, identifier: Identifier) -> HttpResponse:
    context = {
        "identifier": identifier,
        "locations": identifier.locations.select_related("library"),
        "registered": identifier.versions.order_by("number").first(),
    }
    return render(request, "identifiers/info.html", context)


def _not_found(
    request: HttpRequest, text: str, handle: naming.Handle | None, syntax_error: str
) -> HttpResponse:
    """404 that helps: a syntax error, an unknown prefix, or a mistyped check character."""
    if _wants_json(request):
        return _json_not_found(str(handle or text), syntax_error or "Handle not found")
    context: dict[str, object] = {"text": text, "syntax_error": syntax_error, "handle": handle}
    if handle is not None:
        context["prefix_known"] = Prefix.objects.filter(name=handle.prefix).exists()
        if naming.looks_minted(handle.suffix) and not naming.has_valid_check(
            handle.prefix, handle.suffix
        ):
            context["check_mismatch"] = True
            body = handle.suffix[:-1]
            fixed = f"{handle.prefix}/{body}{naming.check_character(handle.prefix, body)}"
            if Identifier.objects.filter(handle=fixed).exists():
                context["did_you_mean"] = fixed
    return render(request, "identifiers/not_found.html", context, status=404)
