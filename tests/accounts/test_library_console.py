"""A library's sign-in policy and registered systems in the console: its administrator and the
operators above it change them; a librarian, another province's operator, a reader and an
anonymous visitor are refused. A system's secret is shown once, can be rotated, and a disabled
system gets no tokens."""

from __future__ import annotations

import base64

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import PermissionDenied
from oauth2_provider.models import AccessToken, Application

from shuyun.accounts import access, protect, services
from shuyun.accounts.models import MemberClient, Role, SignInPolicy

POLICY = "/console/libraries/ZJ-SX/sign-in/"
SYSTEMS = "/console/libraries/ZJ-SX/systems/"
CALLBACK = "https://opac.sxlib.example/callback"


def policy_form(**changes: object) -> dict[str, object]:
    return {
        "methods": ["phone", "card"],
        "sip2_login_user": "shuyun",
        "sip2_login_password": "",
        "sip2_location_code": "SX-MAIN",
        "sip2_encoding": "gb18030",
        "sip2_timeout_seconds": "3",
        "sip2_patron_message": "23",
        "sip2_ca_certificates": "",
        **changes,
    }


@pytest.fixture
def sx_admin(person):
    return person(Role.LIBRARY_ADMIN, "ZJ-SX")


def test_administrator_sets_the_policy_and_the_branch_site_follows(client, sx_admin, network):
    client.force_login(sx_admin)
    library_page = client.get("/console/libraries/ZJ-SX/").content.decode()
    assert POLICY in library_page and SYSTEMS in library_page
    page = client.get(POLICY).content.decode()
    assert 'value="qq"' in page and "sip2_ca_certificates" in page
    response = client.post(POLICY, policy_form(sip2_login_password="terminal-secret"))
    assert response.status_code == 302
    policy = SignInPolicy.objects.get(library=network["ZJ-SX"])
    assert policy.methods == ["phone", "card"] and policy.sip2_encoding == "gb18030"
    assert (policy.sip2_patron_message, policy.sip2_timeout_seconds) == ("23", 3.0)
    assert protect.unseal(policy.sip2_login_password_sealed) == "terminal-secret"
    # An empty password field keeps the stored password.
    client.post(POLICY, policy_form(sip2_location_code="SX-2"))
    policy.refresh_from_db()
    assert policy.sip2_location_code == "SX-2"
    assert protect.unseal(policy.sip2_login_password_sealed) == "terminal-secret"
    sign_in = client.get("/account/sign-in/", HTTP_HOST="sx.localhost").content.decode()
    assert 'data-method="card"' in sign_in and 'data-method="national_id"' not in sign_in


def test_bad_values_are_shown_on_their_fields_and_nothing_is_saved(client, sx_admin):
    client.force_login(sx_admin)
    response = client.post(
        POLICY,
        policy_form(
            sip2_encoding="klingon", sip2_timeout_seconds="600", sip2_ca_certificates="junk"
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"sip2_encoding", "sip2_timeout_seconds", "sip2_ca_certificates"}
    assert not SignInPolicy.objects.exists()


def test_provincial_operator_above_may_edit(client, person):
    client.force_login(person(Role.PROVINCIAL_OPERATOR, "ZJ"))
    assert client.post(POLICY, policy_form()).status_code == 302


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.PROVINCIAL_OPERATOR, "HB"),
        (Role.LIBRARIAN, "ZJ-SX"),
        (Role.LIBRARY_ADMIN, "ZJ-SX-ZJ"),
        (Role.READER, "ZJ-SX"),
    ],
)
def test_outsiders_are_refused(client, person, network, role, code):
    outsider = person(role, code)
    client.force_login(outsider)
    for url in (POLICY, SYSTEMS):
        assert client.get(url).status_code == 403
    assert client.post(POLICY, policy_form()).status_code == 403
    assert client.post(SYSTEMS, {"register": "1", "name": "x", "kind": "lookup"}).status_code == 403
    assert not SignInPolicy.objects.exists() and not MemberClient.objects.exists()
    with pytest.raises(PermissionDenied):
        access.member_clients_for(outsider, network["ZJ-SX"])


def test_anonymous_is_sent_to_sign_in(client, network):
    for url in (POLICY, SYSTEMS):
        response = client.get(url)
        assert response.status_code == 302 and "/console/sign-in/" in response["Location"]


def register(client) -> tuple[Application, str]:
    response = client.post(
        SYSTEMS,
        {"register": "1", "name": "Shaoxing OPAC", "kind": "sso", "redirect_uris": CALLBACK},
    )
    assert response.status_code == 200
    client_id, secret = response.context["issued"]
    assert secret in response.content.decode()
    return Application.objects.get(client_id=client_id), secret


def token_by_client_credentials(client, application: Application, secret: str):
    basic = base64.b64encode(f"{application.client_id}:{secret}".encode()).decode()
    return client.post(
        "/o/token/",
        {"grant_type": "client_credentials", "scope": "readers:lookup"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )


def test_register_shows_the_secret_once(client, sx_admin):
    client.force_login(sx_admin)
    application, secret = register(client)
    assert application.redirect_uris == CALLBACK
    assert application.member_client.library.code == "ZJ-SX"
    assert check_password(secret, application.client_secret)  # stored hashed
    again = client.get(SYSTEMS).content.decode()
    assert application.client_id in again and secret not in again


def test_a_redirect_uri_is_required_for_single_sign_on(client, sx_admin):
    client.force_login(sx_admin)
    response = client.post(SYSTEMS, {"register": "1", "name": "OPAC", "kind": "sso"})
    assert response.context["form"].errors and not Application.objects.exists()


def test_rotate_then_disable_and_enable(client, sx_admin, network, operator):
    application, _secret = services.register_member_client(
        operator, network["ZJ-SX"], "Shaoxing ILS", grant=Application.GRANT_CLIENT_CREDENTIALS
    )
    member = application.member_client
    client.force_login(sx_admin)
    response = client.post(SYSTEMS, {"client": member.pk, "action": "rotate"})
    new_secret = response.context["issued"][1]
    assert token_by_client_credentials(client, application, _secret).status_code == 401
    assert token_by_client_credentials(client, application, new_secret).status_code == 200
    assert AccessToken.objects.filter(application=application).count() == 1

    client.post(SYSTEMS, {"client": member.pk, "action": "disable"})
    member.refresh_from_db()
    assert not member.enabled
    assert not AccessToken.objects.filter(application=application).exists()  # revoked
    refused = token_by_client_credentials(client, application, new_secret)
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"

    client.post(SYSTEMS, {"client": member.pk, "action": "enable"})
    assert token_by_client_credentials(client, application, new_secret).status_code == 200


def test_another_librarys_system_cannot_be_touched_through_this_page(
    client, sx_admin, network, operator
):
    application, _secret = services.register_member_client(
        operator, network["HB"], "Hubei ILS", grant=Application.GRANT_CLIENT_CREDENTIALS
    )
    client.force_login(sx_admin)
    response = client.post(SYSTEMS, {"client": application.member_client.pk, "action": "disable"})
    assert response.status_code == 404
    assert application.member_client.enabled


def test_systems_page_queries_do_not_grow_with_systems(
    client, sx_admin, network, operator, django_assert_max_num_queries
):
    for n in range(5):
        services.register_member_client(
            operator, network["ZJ-SX"], f"System {n}", redirect_uris=CALLBACK
        )
    client.force_login(sx_admin)
    with django_assert_max_num_queries(12):
        page = client.get(SYSTEMS)
    assert page.content.decode().count('data-testid="client-') == 5
