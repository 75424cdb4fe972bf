"""The reader's own account: binding a card and a phone, protected numbers, merging, export,
deletion, one-time code limits."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from shuyun.accounts import otp, protect, readers, services
from shuyun.accounts.models import RealNameLevel, Role, User
from shuyun.analytics.models import EventKind
from shuyun.analytics.services import record_event
from tests.accounts.conftest import WANG_CARD, WANG_PIN
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.usefixtures("english_messages")  # services speak English here

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def phone_reader(network, client, last_code):
    otp.send_code("13900139000", "10.0.0.1")
    reader = readers.reader_for_phone("13900139000", network["ZJ-SX"], consent=True)
    assert reader is not None
    return reader


def test_reader_binds_a_sip2_card_later(client, phone_reader, shaoxing_on_sip2):
    client.force_login(phone_reader)
    form = {"library": shaoxing_on_sip2.pk, "number": WANG_CARD, "password": WANG_PIN}
    assert client.post("/account/cards/", form).status_code == 302
    phone_reader.refresh_from_db()
    assert phone_reader.real_name_level == RealNameLevel.CARD
    assert phone_reader.display_name == "王小明"
    again = client.post("/account/cards/", form)
    assert "您已绑定绍兴图书馆" in again.content.decode()


def test_reader_binds_a_phone_with_a_code(client, network, person, last_code):
    reader = person(Role.READER, "ZJ-SX")
    client.force_login(reader)
    client.post("/account/phone-code/", {"phone": "13700137000"})
    wrong = client.post("/account/phone/", {"phone": "13700137000", "code": "12345x"})
    assert wrong.status_code == 400
    code = last_code("13700137000")
    assert client.post("/account/phone/", {"phone": "13700137000", "code": code}).status_code == 302
    page = client.get("/account/").content.decode()
    assert "137****7000" in page and "13700137000" not in page


def test_id_number_is_stored_protected_and_shown_masked(client, network, person):
    reader = person(Role.READER, "ZJ-SX")
    readers.set_national_id(reader, ID_NUMBER, "a long enough passphrase")
    stored = User.objects.filter(pk=reader.pk).values().get()
    assert ID_NUMBER not in str(stored)
    assert stored["national_id_digest"] == protect.digest("national_id", ID_NUMBER)
    assert protect.unseal(stored["national_id_sealed"]) == ID_NUMBER
    client.force_login(reader)
    assert "1101**********002X" in client.get("/account/").content.decode()
    assert client.get("/api/v1/me").json()["national_id"] == "1101**********002X"


def test_a_second_key_cannot_read_or_find_the_numbers(settings):
    sealed, digest = protect.seal(ID_NUMBER), protect.digest("national_id", ID_NUMBER)
    settings.SHUYUN_PII_KEY = "another deployment"
    assert protect.unseal(sealed) == "" and protect.digest("national_id", ID_NUMBER) != digest


def test_one_id_number_per_account(network, person):
    first, second = person(Role.READER, "ZJ-SX"), person(Role.READER, "ZJ-SX")
    readers.set_national_id(first, ID_NUMBER, "a long enough passphrase")
    with pytest.raises(ValidationError, match="used by another account"):
        readers.set_national_id(second, ID_NUMBER, "a long enough passphrase")


def test_codes_are_throttled_per_phone_and_per_address(network):
    otp.send_code("13600136000", "10.0.0.2")
    with pytest.raises(otp.Throttled, match="less than a minute"):
        otp.send_code("13600136000", "10.0.0.3")
    for n in range(otp.ADDRESS_LIMIT_PER_HOUR - 1):
        otp.send_code(f"135{n:08d}", "10.0.0.2")
    with pytest.raises(otp.Throttled, match="Too many codes"):
        otp.send_code("13400134000", "10.0.0.2")


def test_a_code_allows_limited_guesses(network, last_code):
    otp.send_code("13600136000", "10.0.0.2")
    code = last_code("13600136000")
    for _ in range(otp.MAX_ATTEMPTS):
        assert not otp.check_code("13600136000", "999999" if code != "999999" else "888888")
    assert not otp.check_code("13600136000", code)  # burnt after five wrong guesses


def test_reader_merges_a_card_account_into_the_phone_account(
    client, phone_reader, shaoxing_on_sip2
):
    card_reader = readers.reader_for_verified_card(shaoxing_on_sip2, WANG_CARD, "王小明", True)
    client.force_login(phone_reader)
    form = {
        "method": "card",
        "library": shaoxing_on_sip2.pk,
        "number": WANG_CARD,
        "password": WANG_PIN,
        "consent": "on",
    }
    assert client.post("/account/merge/", form).status_code == 302
    card_reader.refresh_from_db()
    phone_reader.refresh_from_db()
    assert not card_reader.is_active and card_reader.merged_into == phone_reader
    assert list(phone_reader.cards.values_list("number", flat=True)) == [WANG_CARD]
    assert phone_reader.real_name_level == RealNameLevel.CARD and phone_reader.phone_digest


def test_operator_merges_only_readers_they_look_after(network, person, operator):
    keep, absorb = person(Role.READER, "ZJ-SX"), person(Role.READER, "ZJ-SX-ZJ")
    readers.set_national_id(absorb, ID_NUMBER, "a long enough passphrase")
    with pytest.raises(PermissionDenied):
        services.merge_accounts(
            person(Role.PROVINCIAL_OPERATOR, "HB"), keep, absorb, proven_by_reader=False
        )
    services.merge_accounts(
        person(Role.PROVINCIAL_OPERATOR, "ZJ"), keep, absorb, proven_by_reader=False
    )
    keep.refresh_from_db()
    assert keep.national_id_digest == protect.digest("national_id", ID_NUMBER)
    assert keep.check_password(TEST_PASSWORD)  # its own password stays


def test_export_and_delete(client, phone_reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_event(EventKind.SEARCH, phone_reader, phone_reader.library, q="鲁迅")
        record_event(EventKind.SEARCH, None, phone_reader.library, q="someone else")
    client.force_login(phone_reader)
    exported = client.get("/account/export/").json()
    assert exported["phone"] == "13900139000" and exported["home_library"] == "ZJ-SX"
    searches = [event for event in exported["events"] if event["kind"] == "search"]
    assert [(event["library"], event["details"]) for event in searches] == [
        ("ZJ-SX", {"q": "鲁迅"})
    ]
    assert client.post("/account/delete/", {"confirm": "no"}).status_code == 302
    assert User.objects.filter(pk=phone_reader.pk).exists()
    client.post("/account/delete/", {"confirm": "DELETE"})
    assert not User.objects.filter(pk=phone_reader.pk).exists()


def test_a_disabled_reader_cannot_sign_in(client, phone_reader, operator, last_code):
    services.set_account_active(operator, phone_reader, active=False)
    cache.clear()  # past the resend cooldown
    otp.send_code("13900139000", "10.0.0.1")
    form = {
        "method": "phone",
        "phone": "13900139000",
        "code": last_code("13900139000"),
        "consent": "on",
    }
    assert client.post("/account/sign-in/", form).status_code == 400
    assert User.objects.filter(phone_digest__isnull=False).count() == 1  # no second account
