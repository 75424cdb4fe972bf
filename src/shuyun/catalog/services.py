"""The warehouse's write path for people: an operator's split and merge of works.

Records come in through `catalog.ingest` (called by the harvest domain). A split or merge pins
the records it moves, so later harvests of them keep the operator's decision; a merge also moves
the match keys, so records that arrive later for either work join the merged one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from shuyun.accounts.models import User
from shuyun.analytics.services import EventKind, record_event
from shuyun.catalog import access
from shuyun.catalog.ingest import notify_works_changed
from shuyun.catalog.models import ClusterAction, ClusterDecision, Record, Work, WorkKey


def _check(actor: User) -> None:
    if not access.can_manage_clusters(actor):
        raise PermissionDenied("Only operators may split or merge works.")


def split_work(actor: User, work: Work, record_ids: Iterable[int], *, note: str = "") -> Work:
    """Move the given records of `work` into a new work of their own."""
    _check(actor)
    ids = set(record_ids)
    with transaction.atomic():
        all_ids = set(Record.objects.filter(work=work).values_list("pk", flat=True))
        moving = ids & all_ids
        if not moving or moving == all_ids:
            raise ValidationError("Choose some, but not all, of the work's records to split off.")
        new_work = Work.objects.create()
        Record.objects.filter(pk__in=moving).update(
            work=new_work, cluster_pinned=True, cluster_reason=ClusterAction.SPLIT
        )
        ClusterDecision.objects.create(
            action=ClusterAction.SPLIT,
            actor=actor,
            work=new_work,
            other_work_id=work.pk,
            record_ids=sorted(moving),
            note=note,
        )
        notify_works_changed([work.pk, new_work.pk])
    record_event(EventKind.ADMIN_CHANGE, actor, None, new_work, action="split", source=work.pk)
    return new_work


def merge_works(actor: User, target: Work, other: Work, *, note: str = "") -> Work:
    """Move every record and match key of `other` into `target`, and remove `other`."""
    _check(actor)
    if target.pk == other.pk:
        raise ValidationError("A work cannot be merged with itself.")
    with transaction.atomic():
        moved = list(Record.objects.filter(work=other).values_list("pk", flat=True))
        Record.objects.filter(pk__in=moved).update(
            work=target, cluster_pinned=True, cluster_reason=ClusterAction.MERGE
        )
        Record.objects.filter(work=target).update(cluster_pinned=True)
        WorkKey.objects.filter(work=other).update(work=target)
        ClusterDecision.objects.filter(work=other).update(work=target)
        ClusterDecision.objects.create(
            action=ClusterAction.MERGE,
            actor=actor,
            work=target,
            other_work_id=other.pk,
            record_ids=sorted(moved),
            note=note,
        )
        other_pk = other.pk
        other.delete()
        notify_works_changed([target.pk, other_pk])
    record_event(EventKind.ADMIN_CHANGE, actor, None, target, action="merge", merged=other_pk)
    return target
