"""Real OAI-PMH harvesters (Sickle, pyoai, and our own) harvest our provider over HTTP."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import oaipmh.client
import oaipmh.metadata
import pymarc
import pytest
from lxml import etree
from oaipmh.client import Client as PyoaiClient
from oaipmh.metadata import MetadataRegistry, oai_dc_reader
from sickle import Sickle
from sickle.oaiexceptions import NoRecordsMatch

from shuyun.catalog.models import Record
from shuyun.federation.models import Library
from shuyun.harvest import services as harvest_services
from shuyun.harvest.harvesting import harvest_source
from tests.oai.conftest import delete_record, load_warehouse

PAGE = 9


class _LxmlForPyoai:
    """lxml as pyoai 2.5 expects it: its client calls XPathEvaluator(...).evaluate(path), which
    lxml 6 dropped (the evaluator itself is callable). Everything else is lxml unchanged."""

    class XPathEvaluator:
        def __init__(self, node: Any, namespaces: Any = None) -> None:
            self.evaluate = etree.XPathEvaluator(node, namespaces=namespaces)

    def __getattr__(self, name: str) -> Any:
        return getattr(etree, name)


@pytest.fixture
def pyoai_client(served: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> PyoaiClient:
    monkeypatch.setattr(oaipmh.client, "etree", _LxmlForPyoai())
    monkeypatch.setattr(oaipmh.metadata, "etree", _LxmlForPyoai())
    registry = MetadataRegistry()
    registry.registerReader("oai_dc", oai_dc_reader)
    return PyoaiClient(served["url"], registry)


@pytest.fixture
def served(live_server: Any, network: dict[str, Library], settings: Any) -> dict[str, Any]:
    """The warehouse behind the live test server, a deleted record, and pages of PAGE records."""
    settings.SHUYUN_OAI_PAGE_SIZE = PAGE
    records = load_warehouse(network)
    delete_record(records[3])
    return {"url": f"{live_server.url}/oai", "network": network}


def expected(**filters: Any) -> dict[str, tuple[bool, str]]:
    return {
        f"oai:shuyun.localhost:{r.pk}": (r.deleted, r.title)
        for r in Record.objects.filter(**filters)
    }


def test_sickle_harvests_everything_in_both_formats(served: dict[str, Any]) -> None:
    sickle = Sickle(served["url"], max_retries=0)
    got = {
        r.header.identifier: (r.deleted, "" if r.deleted else r.metadata["title"][0])
        for r in sickle.ListRecords(metadataPrefix="oai_dc")
    }
    want = expected()
    assert got == {i: (deleted, "" if deleted else title) for i, (deleted, title) in want.items()}
    marc_titles = {}
    for record in sickle.ListRecords(metadataPrefix="marcxml", set="NLC"):
        if record.deleted:
            continue
        xml = etree.tostring(record.xml.find(".//{http://www.loc.gov/MARC21/slim}record"))
        (parsed,) = pymarc.parse_xml_to_array(io.BytesIO(xml))
        marc_titles[record.header.identifier] = parsed["001"].data.strip()
    nlc = Record.objects.filter(library__code="NLC", deleted=False)
    assert marc_titles == {f"oai:shuyun.localhost:{r.pk}": r.source_id for r in nlc}


def test_sickle_harvests_selectively(served: dict[str, Any]) -> None:
    sickle = Sickle(served["url"], max_retries=0)
    for spec, codes in (("ZJ", ["ZJ", "ZJ-SX", "ZJ-SX-ZJ"]), ("ZJ:SX", ["ZJ-SX", "ZJ-SX-ZJ"])):
        headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set=spec))
        assert {h.identifier for h in headers} == set(expected(library__code__in=codes))
    books = {h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", set="type:book")}
    assert books == set(expected(resource_type="book"))
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListIdentifiers(metadataPrefix="oai_dc", **{"from": tomorrow}))
    deleted = [h for h in sickle.ListIdentifiers(metadataPrefix="oai_dc") if h.deleted]
    assert [h.identifier for h in deleted] == list(expected(deleted=True))


def test_pyoai_harvests_in_full_and_selectively(pyoai_client: PyoaiClient) -> None:
    client = pyoai_client
    assert client.identify().granularity() == "YYYY-MM-DDThh:mm:ssZ"
    assert {prefix for prefix, _, _ in client.listMetadataFormats()} == {"oai_dc", "marcxml"}
    assert {"ZJ", "ZJ:SX", "ZJ:SX:ZJ", "NLC"} <= {spec for spec, _, _ in client.listSets()}
    got = {
        header.identifier(): (header.isDeleted(), metadata["title"][0] if metadata else "")
        for header, metadata, _ in client.listRecords(metadataPrefix="oai_dc")
    }
    assert got == {i: (d, "" if d else t) for i, (d, t) in expected().items()}
    since = Record.objects.order_by("updated_at").last().updated_at.replace(microsecond=0)  # type: ignore[union-attr]
    recent = {
        h.identifier()
        for h in client.listIdentifiers(metadataPrefix="oai_dc", from_=since.replace(tzinfo=None))
    }
    assert recent == set(expected(updated_at__gte=since))
    zhuji = {
        h.identifier() for h in client.listIdentifiers(metadataPrefix="oai_dc", set="ZJ:SX:ZJ")
    }
    assert zhuji == set(expected(library__code="ZJ-SX-ZJ"))


def test_our_harvester_round_trip(served: dict[str, Any]) -> None:
    network = served["network"]
    source = harvest_services.create_source(
        None,
        network["FJ"],
        name="Shuyun ZJ",
        endpoint=served["url"],
        metadata_prefix="marcxml",
        set_spec="ZJ",
    )
    job = harvest_source(source)
    assert job.status == "done", job.message
    # A record deleted before it was ever harvested is not created as a copy.
    originals = Record.objects.filter(library__path__startswith=network["ZJ"].path, deleted=False)
    copies = Record.objects.filter(library=network["FJ"])
    by_id = {f"oai:shuyun.localhost:{r.pk}": r for r in originals}
    assert set(by_id) == {r.source_id for r in copies} and len(by_id) > 20
    for copy in copies:
        original = by_id[copy.source_id]
        assert (copy.title, copy.isbns, copy.deleted) == (original.title, original.isbns, False)
    # Deleting at the source reaches the copy at the next (incremental) harvest.
    delete_record(originals.first())  # type: ignore[arg-type]
    assert harvest_source(source).deleted == 1
