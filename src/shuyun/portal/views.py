from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuyun.analytics.services import EventKind, record_event
from shuyun.federation import access as federation_access
from shuyun.federation.sites import current_site


def home(request: HttpRequest) -> HttpResponse:
    """The home page of the national site or of the branch site the host name selects."""
    site = current_site(request)
    members = []
    if site.library is not None:
        members = list(
            federation_access.public_libraries()
            .filter(parent=site.library)
            .annotate(member_count=Count("children"))
            .order_by("path")
        )
    record_event(EventKind.PAGE_VIEW, request.user, site.library, page="home")
    return render(request, "portal/home.html", {"members": members})
