"""Who sees which readers: a librarian their library's, a provincial operator the province's;
outsiders, readers and anonymous visitors are refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shuyun.accounts import access, readers, services
from shuyun.accounts.models import Role

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def sx_reader(person):
    reader = person(Role.READER, "ZJ-SX")
    readers.set_national_id(reader, ID_NUMBER, "a long enough passphrase")
    return reader


def test_scopes(person, sx_reader, operator):
    zhuji_reader = person(Role.READER, "ZJ-SX-ZJ")
    assert set(access.readers_for(person(Role.LIBRARIAN, "ZJ-SX"))) == {sx_reader}
    assert set(access.readers_for(person(Role.PROVINCIAL_OPERATOR, "ZJ"))) == {
        sx_reader,
        zhuji_reader,
    }
    assert set(access.readers_for(operator)) >= {sx_reader, zhuji_reader}
    assert not access.readers_for(person(Role.PROVINCIAL_OPERATOR, "HB")).exists()
    assert not access.readers_for(person(Role.READER, "ZJ-SX")).exists()


def test_a_card_brings_the_reader_into_the_issuing_librarys_scope(person, network, operator):
    reader = person(Role.READER, "ZJ-SX")
    services.issue_platform_card(operator, reader, network["ZJ-SX-ZJ"], "ZJ-7", "1234")
    assert reader in access.readers_for(person(Role.LIBRARIAN, "ZJ-SX-ZJ"))


@pytest.mark.parametrize(
    ("role", "code"),
    [(Role.PROVINCIAL_OPERATOR, "HB"), (Role.LIBRARIAN, "ZJ-SX-ZJ"), (Role.READER, "ZJ-SX")],
)
def test_outsiders_are_refused_the_record_and_actions(client, person, sx_reader, role, code):
    outsider = person(role, code)
    with pytest.raises(PermissionDenied):
        access.get_reader_for(outsider, str(sx_reader.public_id))
    with pytest.raises(PermissionDenied):
        services.set_account_active(outsider, sx_reader, active=False)
    client.force_login(outsider)
    assert client.get(f"/console/readers/{sx_reader.public_id}/").status_code == 403


def test_anonymous_is_sent_to_sign_in(client, sx_reader):
    response = client.get(f"/console/readers/{sx_reader.public_id}/")
    assert response.status_code == 302 and "/console/sign-in/" in response["Location"]
    assert client.get("/api/v1/me").status_code == 401


def test_librarian_cannot_disable_but_can_verify_identity(person, sx_reader):
    librarian = person(Role.LIBRARIAN, "ZJ-SX")
    with pytest.raises(PermissionDenied):
        services.set_account_active(librarian, sx_reader, active=False)
    services.verify_real_name_by_id(librarian, sx_reader)
    assert sx_reader.real_name_level == "id"


def test_console_search_by_card_phone_and_id(
    client, person, sx_reader, django_assert_max_num_queries
):
    librarian = person(Role.LIBRARIAN, "ZJ-SX")
    client.force_login(librarian)
    with django_assert_max_num_queries(12):
        page = client.post("/console/readers/", {"q": ID_NUMBER}).content.decode()
    assert str(sx_reader.public_id) in page and ID_NUMBER not in page
    assert (
        str(sx_reader.public_id)
        not in client.post("/console/readers/", {"q": "13800138000"}).content.decode()
    )
    detail = client.get(f"/console/readers/{sx_reader.public_id}/").content.decode()
    assert "1101**********002X" in detail
    counts = client.get("/console/readers/").context["counts"]
    assert [(c["library__code"], c["total"]) for c in counts] == [("ZJ-SX", 1)]


def test_operator_disables_from_the_console(client, person, sx_reader):
    client.force_login(person(Role.PROVINCIAL_OPERATOR, "ZJ"))
    client.post(f"/console/readers/{sx_reader.public_id}/action/", {"action": "disable"})
    sx_reader.refresh_from_db()
    assert not sx_reader.is_active
