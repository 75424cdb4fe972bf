"""Recorded real OAI-PMH responses (Sickle, pyoai, Zenodo via oaipmh-scythe, Europeana Metis)
replayed byte for byte by a local HTTP server to the harvester."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from shuyun.catalog.crosswalks import SourceFormat, crosswalk_for
from shuyun.catalog.models import Record
from shuyun.federation.models import Library
from shuyun.harvest.harvesting import harvest_source
from shuyun.harvest.models import HarvestSource, Job, JobStatus
from shuyun.harvest.oai import FINE_GRANULARITY, HarvestError, OAIClient, OAIError
from shuyun.harvest.services import create_source
from tests.conftest import SHARED_DATA
from tests.harvest.peers import Replay, Reply, serving_replay

SICKLE = SHARED_DATA / "sickle-oai-samples"
PYOAI = SHARED_DATA / "pyoai-oai-samples"
SCYTHE = SHARED_DATA / "oaipmh-scythe-zenodo-cassettes"
METIS = SHARED_DATA / "europeana-metis-edm-and-oai/oai-harvesting"


def file_reply(path: Path) -> Reply:
    return Reply(path.read_bytes())


def sickle_replay() -> Replay:
    replay = Replay()
    replay.add("verb=Identify", file_reply(SICKLE / "Identify.xml"))
    replay.add("verb=ListRecords&metadataPrefix=oai_dc", file_reply(SICKLE / "ListRecords.xml"))
    for page in (2, 3, 4):
        name = f"ListRecords{page}.xml"
        replay.add(f"verb=ListRecords&resumptionToken={name}", file_reply(SICKLE / name))
    return replay


def pyoai_replay(folder: str) -> Replay:
    replay = Replay()
    lines = (PYOAI / folder / "mapping.txt").read_text().split()
    for query, name in zip(lines[::2], lines[1::2], strict=True):
        replay.add(query.replace("%3A", ":").replace("%2F", "/"), file_reply(PYOAI / folder / name))
    return replay


def cassette_replay(name: str) -> Replay:
    replay = Replay()
    for interaction in yaml.safe_load((SCYTHE / name).read_text())["interactions"]:
        response = interaction["response"]
        reply = Reply(response["content"].encode(), response["status_code"])
        replay.add(interaction["request"]["uri"], reply)
    return replay


@pytest.fixture
def source(network: dict[str, Library]) -> HarvestSource:
    return create_source(None, network["ZJ-SX"], name="replay", endpoint="http://127.0.0.1/oai")


@pytest.fixture
def sleeps() -> list[float]:
    return []


def harvest(source: HarvestSource, url: str, sleeps: list[float], retries: int = 2) -> Job:
    source.endpoint = url
    source.save()
    return harvest_source(source, client=OAIClient(url, retries=retries, sleep=sleeps.append))


@pytest.fixture
def sickle() -> Iterator[tuple[Replay, str]]:
    replay = sickle_replay()
    with serving_replay(replay) as url:
        yield replay, url


def test_sickle_resumption_chain_with_deleted_records(
    source: HarvestSource, sickle: tuple[Replay, str], sleeps: list[float]
) -> None:
    replay, url = sickle
    job = harvest(source, url, sleeps)
    assert job.status == JobStatus.DONE, job.message
    source.refresh_from_db()
    assert source.granularity == "YYYY-MM-DD"
    assert source.harvested_until == datetime(2013, 2, 27, 9, 10, 56, tzinfo=UTC)
    # Four pages; deleted records are in the chain but were never stored, so nothing to delete.
    assert len([q for q in replay.requests if ("verb", "ListRecords") in q]) == 4
    assert job.added == Record.objects.filter(library=source.library).count() > 0
    record = Record.objects.get(source_id="oai:test.example.com:1585322")
    assert (record.title, record.year, record.resource_type) == ("Sample Title", 2010, "journal")
    assert record.publisher == "Sample Publisher"


def test_next_harvest_asks_from_the_last_response_date_at_day_granularity(
    source: HarvestSource, sickle: tuple[Replay, str], sleeps: list[float]
) -> None:
    replay, url = sickle
    harvest(source, url, sleeps)
    replay.add(
        "verb=ListRecords&metadataPrefix=oai_dc&from=2013-02-27",
        file_reply(SICKLE / "noRecordsMatch.xml"),
    )
    job = harvest(source, url, sleeps)
    assert (job.status, job.added) == (JobStatus.DONE, 0)
    assert replay.requests[-1] == frozenset(
        {("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2013-02-27")}
    )


def test_truncated_response_is_retried_then_reported(
    source: HarvestSource, sleeps: list[float]
) -> None:
    replay = sickle_replay()
    broken = file_reply(SICKLE / "ListRecordsBroken.xml")
    replay.add(
        "verb=ListRecords&metadataPrefix=oai_dc",
        broken,
        broken,
        file_reply(SICKLE / "ListRecords.xml"),
    )
    with serving_replay(replay) as url:
        job = harvest(source, url, sleeps)
    assert job.status == JobStatus.DONE and sleeps == [1.0, 2.0]
    replay = sickle_replay()
    replay.add("verb=ListRecords&metadataPrefix=oai_dc", broken)
    source.harvested_until = None
    source.save()
    with serving_replay(replay) as url:
        job = harvest(source, url, sleeps, retries=1)
    assert (
        job.status == JobStatus.FAILED
        and "not well-formed" in job.message.lower()
        or "error" in job.message.lower()
    )


@pytest.mark.parametrize(
    "code",
    [
        "badArgument",
        "badResumptionToken",
        "cannotDisseminateFormat",
        "idDoesNotExist",
        "noSetHierarchy",
    ],
)
def test_every_error_code_is_raised_with_its_code(code: str) -> None:
    replay = Replay()
    replay.add("verb=ListRecords&metadataPrefix=oai_dc", file_reply(SICKLE / f"{code}.xml"))
    with serving_replay(replay) as url, pytest.raises(OAIError) as raised:
        list(OAIClient(url).list_records("oai_dc"))
    assert raised.value.code == code


def test_undefined_error_and_no_records_match() -> None:
    replay = Replay()
    replay.add("verb=ListRecords&metadataPrefix=oai_dc", file_reply(SICKLE / "undefinedError.xml"))
    replay.add("verb=ListRecords&metadataPrefix=marc21", file_reply(SICKLE / "noRecordsMatch.xml"))
    with serving_replay(replay) as url:
        with pytest.raises(OAIError):
            list(OAIClient(url).list_records("oai_dc"))
        assert list(OAIClient(url).list_records("marc21")) == []


def test_sickle_identify_sets_and_formats() -> None:
    replay = Replay()
    for verb in ("Identify", "ListSets", "ListMetadataFormats"):
        replay.add(f"verb={verb}", file_reply(SICKLE / f"{verb}.xml"))
    with serving_replay(replay) as url:
        client = OAIClient(url)
        identify = client.identify()
        sets = list(client.list_sets())
        formats = client.list_metadata_formats()
    assert (identify.repository_name, identify.deleted_record) == (
        "A Test Repository",
        "persistent",
    )
    assert len(sets) > 10 and all(spec for spec, _name in sets)
    assert "oai_dc" in [f[0] for f in formats]


def test_pyoai_recorded_dspace_incremental_list(source: HarvestSource, sleeps: list[float]) -> None:
    replay = pyoai_replay("fake2")
    source.granularity = FINE_GRANULARITY
    source.harvested_until = datetime(2004, 1, 1, tzinfo=UTC)
    with serving_replay(replay) as url:
        job = harvest(source, url, sleeps)
    assert job.status == JobStatus.DONE, job.message
    # 81 records in the response, two of them deleted (never stored here, so nothing to delete).
    assert (job.added, job.deleted, job.quarantined) == (79, 0, 0)


def test_pyoai_recorded_identify_and_sets() -> None:
    replay = pyoai_replay("fake1")
    with serving_replay(replay) as url:
        client = OAIClient(url)
        assert client.identify().granularity == FINE_GRANULARITY
        assert len(list(client.list_sets())) > 0


def test_zenodo_three_pages_chained_by_tokens(source: HarvestSource, sleeps: list[float]) -> None:
    replay = cassette_replay("list_records.yaml")
    source.granularity = FINE_GRANULARITY  # as Zenodo's Identify says
    with serving_replay(replay) as url:
        job = harvest(source, url, sleeps, retries=0)
    assert job.status == JobStatus.DONE, job.message
    assert job.added == 8  # nine records, one of them deleted
    assert len([q for q in replay.requests if ("verb", "ListRecords") in q]) == 3
    record = Record.objects.get(source_id="oai:zenodo.org:2217771")
    assert record.creators[0]["name"] == "Moir, James" and record.year == 1910


def test_unrecorded_token_stops_the_harvest_and_keeps_the_token(
    source: HarvestSource, sleeps: list[float]
) -> None:
    replay = cassette_replay("list_records.yaml")
    page_three = [q for q in replay.routes if ("verb", "ListRecords") in q and len(q) == 2]
    del replay.routes[max(page_three, key=lambda q: len(str(q)))]
    source.granularity = FINE_GRANULARITY
    with serving_replay(replay) as url:
        job = harvest(source, url, sleeps, retries=0)
    assert job.status == JobStatus.FAILED and "HTTP 404" in job.message
    assert job.added == 5  # two pages of three, one deleted
    source.refresh_from_db()
    assert source.resumption_token.startswith(".eJyNzN1ugjAYANB3")


def test_zenodo_rejects_a_bad_argument_with_http_422() -> None:
    replay = cassette_replay("list_records.yaml")
    with serving_replay(replay) as url, pytest.raises(HarvestError, match="HTTP 422"):
        list(OAIClient(url, retries=0).list_records("oai_dc", from_="2025-01-15"))


def test_metis_deleted_and_live_records() -> None:
    replay = Replay()
    replay.add(
        "verb=GetRecord&identifier=del&metadataPrefix=oai_dc",
        file_reply(METIS / "deletedOaiRecord.xml"),
    )
    replay.add(
        "verb=GetRecord&identifier=live&metadataPrefix=oai_dc",
        file_reply(METIS / "sampleOaiRecord.xml"),
    )
    with serving_replay(replay) as url:
        client = OAIClient(url)
        deleted = client.get_record("del", "oai_dc")
        live = client.get_record("live", "oai_dc")
    assert deleted.deleted and deleted.metadata == b""
    assert deleted.identifier == "oai:mediateka.centrumzamenhofa.pl:20"
    assert not live.deleted
    # Metis' own expected metadata for that record, mapped alike by our Dublin Core crosswalk.
    expected = crosswalk_for(SourceFormat.OAI_DC)((METIS / "expectedOaiRecord.xml").read_bytes())
    assert (
        crosswalk_for(SourceFormat.OAI_DC)(live.metadata).model_fields() == expected.model_fields()
    )
    assert expected.title.startswith("Fotografowie z zakładu")
