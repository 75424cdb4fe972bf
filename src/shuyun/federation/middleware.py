"""Host validation and branch-site selection for every request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port, validate_host
from django.utils.functional import SimpleLazyObject

from shuyun.federation.sites import registered_hosts, site_for_host


class BranchSiteMiddleware:
    """Serve only configured hosts and branch-site hosts, and attach the branch site.

    Django's ALLOWED_HOSTS is a static list; branch sites are added at run time, so the check is
    made here against SHUYUN_ALLOWED_HOSTS plus every registered branch-site host.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        domain, _port = split_domain_port(request.get_host())
        domain = domain.lower()
        allowed = validate_host(domain, settings.SHUYUN_ALLOWED_HOSTS)
        if not allowed and domain not in registered_hosts():
            return HttpResponseBadRequest(
                f"Host {domain!r} is not served here: add it to a branch site or "
                "to SHUYUN_ALLOWED_HOSTS.",
                content_type="text/plain; charset=utf-8",
            )
        # HttpRequest has no slot for it; read it back through sites.current_site().
        request.library_site = SimpleLazyObject(lambda: site_for_host(domain))  # type: ignore[attr-defined]
        return self.get_response(request)
