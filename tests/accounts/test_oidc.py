"""Single sign-on for member libraries, driven by authlib (a real OpenID Connect client) against
the live test server: authorization code + PKCE, discovery, JWKS, ID token, userinfo, logout;
and the client-credentials look-up of a library's own readers."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.test import Client
from joserfc import jwt
from joserfc.jwk import KeySet
from oauth2_provider.models import Application

from shuyun.accounts import services
from shuyun.accounts.models import Role

pytestmark = pytest.mark.django_db(transaction=True)
CALLBACK = "http://127.0.0.1:9/callback"


@pytest.fixture
def reader(person, network, operator):
    reader = person(Role.READER, "ZJ-SX-ZJ")
    services.issue_platform_card(operator, reader, network["ZJ-SX"], "SX-0001", "1234")
    services.issue_platform_card(operator, reader, network["ZJ-SX-ZJ"], "ZJ-0001", "1234")
    return reader


def signed_in_browser(user) -> requests.Session:
    django_client = Client()
    django_client.force_login(user)
    browser = requests.Session()
    browser.cookies.set("sessionid", django_client.cookies["sessionid"].value)
    return browser


def discovery(live_server) -> dict:
    response = requests.get(f"{live_server.url}/o/.well-known/openid-configuration", timeout=10)
    assert response.status_code == 200
    return response.json()


def test_authorization_code_with_pkce(live_server, network, operator, reader):
    app, secret = services.register_member_client(
        operator, network["ZJ-SX"], "Shaoxing OPAC", redirect_uris=CALLBACK
    )
    meta = discovery(live_server)
    assert meta["issuer"] == f"{live_server.url}/o"
    assert "S256" in meta["code_challenge_methods_supported"]
    rp = OAuth2Session(
        app.client_id,
        secret,
        scope="openid profile card",
        redirect_uri=CALLBACK,
        code_challenge_method="S256",
    )
    verifier, nonce = generate_token(48), generate_token(16)
    url, state = rp.create_authorization_url(
        meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    browser = signed_in_browser(reader)
    answer = browser.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and answer.headers["Location"].startswith(CALLBACK)
    token = rp.fetch_token(
        meta["token_endpoint"],
        authorization_response=answer.headers["Location"],
        code_verifier=verifier,
    )
    keys = KeySet.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())
    claims = jwt.decode(token["id_token"], keys, algorithms=["RS256"]).claims
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": meta["issuer"]},
        aud={"essential": True, "value": app.client_id},
    ).validate(claims)
    assert claims["nonce"] == nonce
    assert claims["sub"] == str(reader.public_id)
    assert claims["home_library"] == "ZJ-SX-ZJ" and claims["real_name_level"] == "card"
    assert claims["card_number"] == "SX-0001"  # Shaoxing's card only, never Zhuji's
    userinfo = rp.get(meta["userinfo_endpoint"], timeout=10).json()
    assert userinfo["sub"] == claims["sub"] and userinfo["card_number"] == "SX-0001"
    me = rp.get(f"{live_server.url}/api/v1/me", timeout=10).json()
    assert {card["number"] for card in me["cards"]} == {"SX-0001", "ZJ-0001"}

    logout = browser.get(
        meta["end_session_endpoint"],
        params={
            "id_token_hint": token["id_token"],
            "post_logout_redirect_uri": CALLBACK,
            "client_id": app.client_id,
        },
        allow_redirects=False,
        timeout=10,
    )
    assert logout.status_code == 302 and logout.headers["Location"].startswith(CALLBACK)
    again = browser.get(url, allow_redirects=False, timeout=10)
    assert "/account/sign-in/" in again.headers["Location"]


def test_pkce_is_required(live_server, network, operator, reader):
    app, secret = services.register_member_client(
        operator, network["ZJ-SX"], "OPAC", redirect_uris=CALLBACK
    )
    rp = OAuth2Session(app.client_id, secret, scope="openid", redirect_uri=CALLBACK)
    url, _ = rp.create_authorization_url(f"{live_server.url}/o/authorize/")
    answer = signed_in_browser(reader).get(url, allow_redirects=False, timeout=10)
    query = parse_qs(urlparse(answer.headers["Location"]).query)
    assert query["error"] == ["invalid_request"] and "code" not in query


def lookup_session(live_server, operator, library) -> OAuth2Session:
    app, secret = services.register_member_client(
        operator, library, "ILS", grant=Application.GRANT_CLIENT_CREDENTIALS
    )
    session = OAuth2Session(app.client_id, secret, scope="readers:lookup")
    session.fetch_token(f"{live_server.url}/o/token/", grant_type="client_credentials")
    return session


def test_member_library_looks_up_only_its_own_readers(live_server, network, operator, reader):
    shaoxing = lookup_session(live_server, operator, network["ZJ-SX"])
    found = shaoxing.get(f"{live_server.url}/api/v1/readers/by-card/SX-0001", timeout=10)
    assert found.status_code == 200 and found.json()["public_id"] == str(reader.public_id)
    # Zhuji's card number means nothing to Shaoxing's system, nor Shaoxing's to Hubei's.
    assert (
        shaoxing.get(f"{live_server.url}/api/v1/readers/by-card/ZJ-0001", timeout=10).status_code
        == 404
    )
    hubei = lookup_session(live_server, operator, network["HB"])
    assert (
        hubei.get(f"{live_server.url}/api/v1/readers/by-card/SX-0001", timeout=10).status_code
        == 404
    )
    anonymous = requests.get(f"{live_server.url}/api/v1/readers/by-card/SX-0001", timeout=10)
    assert anonymous.status_code == 401


def test_only_library_staff_register_clients(network, person):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.register_member_client(
            person(Role.LIBRARY_ADMIN, "ZJ-SX-ZJ"), network["ZJ-SX"], "x"
        )
