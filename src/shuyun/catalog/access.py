"""Reads of the metadata warehouse, and who may do what with it: every check lives here.

Works and their documents are public metadata (discovery indexes all of them). A library's own
staff and the operators above it see the library's records, provenance and quality counts;
splitting and merging works is for platform and provincial operators. Everyone else is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from shuyun.accounts.models import Role, User
from shuyun.catalog.documents import Holding, WorkDocument
from shuyun.catalog.models import Record, ResourceType, Work
from shuyun.federation import access as federation_access
from shuyun.federation.models import Library

DOCUMENT_BATCH = 500
CLUSTER_ROLES = frozenset({Role.PLATFORM_OPERATOR, Role.PROVINCIAL_OPERATOR})
_DOCUMENT_COLUMNS = (
    *("id", "work_id", "library__code", "source_format", "title", "title_pinyin", "other_titles"),
    *("creators", "subjects", "clc", "isbns", "issns", "language", "publisher", "place", "year"),
    *("resource_type", "abstract"),
)
_COMPLETENESS = ("title_pinyin", "creators", "subjects", "clc", "isbns", "publisher", "year")


def _work_id_batches(work_ids: Iterable[int] | None) -> Iterator[list[int]]:
    if work_ids is not None:
        ids = sorted(set(work_ids))
        for start in range(0, len(ids), DOCUMENT_BATCH):
            yield ids[start : start + DOCUMENT_BATCH]
        return
    last = 0
    while batch := list(
        Work.objects.filter(pk__gt=last)
        .order_by("pk")
        .values_list("pk", flat=True)[:DOCUMENT_BATCH]
    ):
        yield batch
        last = batch[-1]


def work_documents(work_ids: Iterable[int] | None = None) -> Iterator[WorkDocument]:
    """One document per work that has a live record (None: every work), two queries per 500.

    A requested work without live records (all deleted, or merged away) yields nothing: its
    document is to be dropped from the index.
    """
    for batch in _work_id_batches(work_ids):
        rows = (
            Record.objects.filter(work_id__in=batch, deleted=False)
            .order_by("work_id", "id")
            .values(*_DOCUMENT_COLUMNS)
        )
        for work_id, group in groupby(rows, key=itemgetter("work_id")):
            yield build_document(work_id, list(group))


def _completeness(row: dict[str, Any]) -> int:
    return sum(1 for name in _COMPLETENESS if row[name])


def _merged(rows: list[dict[str, Any]], name: str) -> list[str]:
    return list(dict.fromkeys(value for row in rows for value in row[name] if value))


def _first(rows: list[dict[str, Any]], name: str) -> Any:
    return next((row[name] for row in rows if row[name]), rows[0][name])


def build_document(work_id: int, rows: list[dict[str, Any]]) -> WorkDocument:
    """The work as discovery sees it: the most complete record first, the others filling gaps."""
    rows = sorted(rows, key=lambda row: (-_completeness(row), row["id"]))
    preferred = rows[0]
    titles = [row["title"] for row in rows[1:]] + _merged(rows, "other_titles")
    creators = [c["name"] for row in rows for c in row["creators"] if c.get("name")]
    return WorkDocument(
        work_id=work_id,
        title=preferred["title"],
        other_titles=[t for t in dict.fromkeys(titles) if t != preferred["title"]],
        title_pinyin=_first(rows, "title_pinyin"),
        creators=list(dict.fromkeys(creators)),
        subjects=_merged(rows, "subjects"),
        classifications=_merged(rows, "clc"),
        isbns=_merged(rows, "isbns"),
        issns=_merged(rows, "issns"),
        language=_first(rows, "language"),
        publisher=_first(rows, "publisher"),
        place=_first(rows, "place"),
        year=_first(rows, "year"),
        resource_type=preferred["resource_type"],
        abstract=_first(rows, "abstract"),
        holdings=[
            Holding(row["library__code"], row["id"], row["source_format"])
            for row in sorted(rows, key=itemgetter("id"))
        ],
    )


def can_manage_clusters(user: object) -> bool:
    return isinstance(user, User) and user.is_active and user.role in CLUSTER_ROLES


def get_work(work_id: int) -> Work:
    return get_object_or_404(Work, pk=work_id)


def work_records(work: Work) -> QuerySet[Record]:
    """Every record of a work (deleted ones too), with the library that holds it."""
    return work.records.select_related("library").defer("raw").order_by("id")


def get_record_for(user: object, record_id: int) -> Record:
    """A record with its verbatim source, for its library's staff and the operators above."""
    record = get_object_or_404(Record.objects.select_related("library"), pk=record_id)
    if not federation_access.can_view_private(user, record.library):
        raise PermissionDenied(f"You may not see the source records of {record.library.code}.")
    return record


def _quality_counts() -> dict[str, Count]:
    return {
        "total": Count("pk"),
        "no_subject": Count("pk", filter=Q(subjects=[])),
        "no_clc": Count("pk", filter=Q(clc=[])),
        "no_isbn": Count("pk", filter=Q(isbns=[]) & Q(issns=[])),
    }


def quality_by_library(user: object) -> list[dict[str, Any]]:
    """Per library the user may see: live records and how many lack a subject, CLC, ISBN/ISSN."""
    scope = federation_access.staff_scope(user)
    return list(
        Record.objects.filter(deleted=False, library__in=scope)
        .values("library__code", "library__name_zh")
        .annotate(**_quality_counts())
        .order_by("library__code")
    )


def quality_of(user: object, library: Library) -> dict[str, list[dict[str, Any]]]:
    """One library's live records by origin (file or OAI source) and by resource type."""
    if not federation_access.can_view_private(user, library):
        raise PermissionDenied(f"You may not see the records of {library.code}.")
    records = Record.objects.filter(library=library, deleted=False)
    labels = dict(ResourceType.choices)
    by_type = records.values("resource_type").annotate(total=Count("pk")).order_by("-total")
    return {
        "by_origin": list(
            records.values("origin").annotate(**_quality_counts()).order_by("origin")
        ),
        # Each type with its name in the reader's language ("图书" rather than "book").
        "by_type": [
            {**row, "label": labels.get(row["resource_type"], row["resource_type"])}
            for row in by_type
        ],
    }
