"""Console pages of the open interfaces: a library's embed snippet and its interface usage."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuyun.console.access import staff_required
from shuyun.oai import access, embed


@staff_required
def embed_snippet(request: HttpRequest, code: str) -> HttpResponse:
    library = access.get_library_for_console(request.user, code)
    context = {"library": library, "snippets": embed.snippets(request, library)}
    return render(request, "oai/console_embed.html", context)


@staff_required
def usage(request: HttpRequest, code: str) -> HttpResponse:
    library = access.get_library_for_console(request.user, code)
    return render(
        request, "oai/console_usage.html", {"library": library, "usage": access.usage_of(library)}
    )
