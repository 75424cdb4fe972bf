"""Embeddable search for member libraries' own websites: a script, its JSON search, an iframe.

The script (`/embed/<code>.js`) draws a search box in the library's colours inside a shadow root
on any page and asks `/embed/<code>/search` for results. That JSON view is the only one that
allows other origins (CORS `*`, GET, no credentials: it returns public catalogue data only), and
the iframe page (`/embed/<code>/`) is the only page that may be framed.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from shuyun.analytics.services import EventKind, record_event
from shuyun.federation.models import Library
from shuyun.oai import access
from shuyun.search.access import Scope, SearchParams, search_works

RESULTS_PER_PAGE = 10


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def script(request: HttpRequest, code: str) -> HttpResponse:
    library, site = access.embed_library(code)
    context = {"library": library, "site": site, "base_url": _base_url(request)}
    response = render(request, "oai/embed.js.txt", context, content_type="text/javascript")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
@xframe_options_exempt  # the one page member libraries may put in a frame
def frame(request: HttpRequest, code: str) -> HttpResponse:
    library, _site = access.embed_library(code)
    return render(request, "oai/embed_frame.html", {"library": library})


def _hit(request: HttpRequest, document: Any, own_codes: set[str]) -> dict[str, Any]:
    holders = {holding.library_code for holding in document.holdings}
    return {
        "work_id": document.work_id,
        "title": document.title,
        "creators": document.creators[:3],
        "year": document.year,
        "publisher": document.publisher,
        "resource_type": document.resource_type,
        "held_here": bool(holders & own_codes),
        "libraries": len(holders),
        "url": request.build_absolute_uri(reverse("search:work", args=[document.work_id])),
    }


@require_GET
def search(request: HttpRequest, code: str) -> JsonResponse:
    """Search the library's holdings (scope=library, the default) or the whole network."""
    library, site = access.embed_library(code)
    q = request.GET.get("q", "").strip()[:200]
    network = request.GET.get("scope") == "network"
    own_codes = access.subtree_codes(library)
    filters: dict[str, tuple[str, ...]] = {} if network else {"library": (library.code,)}
    params = SearchParams(
        q=q,
        filters=filters,
        scope=Scope.NETWORK,
        limit=RESULTS_PER_PAGE,
        cursor=request.GET.get("cursor"),
    )
    results = search_works(params, site)
    record_event(
        EventKind.SEARCH, None, library, q=q, total=results.page.total, via="embed", network=network
    )
    body = {
        "library": library.code,
        "scope": "network" if network else "library",
        "total": results.page.total,
        "hits": [_hit(request, hit.document, own_codes) for hit in results.page.hits],
        "next_cursor": results.next_cursor,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def snippets(request: HttpRequest, library: Library) -> dict[str, str]:
    """What a librarian copies into the library's website: the script, or an iframe."""
    base = _base_url(request)
    target = f"shuyun-search-{library.code.lower()}"
    script_url = f"{base}{reverse('embed:script', args=[library.code])}"
    frame_url = f"{base}{reverse('embed:frame', args=[library.code])}"
    return {
        "script": (
            f'<div id="{target}"></div>\n'
            f'<script src="{script_url}" data-target="{target}" data-scope="library" async>'
            "</script>"
        ),
        "iframe": (
            f'<iframe src="{frame_url}" title="{library.name_zh}" '
            'style="width:100%;height:480px;border:0"></iframe>'
        ),
    }
