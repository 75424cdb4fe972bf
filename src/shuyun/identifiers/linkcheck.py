"""Checking that locations answer: HEAD first, GET when HEAD is refused, bounded in every way.

Only the status line and headers are read (a GET reads at most a few kilobytes), each request has
a timeout, redirects are followed a few times at most, and a bounded pool of threads does the
work, so a check of the whole registry cannot flood a member library's server.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

USER_AGENT = "Shuyun-LinkCheck/1 (+identifier registry of the Shuyun library network)"
MAX_REDIRECTS = 5
GET_READ_BYTES = 4096
# Statuses after which HEAD is retried as GET: servers that do not implement HEAD properly.
HEAD_REFUSED = frozenset({400, 403, 405, 501})


@dataclass(frozen=True)
class LinkResult:
    location_id: int
    status: int | None  # the final HTTP status, None when no answer came
    error: str

    @property
    def broken(self) -> bool:
        return self.status is None or self.status >= 400


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


_opener = urllib.request.build_opener(_LimitedRedirects())


def _request(url: str, method: str, timeout: float) -> int:
    # check_url lets only http(s) URLs through to here.
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with _opener.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(GET_READ_BYTES)
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def check_url(location_id: int, url: str, timeout: float) -> LinkResult:
    if not url.startswith(("http://", "https://")):
        return LinkResult(location_id, None, "not an http(s) URL")
    try:
        status = _request(url, "HEAD", timeout)
        if status in HEAD_REFUSED:
            status = _request(url, "GET", timeout)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return LinkResult(location_id, None, str(reason)[:300])
    error = f"HTTP {status}" if status >= 400 else ""
    return LinkResult(location_id, status, error)


def check_urls(
    locations: list[tuple[int, str]], *, timeout: float, concurrency: int
) -> list[LinkResult]:
    """Check (id, url) pairs with at most `concurrency` requests in flight."""
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return list(pool.map(lambda pair: check_url(pair[0], pair[1], timeout), locations))
