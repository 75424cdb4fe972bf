"""A small warehouse of real records spread over the demo network, for the provider's tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from lxml import etree

from shuyun.catalog.models import Record
from shuyun.catalog.records import RawItem
from shuyun.federation.models import Library
from shuyun.harvest.services import import_file, import_items
from tests.conftest import SHARED_DATA

XSD = SHARED_DATA / "pyoai-oai-samples" / "OAI-PMH.xsd"
# (library, sample): CNMARC, Dublin Core and UNIMARC from dp2, MARC 21 with CJK from Blacklight.
WAREHOUSE_FILES = [
    ("ZJ", "dp2-sru-cnmarc/sample_cnmarcxml.xml"),
    ("ZJ-SX", "dp2-sru-cnmarc/sample_dc.xml"),
    ("ZJ-SX-ZJ", "dp2-sru-cnmarc/sample_unimarcxml.xml"),
    ("NLC", "blacklight-marc-testdata/test_data.utf8.mrc"),
]


@pytest.fixture(autouse=True)
def own_search_index(tmp_path: Path) -> Iterator[Path]:
    """Records stored in a committing test are indexed on commit: into this test's own index."""
    with override_settings(SHUYUN_SEARCH_DIR=tmp_path / "search"):
        yield tmp_path / "search"


@pytest.fixture(scope="session")
def oai_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def load_warehouse(network: dict[str, Library]) -> list[Record]:
    for code, name in WAREHOUSE_FILES:
        import_file(network[code], Path(SHARED_DATA / name))
    return list(Record.objects.order_by("pk"))


def delete_record(record: Record) -> None:
    """Delete through the warehouse's own path, as a harvested deletion would."""
    from shuyun.catalog.crosswalks import SourceFormat

    item = RawItem(b"", "deletion", source_id=record.source_id, deleted=True)
    import_items(record.library, iter([item]), SourceFormat.MARC, label="deletions")


@pytest.fixture
def warehouse(network: dict[str, Library]) -> Iterator[list[Record]]:
    records = load_warehouse(network)
    assert len(records) > 30
    yield records


NS = {"o": "http://www.openarchives.org/OAI/2.0/"}


@pytest.fixture
def oai_get(client, oai_schema: etree.XMLSchema):  # type: ignore[no-untyped-def]
    """GET /oai with the arguments given, validated against the OAI-PMH schema, as a tree."""

    def get(**params: str) -> etree._Element:
        response = client.get("/oai", params)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        root = etree.fromstring(body)
        oai_schema.assertValid(root)
        return root

    return get


def error_code(root: etree._Element) -> str | None:
    found = root.find("o:error", NS)
    return None if found is None else found.get("code")


def identifiers(root: etree._Element) -> list[str]:
    return [node.text or "" for node in root.iterfind(".//o:header/o:identifier", NS)]


def token_of(root: etree._Element) -> etree._Element | None:
    return root.find(".//o:resumptionToken", NS)
