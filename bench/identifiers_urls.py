"""Shuyun's URLs plus /bare/<prefix>/<suffix>: the same one-row lookup, nothing else."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.urls import path

from shuyun.identifiers import access
from shuyun.urls import urlpatterns as shuyun_urlpatterns


def bare(request: HttpRequest, prefix: str, suffix: str) -> HttpResponse:
    identifier = access.find_for_resolution(f"{prefix}/{suffix}")
    if identifier is None:
        return HttpResponseNotFound()
    return HttpResponseRedirect(identifier.targets[0]["url"])


urlpatterns = [path("bare/<str:prefix>/<path:suffix>", bare), *shuyun_urlpatterns]
