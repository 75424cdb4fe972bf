"""Reads of discovery for everyone: the catalogue metadata of the whole network is public.

What varies by who asks is the scope: a branch site searches its own library and the national
(central) collection first, and one click widens it to the whole network. Nothing private is in
the index, so there is no one to refuse; records that a library withdraws leave the index with
the warehouse's `works_changed`.
"""

from __future__ import annotations

import base64
import binascii
import enum
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404

from shuyun.catalog.documents import WorkDocument
from shuyun.federation import access as federation_access
from shuyun.federation.models import Level, Library
from shuyun.federation.sites import SiteContext
from shuyun.search import analysis, clc
from shuyun.search.backend import (
    FacetCount,
    SearchPage,
    SearchRequest,
    Sort,
    Suggestion,
    get_backend,
)
from shuyun.search.facets import FACETS, value_label
from shuyun.search.models import ClassificationClass
from shuyun.search.query import parse

MAX_LIMIT = 100
DID_YOU_MEAN_STEPS = 4  # how many characters to drop from the end looking for a known text


class Scope(enum.StrEnum):
    SITE = "site"  # a branch site's own library and the central collection
    NETWORK = "network"


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: Sort = Sort.RELEVANCE
    cursor: str | None = None
    limit: int = 20
    scope: Scope = Scope.SITE


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Results:
    params: SearchParams
    page: SearchPage
    offset: int
    next_cursor: str | None
    facets: dict[str, list[FacetValue]]
    scoped_to: Library | None  # the branch site's library when the search is limited to it
    folded_query: str  # the query as searched, when folding changed it (traditional → simplified)
    did_you_mean: str | None


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for; a damaged cursor starts from the beginning."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        return max(0, int(text[1:])) if text.startswith("o") else 0
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return 0


def search_works(params: SearchParams, site: SiteContext) -> Results:
    """Search the index for a reader on `site`, with facet counts and paging."""
    offset = decode_cursor(params.cursor)
    limit = max(1, min(params.limit, MAX_LIMIT))
    filters = {name: values for name, values in params.filters.items() if name in FACETS}
    scoped_to = site.library if site.is_branch and params.scope is Scope.SITE else None
    request = SearchRequest(
        query=parse(params.q),
        filters=filters,
        scope_subtree=scoped_to.code if scoped_to else None,
        scope_also=_central_collection() if scoped_to else (),
        prefer_libraries=(site.library.code,) if site.is_branch and site.library else (),
        sort=params.sort,
        offset=offset,
        limit=limit,
        facets=tuple(FACETS),
    )
    page = get_backend().search(request)
    more = offset + limit < page.total
    return Results(
        params=params,
        page=page,
        offset=offset,
        next_cursor=encode_cursor(offset + limit) if more else None,
        facets=_labelled(page.facets, params.filters),
        scoped_to=scoped_to,
        folded_query=_folded(params.q),
        did_you_mean=did_you_mean(params.q) if page.total == 0 else None,
    )


def _central_collection() -> tuple[str, ...]:
    """The national library's own holdings: the collection every branch site shares."""
    national = federation_access.public_libraries().filter(level=Level.NATIONAL)
    return tuple(national.values_list("code", flat=True))


def _folded(q: str) -> str:
    folded = analysis.fold(q)
    return folded if folded != q.lower() else ""


def _labelled(
    counts: dict[str, list[FacetCount]], selected: dict[str, tuple[str, ...]]
) -> dict[str, list[FacetValue]]:
    codes = {c.value for name in ("province", "library") for c in counts.get(name, [])}
    names = dict(
        federation_access.public_libraries().filter(code__in=codes).values_list("code", "name_zh")
    )
    return {
        name: [
            FacetValue(
                c.value,
                value_label(name, c.value, names),
                c.count,
                c.value in selected.get(name, ()),
            )
            for c in values
        ]
        for name, values in counts.items()
    }


def did_you_mean(q: str) -> str | None:
    """A title, creator or subject the query was probably meant to be, found by shrinking it."""
    key = analysis.clean(q)
    for end in range(len(key), max(1, len(key) - DID_YOU_MEAN_STEPS), -1):
        suggestions = get_backend().suggest(key[:end], 1)
        if suggestions and analysis.clean(suggestions[0].text) != key:
            return suggestions[0].text
    return None


def top_subjects(limit: int = 100) -> list[FacetCount]:
    """The subject headings used most across the network."""
    request = SearchRequest(query=parse(""), limit=1, facets=("subject",))
    return get_backend().search(request).facets.get("subject", [])[:limit]


def suggest(prefix: str, limit: int = 8) -> list[Suggestion]:
    return get_backend().suggest(prefix, max(1, min(limit, 20)))


def get_work(work_id: int) -> WorkDocument:
    document = get_backend().get(work_id)
    if document is None:
        raise Http404(f"No work {work_id} in the index")
    return document


@dataclass(frozen=True)
class HoldingLibrary:
    library: Library | None
    code: str
    record_ids: list[int]
    distance_km: float | None


def holdings_by_library(document: WorkDocument, site: SiteContext) -> list[HoldingLibrary]:
    """The libraries holding a work: the site's own library first, then the nearest ones."""
    codes = list(dict.fromkeys(holding.library_code for holding in document.holdings))
    libraries = {
        lib.code: lib for lib in federation_access.public_libraries().filter(code__in=codes)
    }
    here = site.library
    rows = [
        HoldingLibrary(
            libraries.get(code),
            code,
            [h.record_id for h in document.holdings if h.library_code == code],
            _distance(here, libraries.get(code)),
        )
        for code in codes
    ]
    own = here.code if here else ""
    return sorted(
        rows,
        key=lambda row: (row.code != own, row.distance_km is None, row.distance_km or 0, row.code),
    )


def _distance(a: Library | None, b: Library | None) -> float | None:
    """Great-circle distance in kilometres between two libraries with coordinates."""
    if a is None or b is None or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = (
        math.radians(float(v or Decimal(0)))
        for v in (a.latitude, a.longitude, b.latitude, b.longitude)
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class ClassNode:
    code: str
    name: str
    count: int


def class_children(code: str | None) -> list[ClassNode]:
    """Top classes (code None) or the subclasses of `code` present in the index, with counts."""
    within = SearchRequest(query=parse(""), filters={})
    if code is None:
        counts = get_backend().count_terms("clc_top", "", within)
        present = {c.value: c.count for c in counts}
        return [ClassNode(top, name, present.get(top, 0)) for top, name in clc.TOP_CLASSES.items()]
    code = clc.normalise_class(code)
    depth = len(clc.class_path(code))
    counts = [
        c
        for c in get_backend().count_terms("clc_path", code, within)
        if len(clc.class_path(c.value)) == depth + 1
    ]
    names = dict(
        ClassificationClass.objects.filter(code__in=[c.value for c in counts]).values_list(
            "code", "name"
        )
    )
    return [ClassNode(c.value, names.get(c.value, ""), c.count) for c in counts]


def class_name(code: str) -> str:
    code = clc.normalise_class(code)
    found = ClassificationClass.objects.filter(code=code).values_list("name", flat=True).first()
    return found or clc.TOP_CLASSES.get(code, "")


def class_trail(code: str) -> list[tuple[str, str]]:
    """The broader classes of `code`, from its top class down to itself, with names."""
    path = clc.class_path(code)
    names = dict(ClassificationClass.objects.filter(code__in=path).values_list("code", "name"))
    return [(step, names.get(step) or clc.TOP_CLASSES.get(step, "")) for step in path]
