"""/api/v1/libraries against the demo network."""

from __future__ import annotations

import json
from pathlib import Path


def test_children_of_shaoxing(client, network):
    response = client.get("/api/v1/libraries", {"parent": "ZJ-SX"})
    assert response.status_code == 200
    body = response.json()
    codes = {item["code"] for item in body["items"]}
    assert codes == {"ZJ-SX-YC", "ZJ-SX-KQ", "ZJ-SX-SY", "ZJ-SX-XC", "ZJ-SX-ZJ", "ZJ-SX-SZ"}
    assert body["count"] == 6
    zhuji = next(item for item in body["items"] if item["code"] == "ZJ-SX-ZJ")
    assert zhuji["path"] == ["NLC", "ZJ", "ZJ-SX", "ZJ-SX-ZJ"]
    assert zhuji["target_tb"] == "10.00"
    assert "sip2_host" not in zhuji and "contact_phone" not in zhuji


def test_filters_combine(client, network):
    body = client.get("/api/v1/libraries", {"subtree": "ZJ", "level": "city"}).json()
    assert body["count"] == 11
    body = client.get("/api/v1/libraries", {"region": "330600"}).json()
    assert body["count"] == 7  # Shaoxing itself and its six counties and districts
    body = client.get("/api/v1/libraries", {"region": "33", "limit": 5}).json()
    assert body["count"] == 18 and len(body["items"]) == 5


def test_list_query_count_does_not_grow_with_rows(client, network, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/libraries", {"limit": 100}).status_code == 200


def test_errors_name_what_is_wrong(client, network):
    response = client.get("/api/v1/libraries", {"parent": "NOPE"})
    assert response.status_code == 404
    assert "NOPE" in response.json()["detail"]
    assert client.get("/api/v1/libraries", {"region": "3306x"}).status_code == 422
    assert client.get("/api/v1/libraries", {"level": "village"}).status_code == 422


def test_detail_by_code(client, network):
    body = client.get("/api/v1/libraries/zj-sx").json()
    assert body["name_en"] == "Shaoxing Library" and body["parent"] == "ZJ"


def test_openapi_document_matches_snapshot(client):
    """The API contract changes only on purpose: run `make openapi` and commit the diff."""
    snapshot = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
    served = client.get("/api/v1/openapi.json").json()
    assert served == json.loads(snapshot.read_text()), "OpenAPI changed: run `make openapi`"


def test_conditional_get_answers_not_modified(client, network):
    first = client.get("/api/v1/libraries/ZJ")
    etag = first["ETag"]
    assert client.get("/api/v1/libraries/ZJ", HTTP_IF_NONE_MATCH=etag).status_code == 304
    other = client.get("/api/v1/libraries/HB", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200 and other["ETag"] != etag
