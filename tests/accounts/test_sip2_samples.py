"""Our SIP2 parser on messages captured from real Sierra, Evergreen, Polaris and TLC servers."""

from __future__ import annotations

import pytest

from shuyun.accounts.sip2 import Sip2Error, build, checksum, parse, patron_check
from tests.conftest import SHARED_DATA

SAMPLES = SHARED_DATA / "sip2-real-server-responses" / "palace-circulation-sip2-responses.tsv"


def _samples() -> dict[str, str]:
    rows = [line.split("\t") for line in SAMPLES.read_text(encoding="utf-8").splitlines()]
    return {row[0]: row[3] for row in rows if row and not row[0].startswith("#")}


MESSAGES = _samples()
MALFORMED = "evergreen_card_reported_lost"
PATRON_RESPONSES = [
    label for label, message in MESSAGES.items() if message[:2] == "64" and label != MALFORMED
]


@pytest.mark.parametrize("label", PATRON_RESPONSES)
def test_every_real_patron_response_parses(label):
    response = parse(MESSAGES[label], verify_checksum=False)
    check = patron_check(response, "?")
    assert check.card_number == response.first("AA")
    assert response.fields  # at least AA was found


def test_valid_login_with_accented_name_as_sierra_sends_it():
    raw = MESSAGES["sierra_valid_login_unicode"].encode("cp850")  # Sierra's character set
    check = patron_check(parse(raw.decode("cp850"), verify_checksum=False), "12345")
    assert check.accepted and check.name == "LE CARRÉ, JOHN" and check.institution == "nypl"


@pytest.mark.parametrize(
    ("label", "patron", "password"),
    [
        ("sierra_invalid_login", True, False),
        ("polaris_wrong_pin", True, False),
        ("polaris_valid_pin", True, True),
        ("polaris_no_such_patron", False, False),
        ("tlc_no_such_patron", False, False),
        ("evergreen_inactive_account", False, False),
        ("client_card_not_located", False, False),
    ],
)
def test_valid_patron_and_password_flags(label, patron, password):
    check = patron_check(parse(MESSAGES[label], verify_checksum=False), "x")
    assert (check.valid_patron, check.valid_password) == (patron, password)


def test_repeated_screen_messages_and_blocked_status():
    check = patron_check(parse(MESSAGES["sierra_invalid_login"], verify_checksum=False), "x")
    assert len(check.messages) == 2 and check.messages[0].startswith("Invalid PIN")
    assert check.blocked


def test_embedded_pipe_stays_in_the_email_and_unknown_fields_are_kept():
    response = parse(MESSAGES["client_embedded_pipe"], verify_checksum=False)
    assert response.first("BE") == "leona|rdr@|bar.com"
    assert parse(MESSAGES["client_extension_field"], verify_checksum=False).first("ZZ") == "foo"


def test_checksums_of_unredacted_messages_verify():
    for label in ("polaris_no_such_patron", "tlc_no_such_patron"):
        assert parse(MESSAGES[label]).code == "64"
    login = MESSAGES["client_login_request_with_seq"]
    assert checksum(login[:-4]) == login[-4:]


def test_a_redacted_message_fails_checksum_verification_with_both_sums():
    with pytest.raises(Sip2Error, match="checksum is D1B7 but the message sums to"):
        parse(MESSAGES["sierra_valid_login_unicode"])


def test_malformed_fixed_fields_give_a_clear_error():
    with pytest.raises(
        Sip2Error, match="patron status .* position 14: the fixed fields are misaligned"
    ):
        parse(MESSAGES[MALFORMED], verify_checksum=False)


def test_end_session_response_and_unknown_codes():
    assert parse(MESSAGES["end_session_response"]).fixed.startswith("Y")
    with pytest.raises(Sip2Error, match="Unexpected SIP2 message code '9X'"):
        parse("9Xwhatever")
    with pytest.raises(Sip2Error, match="fixed fields need 61"):
        parse("64  Y  ")


def test_requests_we_build_carry_a_valid_checksum():
    message = build("9300", [("CN", "user_id"), ("CO", "password")], 0, "utf-8")
    assert message == MESSAGES["client_login_request_with_seq"]
