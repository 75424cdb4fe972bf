"""List verbs: selective harvesting, and resumption that stays correct while records change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from shuyun.catalog.models import Record
from shuyun.federation.models import Library
from shuyun.harvest.services import import_file
from shuyun.oai import tokens
from shuyun.oai.protocol import Verb
from tests.conftest import SHARED_DATA
from tests.oai.conftest import NS, delete_record, error_code, identifiers, token_of

Get = Callable[..., etree._Element]
PAGE = 7


def oai_id(record: Record) -> str:
    return f"oai:shuyun.localhost:{record.pk}"


def harvest(
    oai_get: Get, verb: str = "ListIdentifiers", **params: str
) -> tuple[list[str], list[etree._Element]]:
    """Every identifier of a list, following tokens; also the token elements seen."""
    root = oai_get(verb=verb, metadataPrefix="oai_dc", **params)
    found, tokens_seen = identifiers(root), []
    while (token := token_of(root)) is not None:
        tokens_seen.append(token)
        if not token.text:
            break
        root = oai_get(verb=verb, resumptionToken=token.text)
        found += identifiers(root)
    return found, tokens_seen


@pytest.fixture
def small_pages(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SHUYUN_OAI_PAGE_SIZE = PAGE


def test_full_list_in_pages_with_counts(
    warehouse: list[Record], oai_get: Get, small_pages: None
) -> None:
    found, seen = harvest(oai_get, "ListRecords")
    assert found == [oai_id(r) for r in sorted(warehouse, key=lambda r: (r.updated_at, r.pk))]
    total = len(warehouse)
    assert [int(t.get("cursor")) for t in seen] == list(range(0, total, PAGE))
    assert {int(t.get("completeListSize")) for t in seen} == {total}
    assert all(t.get("expirationDate") for t in seen[:-1]) and not seen[-1].text


def test_a_list_that_fits_one_page_has_no_token(warehouse: list[Record], oai_get: Get) -> None:
    root = oai_get(verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert token_of(root) is None and len(identifiers(root)) == len(warehouse)


@pytest.mark.parametrize(
    ("spec", "codes"),
    [
        ("ZJ", {"ZJ", "ZJ-SX", "ZJ-SX-ZJ"}),
        ("ZJ:SX", {"ZJ-SX", "ZJ-SX-ZJ"}),
        ("ZJ:SX:ZJ", {"ZJ-SX-ZJ"}),
        ("NLC", {"NLC"}),
    ],
)
def test_library_sets_hold_the_subtree(
    warehouse: list[Record], oai_get: Get, small_pages: None, spec: str, codes: set[str]
) -> None:
    found, _ = harvest(oai_get, set=spec)
    expected = Record.objects.filter(library__code__in=codes)
    assert sorted(found) == sorted(oai_id(r) for r in expected) and found


def test_type_sets(warehouse: list[Record], oai_get: Get, small_pages: None) -> None:
    found, _ = harvest(oai_get, set="type:book")
    assert sorted(found) == sorted(oai_id(r) for r in Record.objects.filter(resource_type="book"))
    everything, _ = harvest(oai_get, set="type")
    assert len(everything) == len(warehouse)


def test_from_until_at_both_granularities(
    warehouse: list[Record], oai_get: Get, small_pages: None
) -> None:
    # Spread the records over three days, to the microsecond, so the bounds are exercised.
    base = datetime(2024, 5, 1, 10, 0, 0, 500_000, tzinfo=UTC)
    for n, record in enumerate(warehouse):
        Record.objects.filter(pk=record.pk).update(updated_at=base + timedelta(days=n % 3))
    day2 = Record.objects.filter(updated_at__date=datetime(2024, 5, 2, tzinfo=UTC).date())
    found, _ = harvest(oai_get, **{"from": "2024-05-02", "until": "2024-05-02"})
    assert sorted(found) == sorted(oai_id(r) for r in day2)
    # The datestamp shows 10:00:00; until=10:00:00Z includes that whole second.
    found, _ = harvest(oai_get, **{"from": "2024-05-02T10:00:00Z", "until": "2024-05-02T10:00:00Z"})
    assert sorted(found) == sorted(oai_id(r) for r in day2)
    found, _ = harvest(oai_get, **{"from": "2024-05-02T10:00:01Z"})
    assert len(found) == Record.objects.filter(updated_at__date="2024-05-03").count()
    assert (
        error_code(
            oai_get(verb="ListIdentifiers", metadataPrefix="oai_dc", until="2024-05-01T09:59:59Z")
        )
        == "noRecordsMatch"
    )


def headers(root: etree._Element) -> list[tuple[str, str]]:
    return [
        (node.findtext("o:identifier", namespaces=NS) or "", node.get("status", "live"))
        for node in root.iterfind(".//o:header", NS)
    ]


def test_records_changing_underneath_are_neither_skipped_nor_lost(
    warehouse: list[Record], network: dict[str, Library], oai_get: Get, small_pages: None
) -> None:
    ordered = sorted(warehouse, key=lambda r: (r.updated_at, r.pk))
    root = oai_get(verb="ListIdentifiers", metadataPrefix="oai_dc")
    received = headers(root)
    token = token_of(root)
    assert token is not None and token.text
    # Meanwhile: a harvested record and one not yet reached are deleted, new records arrive.
    delete_record(ordered[0])
    delete_record(ordered[-1])
    import_file(network["ZJ-NB"], Path(SHARED_DATA / "pymarc-testdata" / "test.dat"))
    new = [
        oai_id(r) for r in Record.objects.filter(library__code="ZJ-NB").order_by("updated_at", "pk")
    ]
    while token is not None and token.text:
        root = oai_get(verb="ListIdentifiers", resumptionToken=token.text)
        received += headers(root)
        token = token_of(root)
    assert token is not None
    assert {i for i, _ in received} == {oai_id(r) for r in Record.objects.all()}
    # A changed record comes again, in its new state, after every unchanged one.
    tail = [(oai_id(ordered[0]), "deleted"), (oai_id(ordered[-1]), "deleted")]
    assert received[-len(new) - 2 :] == tail + [(i, "live") for i in new]
    assert received[0] == (oai_id(ordered[0]), "live")
    assert [i for i, _ in received].count(oai_id(ordered[-1])) == 1
    # The closing token's size is exactly what the harvester received, the cursor where it stood.
    assert int(token.get("completeListSize")) == len(received)
    assert int(token.get("cursor")) == len(received) - len(identifiers(root))


def test_expired_tampered_and_foreign_tokens_are_refused(
    warehouse: list[Record], oai_get: Get
) -> None:
    query = tokens.ListQuery(Verb.LIST_RECORDS, "oai_dc")
    position = tokens.Position(warehouse[0].updated_at, warehouse[0].pk)
    expired = tokens.Resumption(query, position, 0, len(warehouse), expires=1)
    assert (
        error_code(oai_get(verb="ListRecords", resumptionToken=tokens.encode(expired)))
        == "badResumptionToken"
    )
    valid = tokens.encode(tokens.issue(query, position, 0, len(warehouse)))
    assert error_code(oai_get(verb="ListRecords", resumptionToken=valid)) is None
    assert (
        error_code(oai_get(verb="ListIdentifiers", resumptionToken=valid)) == "badResumptionToken"
    )
    assert (
        error_code(oai_get(verb="ListRecords", resumptionToken=valid[:-2] + "xx"))
        == "badResumptionToken"
    )


def test_a_page_costs_a_fixed_number_of_queries_and_only_the_first_counts(
    warehouse: list[Record],
    client: Client,
    small_pages: None,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    with django_assert_max_num_queries(6) as first:
        response = client.get(
            "/oai", {"verb": "ListRecords", "metadataPrefix": "marcxml", "set": "ZJ"}
        )
        body = b"".join(response.streaming_content)
    assert body.count(b"<marc:record") == PAGE
    assert sum("COUNT(" in query["sql"] for query in first.captured_queries) == 1
    token = token_of(etree.fromstring(body))
    assert token is not None and token.text
    with django_assert_max_num_queries(4) as resumed:
        response = client.get("/oai", {"verb": "ListRecords", "resumptionToken": token.text})
        body = b"".join(response.streaming_content)
    assert body.count(b"<marc:record") == PAGE
    assert not any("COUNT(" in query["sql"] for query in resumed.captured_queries)


def test_complete_list_size_is_the_first_count_revised_only_upwards(
    warehouse: list[Record], network: dict[str, Library], oai_get: Get, small_pages: None
) -> None:
    root = oai_get(verb="ListIdentifiers", metadataPrefix="oai_dc")
    received, sizes = headers(root), []
    token = token_of(root)
    # Meanwhile every record is replaced by a later version and new records arrive: the
    # harvester gets the first page's records again, every other one once, and the new ones.
    Record.objects.update(title="changed")
    Record.objects.filter(pk__in=[r.pk for r in warehouse]).update(updated_at=timezone.now())
    import_file(network["ZJ-NB"], Path(SHARED_DATA / "pymarc-testdata" / "test.dat"))
    while token is not None and token.text:
        sizes.append(int(token.get("completeListSize")))
        root = oai_get(verb="ListIdentifiers", resumptionToken=token.text)
        received += headers(root)
        token = token_of(root)
        if token is not None and token.text:
            # Never less than what was sent, and more to come.
            assert int(token.get("completeListSize")) > int(token.get("cursor")) + PAGE - 1
    assert token is not None
    assert len(received) == PAGE + Record.objects.count()
    # The first count held until more than it had been sent, then rose; the end is exact.
    assert sizes[0] == len(warehouse) and sizes == sorted(sizes) and sizes[-1] > sizes[0]
    assert int(token.get("completeListSize")) == len(received)
