"""/api/v1/records and /api/v1/works: keyed, cursor-paged, errors in one JSON shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from shuyun.accounts.models import Role, User
from shuyun.catalog.models import Record
from shuyun.federation import services
from shuyun.federation.models import ApiScope, Library
from tests.oai.conftest import delete_record, load_warehouse


@pytest.fixture
def key_for(network: dict[str, Library], person: Callable[[Role, str], User]) -> Callable[..., str]:
    def issue(code: str = "ZJ-SX", scopes: tuple[ApiScope, ...] = (ApiScope.READ,)) -> str:
        admin = person(Role.LIBRARY_ADMIN, code)
        return services.issue_api_key(admin, network[code], "catalogue sync", list(scopes))[1]

    return issue


@pytest.fixture
def stocked(network: dict[str, Library]) -> list[Record]:
    return load_warehouse(network)


def get(client: Client, key: str, path: str, **params: Any) -> Any:
    response = client.get(path, params, HTTP_X_API_KEY=key)
    assert response["Content-Type"].startswith("application/json")
    return response


def test_records_page_through_everything_once_while_records_change(
    client: Client, stocked: list[Record], key_for: Callable[..., str]
) -> None:
    key = key_for()
    seen: list[tuple[int, bool]] = []
    page = get(client, key, "/api/v1/records", limit=10).json()
    seen += [(r["id"], r["deleted"]) for r in page["items"]]
    ordered = sorted(stocked, key=lambda r: (r.updated_at, r.pk))
    delete_record(ordered[0])  # already sent: comes again, deleted
    while page["next_cursor"]:
        page = get(client, key, "/api/v1/records", limit=10, cursor=page["next_cursor"]).json()
        seen += [(r["id"], r["deleted"]) for r in page["items"]]
    assert {i for i, _ in seen} == {r.pk for r in stocked}
    assert seen[0] == (ordered[0].pk, False) and seen[-1] == (ordered[0].pk, True)
    assert len(seen) == len(stocked) + 1


def test_record_filters_and_detail(
    client: Client, stocked: list[Record], key_for: Callable[..., str]
) -> None:
    key = key_for()
    items = get(client, key, "/api/v1/records", library="zj-sx", limit=500).json()["items"]
    assert {r["library"] for r in items} == {"ZJ-SX", "ZJ-SX-ZJ"}
    assert len(items) == Record.objects.filter(library__code__in=["ZJ-SX", "ZJ-SX-ZJ"]).count()
    books = get(client, key, "/api/v1/records", type="book", limit=500).json()["items"]
    assert len(books) == Record.objects.filter(resource_type="book").count()
    record = stocked[0]
    detail = get(client, key, f"/api/v1/records/{record.pk}").json()
    assert (
        detail["title"] == record.title
        and detail["oai_identifier"] == f"oai:shuyun.localhost:{record.pk}"
    )


def test_works_carry_their_holdings(
    client: Client, stocked: list[Record], key_for: Callable[..., str]
) -> None:
    key = key_for()
    record = Record.objects.get(library__code="ZJ", source_id="990002180740203961")
    work = get(client, key, f"/api/v1/works/{record.work_id}").json()
    assert {h["library_code"] for h in work["holdings"]} == {"ZJ", "ZJ-SX", "ZJ-SX-ZJ"}
    ids: list[int] = []
    page = get(client, key, "/api/v1/works", library="ZJ", limit=4).json()
    ids += [w["work_id"] for w in page["items"]]
    while page["next_cursor"]:
        page = get(
            client, key, "/api/v1/works", library="ZJ", limit=4, cursor=page["next_cursor"]
        ).json()
        ids += [w["work_id"] for w in page["items"]]
    held = Record.objects.filter(library__path__startswith="/NLC/ZJ/", deleted=False)
    assert ids == sorted(set(held.values_list("work_id", flat=True)))


def test_lists_cost_a_fixed_number_of_queries(
    client: Client,
    stocked: list[Record],
    key_for: Callable[..., str],
    django_assert_max_num_queries: Any,
) -> None:
    key = key_for()
    with django_assert_max_num_queries(4):
        assert len(get(client, key, "/api/v1/records", limit=30).json()["items"]) == 30
    with django_assert_max_num_queries(5):
        assert len(get(client, key, "/api/v1/works", limit=30).json()["items"]) == 30


def test_keys_and_scopes_are_required(
    client: Client, stocked: list[Record], key_for: Callable[..., str]
) -> None:
    assert client.get("/api/v1/records").json() == {"detail": "Unauthorized"}
    identifiers_only = key_for("ZJ-SX-ZJ", (ApiScope.IDENTIFIERS,))
    response = get(client, identifiers_only, "/api/v1/works")
    assert response.status_code == 403 and "read" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/v1/records", {"cursor": "forged"}, 400),
        ("/api/v1/records", {"library": "NOPE"}, 404),
        ("/api/v1/records", {"limit": "0"}, 422),
        ("/api/v1/records", {"type": "spaceship"}, 422),
        ("/api/v1/records/999999", {}, 404),
        ("/api/v1/works/999999", {}, 404),
        ("/api/v1/nothing-here", {}, 404),
    ],
)
def test_errors_have_one_json_shape(
    client: Client,
    stocked: list[Record],
    key_for: Callable[..., str],
    path: str,
    params: dict[str, str],
    status: int,
) -> None:
    response = get(client, key_for(), path, **params)
    assert response.status_code == status
    assert set(response.json()) == {"detail"} and response.json()["detail"]


def test_a_works_cursor_is_no_records_cursor(
    client: Client, stocked: list[Record], key_for: Callable[..., str]
) -> None:
    key = key_for()
    cursor = get(client, key, "/api/v1/works", limit=1).json()["next_cursor"]
    assert get(client, key, "/api/v1/records", cursor=cursor).status_code == 400


@pytest.mark.parametrize(
    ("since", "status"),
    [("0006-08-12T07:57:59.7-22:30", 200), ("0001-01-01T00:00:00+05:00", 422), ("2020-01-01", 200)],
)
def test_updated_since_in_any_offset(
    client: Client, stocked: list[Record], key_for: Callable[..., str], since: str, status: int
) -> None:
    # Found by fuzzing on PostgreSQL, which refuses offsets past ±15:59 in a query.
    response = get(client, key_for(), "/api/v1/records", updated_since=since)
    assert response.status_code == status
    if status == 200:
        assert len(response.json()["items"]) == min(100, len(stocked))
