"""SIP2 over TLS for real: the pysip2 ILS behind a TLS relay on loopback, with a certificate
from a private CA made in the test. A card signs in when the library's sign-in policy trusts
that CA; with another CA (or the system's) the reader is told the certificate was refused."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from shuyun.accounts import services, sip2
from shuyun.accounts.cards import sip2_settings
from shuyun.accounts.models import ReaderCard, User
from shuyun.federation import services as federation_services
from shuyun.federation.models import Library
from tests.accounts.conftest import WANG_CARD, WANG_PIN, connect_ils
from tests.peers.sip2_server import Ils
from tests.peers.tls import (
    CertificateAuthority,
    TlsRelay,
    issue_server_certificate,
    make_ca,
    tls_relay,
)

SIGN_IN = "/account/sign-in/"


@pytest.fixture(scope="module")
def ils_ca() -> CertificateAuthority:
    return make_ca("Shaoxing Library ILS CA")


@pytest.fixture
def relay(tmp_path, ils_ca, shaoxing_ils: Ils) -> Iterator[TlsRelay]:
    chain, key = issue_server_certificate(ils_ca, tmp_path)
    with tls_relay(shaoxing_ils.port, chain, key) as relay:
        yield relay


def behind_tls(operator, library: Library, ils: Ils, relay: TlsRelay, ca_pem: str) -> None:
    connect_ils(operator, library, ils)
    federation_services.update_private_settings(
        operator, library, sip2_port=relay.port, sip2_use_tls=True
    )
    services.set_sign_in_policy(operator, library, sip2_ca_certificates=ca_pem)


def card_form(library: Library) -> dict[str, object]:
    return {
        "method": "card",
        "library": library.pk,
        "number": WANG_CARD,
        "password": WANG_PIN,
        "consent": "on",
    }


@pytest.mark.django_db(transaction=True)
def test_card_signs_in_over_tls_verified_against_the_librarys_ca(
    client, operator, network, shaoxing_ils, relay, ils_ca
):
    shaoxing = network["ZJ-SX"]
    behind_tls(operator, shaoxing, shaoxing_ils, relay, ils_ca.pem)
    response = client.post(SIGN_IN, card_form(shaoxing), HTTP_HOST="sx.localhost")
    assert response.status_code == 302
    assert User.objects.get(cards__number=WANG_CARD).display_name == "王小明"
    assert relay.handshakes == 1


def test_a_certificate_from_another_ca_is_refused_with_a_clear_message(
    client, operator, network, shaoxing_ils, relay
):
    shaoxing = network["ZJ-SX"]
    behind_tls(operator, shaoxing, shaoxing_ils, relay, make_ca("Someone else").pem)
    response = client.post(SIGN_IN, card_form(shaoxing))
    page = response.content.decode()
    assert response.status_code == 400
    assert f"127.0.0.1:{relay.port} presented a TLS certificate that could not be verified" in page
    assert not ReaderCard.objects.exists() and relay.handshakes == 0


def test_the_systems_cas_do_not_trust_a_private_ca(operator, network, shaoxing_ils, relay):
    shaoxing = network["ZJ-SX"]
    behind_tls(operator, shaoxing, shaoxing_ils, relay, "")
    settings = sip2_settings(shaoxing)
    assert settings is not None and settings.use_tls and not settings.ca_certificates
    with pytest.raises(sip2.Sip2Error, match="could not be verified"):
        sip2.check_patron(settings, WANG_CARD, WANG_PIN)


def test_plain_sip2_to_a_tls_port_fails_cleanly(operator, network, shaoxing_ils, relay):
    shaoxing = network["ZJ-SX"]
    behind_tls(operator, shaoxing, shaoxing_ils, relay, "")
    settings = sip2_settings(shaoxing)
    assert settings is not None
    plain = dataclasses.replace(settings, use_tls=False, timeout=2.0)
    with pytest.raises(sip2.Sip2Error):
        sip2.check_patron(plain, WANG_CARD, WANG_PIN)


def test_unusable_ca_text_is_refused_by_the_policy(operator, network):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.set_sign_in_policy(
            operator, network["ZJ-SX"], sip2_ca_certificates="not a certificate"
        )
    assert "sip2_ca_certificates" in caught.value.message_dict
