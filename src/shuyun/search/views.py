"""Reader pages: search results, a work's record, class browsing and as-you-type suggestions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from shuyun.analytics.services import EventKind, record_event
from shuyun.federation.sites import current_site
from shuyun.search import access, highlight
from shuyun.search.access import Scope, SearchParams
from shuyun.search.backend import Sort
from shuyun.search.facets import FACETS, value_label
from shuyun.search.query import parse

PAGE_SIZE = 20


def _params(query: QueryDict) -> SearchParams:
    sort = query.get("sort", Sort.RELEVANCE)
    scope = query.get("scope", Scope.SITE)
    return SearchParams(
        q=query.get("q", "").strip()[:500],
        filters={name: tuple(query.getlist(name)) for name in FACETS if query.getlist(name)},
        sort=Sort(sort) if sort in Sort.__members__.values() else Sort.RELEVANCE,
        cursor=query.get("cursor"),
        limit=PAGE_SIZE,
        scope=Scope(scope) if scope in Scope.__members__.values() else Scope.SITE,
    )


def _toggle_url(query: QueryDict, name: str, value: str) -> str:
    """The results URL with one facet value switched on or off (and paging reset)."""
    changed = query.copy()
    changed.pop("cursor", None)
    values = changed.getlist(name)
    changed.setlist(
        name, [v for v in values if v != value] if value in values else [*values, value]
    )
    return "?" + changed.urlencode()


def _with(query: QueryDict, **replacements: str) -> str:
    changed = query.copy()
    changed.pop("cursor", None)
    for key, value in replacements.items():
        changed[key] = value
    return "?" + changed.urlencode()


def _shown_titles(titles: list[str], words: list[str]) -> list[str]:
    """The other titles the query matched (so a reader sees why), else the first one."""
    matched = [title for title in titles if highlight.matched_spans(title, words)]
    return (matched or titles)[:2]


def results(request: HttpRequest) -> HttpResponse:
    """The results page: hits with highlighted snippets, facets in a drawer on phones."""
    site = current_site(request)
    params = _params(request.GET)
    found = access.search_works(params, site)
    words = highlight.query_words(parse(params.q))
    hits = [
        {
            "document": hit.document,
            "title": highlight.highlight(hit.document.title, words),
            "other_titles": highlight.highlight(
                " · ".join(_shown_titles(hit.document.other_titles, words)), words
            ),
            "creators": highlight.highlight("; ".join(hit.document.creators[:3]), words),
            "snippet": highlight.snippet(hit.document.abstract, words)
            if hit.document.abstract
            else "",
        }
        for hit in found.page.hits
    ]
    facets = [
        (
            FACETS[name],
            [(value, _toggle_url(request.GET, name, value.value)) for value in values],
        )
        for name, values in found.facets.items()
        if values
    ]
    record_event(EventKind.SEARCH, request.user, site.library, q=params.q, total=found.page.total)
    context = {
        "q": params.q,
        "found": found,
        "hits": hits,
        "facets": facets,
        "sorts": [(sort, _with(request.GET, sort=sort.value)) for sort in Sort],
        "network_url": _with(request.GET, scope=Scope.NETWORK.value),
        "site_url": _with(request.GET, scope=Scope.SITE.value),
        "next_url": _with(request.GET, cursor=found.next_cursor) if found.next_cursor else "",
        "did_you_mean_url": "?" + urlencode({"q": found.did_you_mean})
        if found.did_you_mean
        else "",
    }
    return render(request, "search/results.html", context)


def work(request: HttpRequest, work_id: int) -> HttpResponse:
    """A work's record: every field, and the libraries holding it, nearest to this site first."""
    site = current_site(request)
    document = access.get_work(work_id)
    holdings = access.holdings_by_library(document, site)
    record_event(EventKind.VIEW, request.user, site.library, work_id=work_id)
    context = {
        "document": document,
        "holdings": holdings,
        "language": value_label("language", document.language, {}),
        "resource_type": value_label("type", document.resource_type, {}),
    }
    return render(request, "search/work.html", context)


def classes(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Browse by the CLC: the top classes with counts, then the subclasses present in the index."""
    context = {
        "code": code,
        "trail": access.class_trail(code) if code else [],
        "children": access.class_children(code),
    }
    return render(request, "search/classes.html", context)


def subjects(request: HttpRequest) -> HttpResponse:
    """Browse by subject: the most used subject headings, each a search."""
    return render(request, "search/subjects.html", {"subjects": access.top_subjects()})


def suggestions(request: HttpRequest) -> HttpResponse:
    """As-you-type completions for the search box, as <option>s of its datalist (htmx)."""
    found = access.suggest(request.GET.get("q", "")[:100])
    return render(request, "search/_suggestions.html", {"suggestions": found})
