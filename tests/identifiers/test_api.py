"""/api/v1/identifiers with member-library API keys: one by one and in batches; outsiders
refused."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from shuyun.accounts.models import Role
from shuyun.federation import services as federation_services
from shuyun.federation.models import ApiKey, ApiScope
from shuyun.identifiers.models import Identifier

SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def _key(person, network, code, scopes=(ApiScope.IDENTIFIERS,)):
    admin = person(Role.LIBRARY_ADMIN, code)
    _key, full = federation_services.issue_api_key(admin, network[code], "ILS", list(scopes))
    return {"HTTP_X_API_KEY": full}


def _post(client, headers, body):
    return client.post(
        "/api/v1/identifiers", json.dumps(body), content_type="application/json", **headers
    )


def test_register_fetch_and_refuse_duplicate(client, prefixes, network, person):
    sx = _key(person, network, "ZJ-SX")
    body = {
        "title": "会稽郡故书杂集",
        "resource_type": "book",
        "sha256": SHA,
        "locations": [{"url": "https://sx.example.org/b/1"}],
    }
    created = _post(client, sx, body)
    assert created.status_code == 201
    handle = created.json()["identifier"]["handle"]
    assert handle.startswith("20.500.12345.zj.sx/")
    public = client.get(f"/api/v1/identifiers/{handle}").json()
    assert public["locations"][0] == {
        "url": "https://sx.example.org/b/1",
        "library": "ZJ-SX",
        "priority": 0,
        "broken": False,
    }
    hb = _key(person, network, "HB")
    duplicate = _post(client, hb, {**body, "locations": [{"url": "https://hb.example.org/1"}]})
    assert duplicate.status_code == 409 and duplicate.json()["existing"] == handle


def test_no_key_a_wrong_or_revoked_key_is_refused(client, prefixes, network, person, operator):
    body = {"locations": [{"url": "https://x.example.org/"}]}
    assert _post(client, {}, body).status_code == 401
    assert _post(client, {"HTTP_X_API_KEY": "sy_nope_nope"}, body).status_code == 401
    sx = _key(person, network, "ZJ-SX")
    federation_services.revoke_api_key(operator, ApiKey.objects.get())
    assert _post(client, sx, body).status_code == 401
    assert Identifier.objects.count() == 0


def test_a_key_without_the_identifiers_scope_is_refused(client, prefixes, network, person):
    read_only = _key(person, network, "ZJ-SX", scopes=[ApiScope.READ])
    body = {"locations": [{"url": "https://sx.example.org/k"}]}
    refused = _post(client, read_only, body)
    assert refused.status_code == 403 and "identifiers" in refused.json()["detail"]
    upload = SimpleUploadedFile("b.csv", b"url\nhttps://sx.example.org/1\n")
    batch = client.post("/api/v1/identifiers/batch", {"file": upload}, **read_only)
    assert batch.status_code == 403
    assert client.get("/api/v1/identifiers", **read_only).status_code == 403
    assert Identifier.objects.count() == 0


def test_another_library_cannot_change_or_withdraw(client, prefixes, network, person):
    sx, hb = _key(person, network, "ZJ-SX"), _key(person, network, "HB")
    handle = _post(client, sx, {"locations": [{"url": "https://sx.example.org/"}]}).json()[
        "identifier"
    ]["handle"]
    withdraw = client.post(
        "/api/v1/identifiers/withdraw",
        {"handle": handle, "reason": "x"},
        content_type="application/json",
        **hb,
    )
    assert withdraw.status_code == 403 and "own prefix" in withdraw.json()["detail"]
    put = client.put(
        f"/api/v1/identifiers/{handle}",
        {"locations": [{"url": "https://evil.example/"}]},
        content_type="application/json",
        **hb,
    )
    assert put.status_code == 403
    assert Identifier.objects.get(handle=handle).targets[0]["url"] == "https://sx.example.org/"
    listed = client.get("/api/v1/identifiers", **hb).json()
    assert listed["count"] == 0


def test_batch_upload_reports_each_bad_row(
    client, prefixes, network, person, django_assert_max_num_queries
):
    sx = _key(person, network, "ZJ-SX")
    rows = [{"title": f"第{n}册", "url": f"https://sx.example.org/v/{n}"} for n in range(300)]
    rows[7]["url"] = "not a url"
    rows[9]["sha256"] = "short"
    upload = SimpleUploadedFile("batch.json", json.dumps(rows, ensure_ascii=False).encode())
    with django_assert_max_num_queries(20):
        response = client.post("/api/v1/identifiers/batch", {"file": upload}, **sx)
    body = response.json()
    assert response.status_code == 200 and body["applied"]
    assert len(body["created"]) == 298
    assert [(e["line"], e["message"].split(":")[0]) for e in body["errors"]] == [
        (8, "locations[1].url"),
        (10, "sha256"),
    ]
    upload = SimpleUploadedFile("batch.json", json.dumps(rows).encode())
    response = client.post(
        "/api/v1/identifiers/batch", {"file": upload, "all_or_nothing": "true"}, **sx
    )
    assert not response.json()["applied"] and Identifier.objects.count() == 298
