"""Member libraries' API keys: issued once, checked, scoped, revoked, counted, rate-limited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from shuyun.accounts.models import Role
from shuyun.analytics.models import Event, EventKind
from shuyun.federation import access, services
from shuyun.federation.apikeys import client_for_key
from shuyun.federation.models import ApiKey, ApiScope


@pytest.fixture
def shaoxing_key(network, person) -> str:
    admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
    _key, full_key = services.issue_api_key(admin, network["ZJ-SX"], "website", [ApiScope.READ])
    return full_key


def test_key_identifies_its_library(client, shaoxing_key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/api/v1/client", HTTP_X_API_KEY=shaoxing_key)
    assert response.status_code == 200
    assert response.json() == {"library": "ZJ-SX", "scopes": ["read"]}
    event = Event.objects.get(kind=EventKind.API_CALL)
    assert event.library.code == "ZJ-SX" and event.details["path"] == "/api/v1/client"


def test_only_a_hash_of_the_secret_is_stored(shaoxing_key):
    stored = ApiKey.objects.get()
    assert shaoxing_key.split("_", 2)[2] not in stored.secret_hash
    assert shaoxing_key.startswith(f"sy_{stored.prefix}_")


def test_wrong_missing_and_revoked_keys_are_refused(client, network, operator, shaoxing_key):
    assert client.get("/api/v1/client").status_code == 401
    tampered = shaoxing_key[:-2] + ("AA" if not shaoxing_key.endswith("AA") else "BB")
    assert client.get("/api/v1/client", HTTP_X_API_KEY=tampered).status_code == 401
    assert client.get("/api/v1/client", HTTP_X_API_KEY="not-a-key").status_code == 401
    services.revoke_api_key(operator, ApiKey.objects.get())
    assert client.get("/api/v1/client", HTTP_X_API_KEY=shaoxing_key).status_code == 401


def test_outsiders_cannot_issue_or_see_keys(client, network, person, shaoxing_key):
    hubei = person(Role.PROVINCIAL_OPERATOR, "HB")
    with pytest.raises(PermissionDenied):
        services.issue_api_key(hubei, network["ZJ-SX"], "x", [ApiScope.READ])
    with pytest.raises(PermissionDenied):
        services.revoke_api_key(hubei, ApiKey.objects.get())
    client.force_login(hubei)
    assert client.get("/console/libraries/ZJ-SX/keys/").status_code == 403
    client.force_login(person(Role.LIBRARIAN, "ZJ-SX"))
    assert client.get("/console/libraries/ZJ-SX/keys/").status_code == 403


def test_scope_is_required(shaoxing_key):
    request = RequestFactory().get("/")
    request.auth = client_for_key(shaoxing_key)
    assert access.require_scope(request, ApiScope.READ).library.code == "ZJ-SX"
    with pytest.raises(PermissionDenied, match="lacks the 'identifiers' scope"):
        access.require_scope(request, ApiScope.IDENTIFIERS)
    request.auth = None
    with pytest.raises(PermissionDenied, match="needs a member library's API key"):
        access.require_scope(request, ApiScope.READ)


def test_console_issues_a_key_shown_once(client, network, person):
    client.force_login(person(Role.LIBRARY_ADMIN, "ZJ-SX"))
    page = client.post(
        "/console/libraries/ZJ-SX/keys/", {"name": "OPAC", "scopes": ["read", "identifiers"]}
    ).content.decode()
    assert 'data-testid="issued-key"' in page
    key = ApiKey.objects.get(name="OPAC")
    assert key.scopes == ["identifiers", "read"]
    again = client.get("/console/libraries/ZJ-SX/keys/").content.decode()
    assert "issued-key" not in again and f"sy_{key.prefix}_…" in again


def test_anonymous_callers_are_rate_limited(client, network, settings):
    statuses = [client.get("/api/v1/libraries/ZJ").status_code for _ in range(301)]
    assert statuses[:300] == [200] * 300
    assert statuses[300] == 429
    response = client.get("/api/v1/libraries/ZJ")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
