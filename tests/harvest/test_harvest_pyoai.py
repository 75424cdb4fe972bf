"""Harvesting from pyoai's OAI-PMH server (a real peer by others) on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree

from shuyun.catalog.models import Record
from shuyun.federation.models import Library
from shuyun.harvest.harvesting import harvest_source
from shuyun.harvest.models import HarvestSource, Job, JobStatus
from shuyun.harvest.oai import OAIClient
from shuyun.harvest.services import create_source
from tests.conftest import SHARED_DATA
from tests.harvest.peers import Gate, Item, Repository, serving_pyoai

DC = "{http://purl.org/dc/elements/1.1/}"


def dp2_items() -> list[Item]:
    """The ten dp2 Dublin Core records, as items of the repository, one day apart."""
    root = etree.parse(str(SHARED_DATA / "dp2-sru-cnmarc/sample_dc.xml")).getroot()
    items = []
    for number, dc in enumerate(root.iter("{info:srw/schema/1/dc-schema}dc")):
        fields: dict[str, list[str]] = {}
        for element in dc.iter(f"{DC}*"):
            fields.setdefault(etree.QName(element).localname, []).append(element.text or "")
        day = datetime(2021, 8, 1 + number)  # noqa: DTZ001 - pyoai compares naive UTC datestamps
        sets = ["stats"] if "统计" in " ".join(fields.get("publisher", [])) else ["other"]
        items.append(Item(f"oai:bnu:{fields['identifier'][0]}", day, fields, sets=sets))
    return items


@pytest.fixture
def source(network: dict[str, Library]) -> HarvestSource:
    return create_source(None, network["ZJ-SX"], name="bnu", endpoint="http://127.0.0.1/oai")


def run(
    source: HarvestSource, url: str, *, sleeps: list[float] | None = None, retries: int = 3
) -> Job:
    source.endpoint = url
    source.save()
    sleep = (sleeps if sleeps is not None else []).append
    return harvest_source(source, client=OAIClient(url, retries=retries, sleep=sleep))


def test_full_then_incremental_harvest_with_a_deletion(
    source: HarvestSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = dp2_items()
    repository, gate = Repository(items), Gate()
    with serving_pyoai(repository, monkeypatch, gate) as url:
        job = run(source, url)
        assert (job.status, job.added, job.quarantined) == (JobStatus.DONE, 10, 0)
        source.refresh_from_db()
        assert source.granularity == "YYYY-MM-DDThh:mm:ssZ"
        assert source.harvested_until is not None and source.resumption_token == ""
        record = Record.objects.get(source_id=items[0].identifier)
        assert record.title == "'94中国发展报告"
        assert record.datestamp == datetime(2021, 8, 1, tzinfo=UTC)
        # The repository deletes one record and changes another, after the last harvest.
        later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
        items[0].deleted, items[0].datestamp = True, later
        items[1].fields["title"] = ["'95中国发展报告（修订）"]
        items[1].datestamp = later
        gate.log.clear()
        job = run(source, url)
    assert (job.added, job.updated, job.deleted) == (0, 1, 1)
    first_list = next(q for q in gate.log if "ListRecords" in q)
    assert "from=" in first_list
    assert Record.objects.get(source_id=items[0].identifier).deleted
    assert Record.objects.get(source_id=items[1].identifier).version == 2


def test_interrupted_harvest_resumes_from_the_last_token(
    source: HarvestSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(status=500, count=100, after_pages=2)
    with serving_pyoai(Repository(dp2_items()), monkeypatch, gate) as url:
        job = run(source, url, retries=1)
        assert job.status == JobStatus.FAILED and "HTTP 500" in job.message
        assert job.added == 6  # two pages of three were stored
        source.refresh_from_db()
        assert source.resumption_token and source.harvested_until is None
        gate.count, gate.log[:] = 0, []
        job = run(source, url)
    assert (job.status, job.added) == (JobStatus.DONE, 4)
    first_list = next(q for q in gate.log if "ListRecords" in q)
    assert first_list.startswith("verb=ListRecords&resumptionToken=")
    assert Record.objects.filter(library=source.library).count() == 10


def test_503_retry_after_is_obeyed(source: HarvestSource, monkeypatch: pytest.MonkeyPatch) -> None:
    sleeps: list[float] = []
    gate = Gate(status=503, count=2, retry_after="7")
    with serving_pyoai(Repository(dp2_items()), monkeypatch, gate) as url:
        job = run(source, url, sleeps=sleeps)
    assert job.status == JobStatus.DONE and job.added == 10
    assert sleeps == [7.0, 7.0]


def test_network_errors_back_off_exponentially(
    source: HarvestSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    gate = Gate(status=502, count=3)
    with serving_pyoai(Repository(dp2_items()), monkeypatch, gate) as url:
        job = run(source, url, sleeps=sleeps, retries=4)
    assert job.status == JobStatus.DONE
    assert sleeps == [1.0, 2.0, 4.0]


def test_sets_and_formats_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    with serving_pyoai(Repository(dp2_items()), monkeypatch, Gate()) as url:
        client = OAIClient(url)
        assert client.identify().repository_name == "Shuyun test repository"
        assert [f[0] for f in client.list_metadata_formats()] == ["oai_dc"]
        assert sorted(client.list_sets()) == [("other", "Other"), ("stats", "Stats")]
        pages = list(client.list_records("oai_dc", set_spec="other"))
    assert sum(len(p.records) for p in pages) == 1


def test_harvest_of_one_set(source: HarvestSource, monkeypatch: pytest.MonkeyPatch) -> None:
    source.set_spec = "stats"
    with serving_pyoai(Repository(dp2_items()), monkeypatch, Gate()) as url:
        job = run(source, url)
    assert job.added == 9
