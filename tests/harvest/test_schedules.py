"""Scheduled harvests: which sources `shuyun harvest --due` picks, run against pyoai's server."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from shuyun.catalog.models import Record
from shuyun.federation.models import Library
from shuyun.harvest.models import HarvestSource, Job, JobKind, JobStatus, Schedule
from shuyun.harvest.schedules import due_sources
from shuyun.harvest.services import create_source, start_job
from tests.harvest.peers import Gate, Repository, serving_pyoai
from tests.harvest.test_harvest_pyoai import dp2_items

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.get_current_timezone())


def add_source(library: Library, name: str, schedule: str, **fields: object) -> HarvestSource:
    return create_source(
        None, library, name=name, endpoint="http://127.0.0.1/oai", schedule=schedule, **fields
    )


def harvested_at(source: HarvestSource, when: datetime, status: str = JobStatus.DONE) -> Job:
    job = start_job(source.library, JobKind.HARVEST, source.endpoint, "oai_dc", source=source)
    Job.objects.filter(pk=job.pk).update(started_at=when, status=status)
    return job


def due_names(now: datetime = NOW) -> list[str]:
    return [source.name for source in due_sources(now)]


def test_schedules_decide_what_is_due(network: dict[str, Library]) -> None:
    sx, hz = network["ZJ-SX"], network["ZJ-HZ"]
    daily = add_source(sx, "daily", Schedule.DAILY)
    weekly = add_source(hz, "weekly", Schedule.WEEKLY)
    add_source(sx, "by hand", Schedule.MANUAL)
    add_source(hz, "switched off", Schedule.DAILY, active=False)
    assert due_names() == ["weekly", "daily"]  # never harvested: ZJ-HZ, then ZJ-SX
    harvested_at(daily, NOW - timedelta(days=1, seconds=-30))  # began just after the timer
    harvested_at(weekly, NOW - timedelta(days=1))
    assert due_names() == ["daily"]
    assert due_names(NOW - timedelta(hours=1)) == []
    assert due_names(NOW + timedelta(days=6)) == ["weekly", "daily"]
    assert [s.name for s in due_sources(NOW + timedelta(days=6), library=sx)] == ["daily"]


def test_interrupted_harvest_is_due_but_a_running_one_is_not(
    network: dict[str, Library],
) -> None:
    source = add_source(network["ZJ-SX"], "daily", Schedule.DAILY)
    harvested_at(source, NOW - timedelta(hours=2))
    assert due_names() == []
    # The next harvest is running and has stored the token of its next page.
    running = harvested_at(source, NOW - timedelta(minutes=5), status=JobStatus.RUNNING)
    source.resumption_token = "page-3"
    source.save()
    assert due_names() == []
    # Its process died without finishing the job: twelve hours on, the source is due again.
    assert due_names(NOW + timedelta(hours=13)) == ["daily"]
    # It stopped (network error): the next run resumes it.
    Job.objects.filter(pk=running.pk).update(status=JobStatus.FAILED)
    assert due_names() == ["daily"]


def test_harvest_due_runs_due_sources_incrementally(
    network: dict[str, Library], monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    with serving_pyoai(Repository(dp2_items()), monkeypatch, gate) as url:
        daily = add_source(network["ZJ-SX"], "bnu", Schedule.DAILY)
        manual = add_source(network["ZJ-HZ"], "bnu", Schedule.MANUAL)
        broken = add_source(network["ZJ-NB"], "bnu", Schedule.WEEKLY, metadata_prefix="marc21")
        HarvestSource.objects.update(endpoint=url)
        out, err = StringIO(), StringIO()
        call_command("harvest", due=True, stdout=out, stderr=err)
        assert "ZJ-SX" in out.getvalue() and "added 10" in out.getvalue()
        assert "ZJ-NB" in err.getvalue() and "cannotDisseminateFormat" in err.getvalue()
        assert Record.objects.filter(library=daily.library).count() == 10
        assert not Job.objects.filter(source=manual).exists()

        out = StringIO()
        call_command("harvest", "ZJ-SX", due=True, stdout=out)
        assert out.getvalue().strip() == "No harvest source is due."

        # A day later the daily source is harvested again, from where the last harvest began.
        Job.objects.filter(source=daily).update(started_at=timezone.now() - timedelta(days=1))
        gate.log.clear()
        out = StringIO()
        call_command("harvest", "ZJ-SX", due=True, stdout=out)
    assert "added 0, updated 0, unchanged 0" in out.getvalue()
    first_list = next(query for query in gate.log if "ListRecords" in query)
    assert "from=" in first_list
    assert Job.objects.filter(source=broken, status=JobStatus.FAILED).count() == 1


def test_harvest_command_needs_a_library_or_due(network: dict[str, Library]) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--due"):
        call_command("harvest")
    with pytest.raises(CommandError, match="incrementally"):
        call_command("harvest", due=True, full=True)
    with pytest.raises(CommandError, match="No library"):
        call_command("harvest", "XX-NONE", due=True)
