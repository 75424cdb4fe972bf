"""Every verb, and every error code exactly where the OAI-PMH 2.0 protocol puts it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.test.client import RequestFactory
from lxml import etree

from shuyun.catalog.models import Record
from shuyun.oai.formats import MARCXML, FormatRegistry, MetadataFormat
from shuyun.oai.views import respond
from tests.oai.conftest import NS, error_code, identifiers

Get = Callable[..., etree._Element]


def test_identify_declares_granularity_deletions_and_identifier_scheme(
    warehouse: list[Record], oai_get: Get
) -> None:
    root = oai_get(verb="Identify")
    identify = root.find("o:Identify", NS)
    assert identify is not None
    assert identify.findtext("o:baseURL", namespaces=NS) == "http://testserver/oai"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    earliest = min(r.updated_at for r in warehouse).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert identify.findtext("o:earliestDatestamp", namespaces=NS) == earliest
    assert root.find("o:request", NS).get("verb") == "Identify"  # type: ignore[union-attr]


def test_list_metadata_formats_for_the_repository_and_an_item(
    warehouse: list[Record], oai_get: Get
) -> None:
    prefixes = oai_get(verb="ListMetadataFormats").xpath("//o:metadataPrefix/text()", namespaces=NS)
    assert prefixes == ["oai_dc", "marcxml"]
    item = oai_get(verb="ListMetadataFormats", identifier=f"oai:shuyun.localhost:{warehouse[0].pk}")
    assert item.xpath("//o:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "marcxml"]


def test_sets_follow_the_library_hierarchy_and_resource_types(
    warehouse: list[Record], oai_get: Get
) -> None:
    specs = oai_get(verb="ListSets").xpath("//o:setSpec/text()", namespaces=NS)
    assert {"NLC", "ZJ", "ZJ:SX", "ZJ:SX:ZJ", "type", "type:book"} <= set(specs)
    held_types = set(Record.objects.values_list("resource_type", flat=True))
    assert {s.removeprefix("type:") for s in specs if s.startswith("type:")} == held_types


def test_get_record_in_both_formats_and_a_deleted_one(
    warehouse: list[Record], oai_get: Get
) -> None:
    from tests.oai.conftest import delete_record

    record = Record.objects.get(library__code="ZJ", source_id="990002180740203961")
    identifier = f"oai:shuyun.localhost:{record.pk}"
    dc = oai_get(verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    dc_ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert dc.xpath("//dc:title/text()", namespaces=dc_ns)[0] == record.title
    assert dc.xpath("//o:setSpec/text()", namespaces=NS) == ["ZJ", f"type:{record.resource_type}"]
    marc = oai_get(verb="GetRecord", identifier=identifier, metadataPrefix="marcxml")
    marc_ns = {"m": "http://www.loc.gov/MARC21/slim"}
    # The CNMARC source itself, verbatim: its 200 $a title and control number.
    assert marc.xpath(
        "//m:datafield[@tag='200']/m:subfield[@code='a']/text()", namespaces=marc_ns
    ) == ["'94中国发展报告"]
    assert marc.xpath("//m:controlfield[@tag='001']/text()", namespaces=marc_ns) == [
        record.source_id
    ]

    delete_record(record)
    gone = oai_get(verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert gone.find(".//o:header", NS).get("status") == "deleted"  # type: ignore[union-attr]
    assert gone.find(".//o:metadata", NS) is None


def test_marcxml_from_unified_fields_for_dublin_core_sources(
    warehouse: list[Record], oai_get: Get
) -> None:
    record = Record.objects.filter(source_format="oai_dc").first()
    assert record is not None
    marc = oai_get(
        verb="GetRecord", identifier=f"oai:shuyun.localhost:{record.pk}", metadataPrefix="marcxml"
    )
    titles = marc.xpath(
        "//m:datafield[@tag='245']/m:subfield[@code='a']/text()",
        namespaces={"m": "http://www.loc.gov/MARC21/slim"},
    )
    assert titles == [record.title]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Frobnicate"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "set": "ZJ"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "marcxml"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-01"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-01-01T00:00:00"},
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-02-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-02-01",
                "until": "2024-01-01",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "not-ours"}, "badResumptionToken"),
        ({"verb": "ListIdentifiers", "resumptionToken": "not-ours"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
        ({"verb": "GetRecord", "identifier": "oai:shuyun.localhost:1"}, "badArgument"),
        (
            {"verb": "GetRecord", "identifier": "oai:shuyun.localhost:1", "metadataPrefix": "mods"},
            "cannotDisseminateFormat",
        ),
        (
            {"verb": "GetRecord", "identifier": "oai:elsewhere:1", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:shuyun.localhost:999999",
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "oai:shuyun.localhost:x"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "mods"}, "cannotDisseminateFormat"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "HB"}, "noRecordsMatch"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2000-01-01"},
            "noRecordsMatch",
        ),
    ],
)
def test_errors_where_the_protocol_puts_them(
    warehouse: list[Record],
    client: Client,
    oai_schema: etree.XMLSchema,
    params: dict[str, object],
    code: str,
) -> None:
    response = client.get("/oai", params)
    root = etree.fromstring(response.content)
    oai_schema.assertValid(root)
    assert error_code(root) == code
    request = root.find("o:request", NS)
    assert request is not None and request.text == "http://testserver/oai"
    # After badVerb and badArgument the request is echoed without its (possibly bad) arguments.
    assert (dict(request.attrib) == {}) == (code in ("badVerb", "badArgument"))


def test_no_set_hierarchy_and_no_records_in_an_empty_repository(
    network: object, oai_get: Get
) -> None:
    assert error_code(oai_get(verb="ListSets")) == "noSetHierarchy"
    assert (
        error_code(oai_get(verb="ListRecords", metadataPrefix="oai_dc", set="ZJ"))
        == "noSetHierarchy"
    )
    assert error_code(oai_get(verb="ListRecords", metadataPrefix="oai_dc")) == "noRecordsMatch"


def test_no_metadata_formats_for_an_item_no_format_supports(
    warehouse: list[Record], oai_schema: etree.XMLSchema
) -> None:
    only_marc_sources = FormatRegistry()
    only_marc_sources.register(
        MetadataFormat(
            MARCXML.prefix,
            MARCXML.schema,
            MARCXML.namespace,
            MARCXML.write,
            MARCXML.columns,
            supports=lambda record: record.source_format in ("marc21", "cnmarc"),
        )
    )
    dc_record = Record.objects.filter(source_format="oai_dc").first()
    assert dc_record is not None
    request = RequestFactory().get(
        "/oai",
        {"verb": "ListMetadataFormats", "identifier": f"oai:shuyun.localhost:{dc_record.pk}"},
    )
    root = etree.fromstring(respond(request, only_marc_sources).content)
    oai_schema.assertValid(root)
    assert error_code(root) == "noMetadataFormats"
    request = RequestFactory().get(
        "/oai",
        {
            "verb": "GetRecord",
            "metadataPrefix": "marcxml",
            "identifier": f"oai:shuyun.localhost:{dc_record.pk}",
        },
    )
    assert (
        error_code(etree.fromstring(respond(request, only_marc_sources).content))
        == "cannotDisseminateFormat"
    )


def test_post_is_answered_like_get(warehouse: list[Record], client: Client) -> None:
    response = client.post(
        "/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "ZJ:SX:ZJ"}
    )
    root = etree.fromstring(b"".join(response.streaming_content))
    expected = Record.objects.filter(library__code="ZJ-SX-ZJ").count()
    assert len(identifiers(root)) == expected > 0
