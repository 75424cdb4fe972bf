"""/api/v1/search and /api/v1/suggest: one-box search over the network's catalogue.

The answer's shapes are plain pydantic models, not ninja `Schema`s: a search answer holds a
few hundred nested objects, and ninja re-validates a returned `Schema` through its
attribute-getter wrapper, object by object, which cost more than the search itself (profiled
with bench/oai.py). A plain model is validated once, natively, when it is built here.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel, ConfigDict

from shuyun.analytics.services import EventKind, record_event
from shuyun.catalog.documents import WorkDocument
from shuyun.federation.sites import current_site
from shuyun.search import access
from shuyun.search.access import Scope, SearchParams
from shuyun.search.backend import Sort

router = Router(tags=["search"])


class SearchFilters(Schema):
    province: list[str] = Field(
        [], description="Held in these provinces (provincial library codes)"
    )
    level: list[str] = Field([], description="Held by libraries of these levels")
    library: list[str] = Field(
        [], description="Held by these libraries or the libraries below them"
    )
    type: list[str] = Field([], description="Resource types: book, journal, poem, …")
    language: list[str] = Field([], description="ISO 639-2/B language codes")
    clc: list[str] = Field([], description="CLC top classes, A–Z")
    subject: list[str] = Field([], description="Subject headings")
    year: list[str] = Field(
        [], description="Year ranges as returned in the year facet, e.g. 1980-1999"
    )
    format: list[str] = Field([], description="Source formats: marc21, cnmarc, oai_dc, csv, …")


class Out(BaseModel):
    """A part of the answer, built from the search's own objects by their attributes."""

    model_config = ConfigDict(from_attributes=True)


class HoldingOut(Out):
    library_code: str
    record_id: int
    source_format: str


class WorkOut(Out):
    work_id: int
    title: str
    other_titles: list[str]
    creators: list[str]
    subjects: list[str]
    classifications: list[str]
    isbns: list[str]
    language: str
    publisher: str
    year: int | None
    resource_type: str
    abstract: str
    holdings: list[HoldingOut]


class HitOut(Out):
    score: float
    work: WorkOut


class FacetValueOut(Out):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Out):
    query: str
    folded_query: str = Field(description="The query as searched, when folding changed it")
    total: int
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page")
    did_you_mean: str | None
    scoped_to: str | None = Field(description="Library code when a branch site limits the search")


class SuggestionOut(Schema):
    text: str
    kind: str = Field(description="title, creator or subject")
    count: int


def _work(document: WorkDocument) -> WorkOut:
    return WorkOut.model_validate(document, from_attributes=True)


@router.get("/search", response=SearchOut, summary="Search the network's catalogue")
def search(
    request: HttpRequest,
    filters: Query[SearchFilters],
    q: str = "",
    sort: Sort = Sort.RELEVANCE,
    cursor: str | None = None,
    limit: int = Query(20, ge=1, le=100),  # type: ignore[type-arg]
    scope: Scope = Scope.SITE,
) -> SearchOut:
    site = current_site(request)
    chosen = {name: tuple(values) for name, values in filters.model_dump().items() if values}
    params = SearchParams(q=q, filters=chosen, sort=sort, cursor=cursor, limit=limit, scope=scope)
    results = access.search_works(params, site)
    record_event(
        EventKind.SEARCH, request.user, site.library, q=q, total=results.page.total, via="api"
    )
    return SearchOut(
        query=q,
        folded_query=results.folded_query,
        total=results.page.total,
        hits=[HitOut(score=hit.score, work=_work(hit.document)) for hit in results.page.hits],
        facets={
            name: [FacetValueOut(**value.__dict__) for value in values]
            for name, values in results.facets.items()
        },
        next_cursor=results.next_cursor,
        did_you_mean=results.did_you_mean,
        scoped_to=results.scoped_to.code if results.scoped_to else None,
    )


@router.get("/suggest", response=list[SuggestionOut], summary="Completions as the reader types")
def suggest(
    request: HttpRequest,
    q: str,
    limit: int = Query(8, ge=1, le=20),  # type: ignore[type-arg]
) -> list[SuggestionOut]:
    return [
        SuggestionOut(text=s.text, kind=s.kind, count=s.count) for s in access.suggest(q, limit)
    ]
