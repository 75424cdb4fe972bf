"""Readers sign in through the pages: card over SIP2 (a real server on loopback), phone code,
ID number + password; failures are counted and lock the identifier out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shuyun.accounts import readers
from shuyun.accounts.models import ReaderCard, RealNameLevel, User
from shuyun.analytics.models import Event, EventKind
from tests.accounts.conftest import WANG_CARD, WANG_PIN

SIGN_IN = "/account/sign-in/"
ID_NUMBER = "11010519491231002X"


def card_form(library, number=WANG_CARD, password=WANG_PIN):
    return {
        "method": "card",
        "library": library.pk,
        "number": number,
        "password": password,
        "consent": "on",
    }


def test_page_offers_phone_first_and_the_libraries_choice(client, network, operator):
    from shuyun.accounts import services

    services.set_sign_in_policy(operator, network["ZJ-SX"], methods=["card", "phone"])
    page = client.get(SIGN_IN, HTTP_HOST="sx.localhost").content.decode()
    assert page.index('data-method="phone"') < page.index('data-method="card"')
    assert 'data-method="national_id"' not in page
    assert 'data-method="national_id"' in client.get(SIGN_IN).content.decode()


@pytest.mark.django_db(transaction=True)
def test_first_card_sign_in_opens_an_account_checked_over_sip2(client, shaoxing_on_sip2):
    response = client.post(SIGN_IN, card_form(shaoxing_on_sip2), HTTP_HOST="sx.localhost")
    assert response.status_code == 302
    reader = User.objects.get(cards__number=WANG_CARD)
    assert reader.display_name == "王小明" and reader.library == shaoxing_on_sip2
    assert reader.real_name_level == RealNameLevel.CARD and reader.consented_at is not None
    assert client.get("/account/").context["reader"] == reader
    # Signing in again finds the same account.
    client.logout()
    client.post(SIGN_IN, card_form(shaoxing_on_sip2))
    assert User.objects.filter(cards__number=WANG_CARD).count() == 1
    assert Event.objects.filter(kind=EventKind.SIGN_IN, details__method="card").count() == 2


def test_wrong_card_password_is_refused(client, shaoxing_on_sip2):
    response = client.post(SIGN_IN, card_form(shaoxing_on_sip2, password="000000"))
    assert response.status_code == 400
    assert "图书馆未通过该读者证号和密码的验证" in response.content.decode()
    assert not ReaderCard.objects.exists()


def test_unreachable_ils_says_so(client, operator, network):
    from shuyun.federation import services as federation_services

    federation_services.update_private_settings(
        operator, network["ZJ-SX"], sip2_host="127.0.0.1", sip2_port=1, sip2_institution="ZJSX"
    )
    response = client.post(SIGN_IN, card_form(network["ZJ-SX"]))
    assert "Cannot reach the library system at 127.0.0.1:1" in response.content.decode()


def test_repeated_wrong_passwords_lock_the_card(client, shaoxing_on_sip2):
    for _ in range(5):
        client.post(SIGN_IN, card_form(shaoxing_on_sip2, password="bad"))
    locked = client.post(SIGN_IN, card_form(shaoxing_on_sip2))  # right password, too late
    assert locked.status_code == 429
    assert "locked" in locked.content.decode().lower() or "锁" in locked.content.decode()
    assert not User.objects.filter(cards__number=WANG_CARD).exists()


def test_platform_kept_card_signs_in_with_its_pin(client, network, operator, person):
    from shuyun.accounts import services
    from shuyun.accounts.models import Role

    reader = person(Role.READER, "ZJ-SX-ZJ")
    services.issue_platform_card(operator, reader, network["ZJ-SX-ZJ"], "ZJ-0042", "5151")
    assert (
        client.post(SIGN_IN, card_form(network["ZJ-SX-ZJ"], "ZJ-0042", "9999")).status_code == 400
    )
    assert (
        client.post(SIGN_IN, card_form(network["ZJ-SX-ZJ"], "ZJ-0042", "5151")).status_code == 302
    )
    assert client.get("/account/").context["reader"] == reader


def test_phone_code_registers_then_signs_in(client, network, last_code):
    assert client.post("/account/phone-code/", {"phone": "+86 138-0013-8000"}).json()["ok"]
    form = {
        "method": "phone",
        "phone": "13800138000",
        "code": last_code("13800138000"),
        "consent": "on",
    }
    assert client.post(SIGN_IN, form).status_code == 302
    reader = User.objects.get(phone_digest__isnull=False)
    assert reader.phone_sealed and "13800138000" not in reader.phone_sealed
    # The code was used up.
    client.logout()
    assert client.post(SIGN_IN, form).status_code == 400


def test_phone_sign_in_needs_consent_and_a_right_code(client, network, last_code):
    client.post("/account/phone-code/", {"phone": "13800138000"})
    code = last_code("13800138000")
    response = client.post(SIGN_IN, {"method": "phone", "phone": "13800138000", "code": code})
    assert response.status_code == 400 and not User.objects.filter(phone_digest__isnull=False)
    wrong = "000000" if code != "000000" else "111111"
    form = {"method": "phone", "phone": "13800138000", "code": wrong, "consent": "on"}
    assert "验证码错误或已过期" in client.post(SIGN_IN, form).content.decode()


def test_national_id_and_password(client, network, person):
    from shuyun.accounts.models import Role

    reader = person(Role.READER, "ZJ-SX")
    readers.set_national_id(reader, ID_NUMBER, "a long enough passphrase")
    form = {"method": "national_id", "id_number": ID_NUMBER, "password": "a long enough passphrase"}
    assert client.post(SIGN_IN, form).status_code == 302
    failed = client.post(SIGN_IN, {**form, "id_number": "110105194912310021"})
    assert "校验码为 1，但按前 17 位计算应为 X" in failed.content.decode()


def test_failed_sign_in_log_keeps_no_number(client, network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGN_IN, {"method": "national_id", "id_number": ID_NUMBER, "password": "nope"})
    event = Event.objects.get(kind=EventKind.SIGN_IN_FAILED)
    assert event.details["username"].startswith("id:") and ID_NUMBER not in str(event.details)


def test_sign_in_redirects_only_to_this_site(client, shaoxing_on_sip2):
    form = {**card_form(shaoxing_on_sip2), "next": "https://evil.example/"}
    assert client.post(SIGN_IN, form)["Location"] == "/"
    assert reverse("accounts:sign_in") == SIGN_IN
