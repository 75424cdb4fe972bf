"""Which library a request's host name belongs to (branch sites, 分站)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from shuyun.federation.models import BranchSite, Level, Library, SiteHost

GENERATION_KEY = "federation:sites-generation"
CACHE_SECONDS = 300


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


def _generation() -> int:
    """Part of every cached site entry's key; a new one drops them all at once."""
    return int(cache.get_or_set(GENERATION_KEY, time.time_ns, None) or 0)


def registered_hosts() -> dict[str, int]:
    """Host name → library id for every branch site, cached and dropped on change."""
    key = f"federation:hosts:{_generation()}"
    hosts = cache.get(key)
    if hosts is None:
        hosts = dict(SiteHost.objects.values_list("hostname", "site__library_id"))
        cache.set(key, hosts, CACHE_SECONDS)
    return hosts


def forget_sites_on_commit() -> None:
    """After a change to libraries or branch sites commits, every process looks them up again."""
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, time.time_ns(), None))


def site_for_host(hostname: str) -> SiteContext:
    """The branch site reached by `hostname` (any other host gets the national site), cached."""
    key = f"federation:site:{_generation()}:{hostname}"
    site = cache.get(key)
    if site is None:
        site = _look_up_site(hostname)
        cache.set(key, site, CACHE_SECONDS)
    return site


def _look_up_site(hostname: str) -> SiteContext:
    library_id = registered_hosts().get(hostname)
    libraries = Library.objects.select_related("site")
    library = (
        libraries.filter(pk=library_id).first()
        if library_id
        else libraries.filter(level=Level.NATIONAL).order_by("pk").first()
    )
    site = getattr(library, "site", None) if library else None
    return SiteContext(library=library, site=site, is_branch=library_id is not None)
