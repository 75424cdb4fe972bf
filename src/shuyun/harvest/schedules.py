"""Which OAI-PMH sources are due for their scheduled harvest, and harvesting them.

Nothing inside Shuyun wakes up by itself: cron or a systemd timer runs `shuyun harvest --due`
(say hourly), and each run harvests, incrementally, every active source whose schedule says it
is due. A source is due when it has never been harvested to the end, when an interrupted harvest
is waiting to resume, or when its last complete harvest began at least its interval ago — and
no harvest of it is running (one started less than `RUN_LIMIT` ago and not finished).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from shuyun.federation.models import Library
from shuyun.harvest.harvesting import harvest_source
from shuyun.harvest.models import HarvestSource, Job, JobKind, JobStatus, Schedule

INTERVALS: dict[str, timedelta] = {
    Schedule.DAILY: timedelta(days=1),
    Schedule.WEEKLY: timedelta(weeks=1),
}
# A timer firing at the same time every day finds yesterday's source due even though
# yesterday's harvest began a few seconds or minutes after the timer fired.
DUE_MARGIN = timedelta(minutes=15)
# A harvest still "running" after this long died with its process; its source is due again.
RUN_LIMIT = timedelta(hours=12)


def due_sources(
    now: datetime | None = None, library: Library | None = None
) -> QuerySet[HarvestSource]:
    """Active scheduled sources (of `library`, if given) due for a harvest at `now`."""
    now = now or timezone.now()
    completed = Q(jobs__kind=JobKind.HARVEST, jobs__status=JobStatus.DONE)
    running = Q(
        jobs__kind=JobKind.HARVEST,
        jobs__status=JobStatus.RUNNING,
        jobs__started_at__gt=now - RUN_LIMIT,
    )
    due = Q(last_complete__isnull=True) | ~Q(resumption_token="")
    for schedule, interval in INTERVALS.items():
        due |= Q(schedule=schedule, last_complete__lte=now - interval + DUE_MARGIN)
    sources = HarvestSource.objects.filter(active=True, schedule__in=list(INTERVALS))
    if library is not None:
        sources = sources.filter(library=library)
    return (
        sources.annotate(
            last_complete=Max("jobs__started_at", filter=completed),
            running=Count("jobs", filter=running),
        )
        .filter(due, running=0)
        .select_related("library")
        .order_by("library__code", "name")
    )


def harvest_due_sources(now: datetime | None = None, library: Library | None = None) -> list[Job]:
    """Harvest every due source incrementally, one after another; each job reports its run.

    A source whose harvest stops (network, protocol error) keeps its resumption token and is
    due again at the next run, which resumes it.
    """
    return [harvest_source(source) for source in due_sources(now, library)]
