"""The search backend interface and its registry; tantivy is the one engine today."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyun.catalog.documents import WorkDocument
from shuyun.search.query import Query
from shuyun.search.schema import IndexDocument


class Sort(models.TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    YEAR_DESC = "year_desc", _("Newest first")
    YEAR_ASC = "year_asc", _("Oldest first")
    TITLE = "title", _("Title (pinyin)")


@dataclass(frozen=True)
class SearchRequest:
    query: Query
    # facet name → selected values; values of one facet are ORed, facets are ANDed
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # limit to works held by this library or those below it, or by `scope_also` libraries
    scope_subtree: str | None = None
    scope_also: tuple[str, ...] = ()
    # libraries whose holdings rank first (a branch site's own library)
    prefer_libraries: tuple[str, ...] = ()
    sort: Sort = Sort.RELEVANCE
    offset: int = 0
    limit: int = 20
    facets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    document: WorkDocument
    score: float


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: str  # "title", "creator" or "subject"
    count: int


class SearchBackend(Protocol):
    """What discovery needs from an engine. Writes become visible after `commit` returns."""

    def write(self, documents: Iterable[IndexDocument], deleted: Iterable[int]) -> None: ...

    def rebuild(
        self,
        documents: Iterator[IndexDocument],
        catch_up: Callable[[list[int]], tuple[list[IndexDocument], list[int]]],
    ) -> int: ...

    def search(self, request: SearchRequest) -> SearchPage: ...

    def suggest(self, prefix: str, limit: int) -> list[Suggestion]: ...

    def get(self, work_id: int) -> WorkDocument | None: ...

    def count_terms(self, facet: str, prefix: str, within: SearchRequest) -> list[FacetCount]: ...

    def document_count(self) -> int: ...


class Engine(enum.StrEnum):
    TANTIVY = "tantivy"


BACKENDS: dict[Engine, Callable[[Path], SearchBackend]] = {}


def register(engine: Engine, factory: Callable[[Path], SearchBackend]) -> None:
    BACKENDS[engine] = factory


_open: dict[tuple[Engine, Path], SearchBackend] = {}


def get_backend() -> SearchBackend:
    """The configured engine over the index under the data directory, opened once per process."""
    engine = Engine(getattr(settings, "SHUYUN_SEARCH_ENGINE", Engine.TANTIVY))
    directory = Path(getattr(settings, "SHUYUN_SEARCH_DIR", settings.DATA_DIR / "search"))
    key = (engine, directory)
    if key not in _open:
        _open[key] = BACKENDS[engine](directory)
    return _open[key]
