"""Readers' fixtures: Shaoxing's ILS as a real SIP2 server on loopback, codes kept in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.utils import translation

from shuyun.accounts import services, sms
from shuyun.accounts.models import User
from shuyun.federation import services as federation_services
from shuyun.federation.models import Library
from tests.peers.sip2_server import LOGIN_PASSWORD, LOGIN_USER, Ils, Patron, running_ils

WANG_CARD = "3306000001"
WANG_PIN = "482913"


@pytest.fixture
def english_messages() -> Iterator[None]:
    """Services speak English here; pages answer in the site's zh-hans (asserted as such)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_cache(settings) -> Iterator[None]:
    settings.SHUYUN_SMS_GATEWAY = "outbox"
    cache.clear()
    sms.OUTBOX.sent.clear()
    yield
    cache.clear()


@pytest.fixture
def shaoxing_ils() -> Iterator[Ils]:
    ils = Ils("ZJSX", {WANG_CARD: Patron("王小明", WANG_PIN), "3306000002": Patron("李华", "1111")})
    with running_ils(ils):
        yield ils


def connect_ils(operator: User, library: Library, ils: Ils) -> None:
    federation_services.update_private_settings(
        operator,
        library,
        sip2_host="127.0.0.1",
        sip2_port=ils.port,
        sip2_institution=ils.institution,
    )
    services.set_sign_in_policy(
        operator, library, sip2_login_user=LOGIN_USER, sip2_login_password=LOGIN_PASSWORD
    )


@pytest.fixture
def shaoxing_on_sip2(operator, network, shaoxing_ils) -> Library:
    connect_ils(operator, network["ZJ-SX"], shaoxing_ils)
    return network["ZJ-SX"]


@pytest.fixture
def last_code() -> Callable[[str], str]:
    def read(phone: str) -> str:
        text = next(text for to, text in reversed(sms.OUTBOX.sent) if to == phone)
        return "".join(ch for ch in text if ch.isdigit())[:6]

    return read
