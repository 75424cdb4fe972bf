"""Which library a request's host name belongs to (branch sites, 分站)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from shuyun.federation.models import BranchSite, Level, Library, SiteHost

HOSTS_CACHE_KEY = "federation:site-hosts"
HOSTS_CACHE_SECONDS = 300


@dataclass(frozen=True)
class SiteContext:
    """What every page needs to present itself as one library's site."""

    library: Library | None
    site: BranchSite | None
    is_branch: bool

    @property
    def title(self) -> str:
        if self.site and self.site.title:
            return self.site.title
        return self.library.name_zh if self.library else ""

    @property
    def primary_color(self) -> str:
        return self.site.primary_color if self.site else "#8c1c13"

    @property
    def accent_color(self) -> str:
        return self.site.accent_color if self.site else "#c9a227"


def current_site(request: HttpRequest) -> SiteContext:
    """The site the request's host selected (set by BranchSiteMiddleware)."""
    site: SiteContext = request.library_site  # type: ignore[attr-defined]  # set by middleware
    return site


def registered_hosts() -> dict[str, int]:
    """Host name → library id for every branch site, cached and dropped on change."""
    hosts = cache.get(HOSTS_CACHE_KEY)
    if hosts is None:
        hosts = dict(SiteHost.objects.values_list("hostname", "site__library_id"))
        cache.set(HOSTS_CACHE_KEY, hosts, HOSTS_CACHE_SECONDS)
    return hosts


def forget_hosts_on_commit() -> None:
    transaction.on_commit(lambda: cache.delete(HOSTS_CACHE_KEY))


def site_for_host(hostname: str) -> SiteContext:
    """The branch site reached by `hostname`; any other host gets the national site."""
    library_id = registered_hosts().get(hostname)
    libraries = Library.objects.select_related("site")
    library = (
        libraries.filter(pk=library_id).first()
        if library_id
        else libraries.filter(level=Level.NATIONAL).order_by("pk").first()
    )
    site = getattr(library, "site", None) if library else None
    return SiteContext(library=library, site=site, is_branch=library_id is not None)
