"""SMS gateways for one-time codes: a registry keyed by name, chosen by SHUYUN_SMS_GATEWAY.

The default writes the message to the log (development, demo); a deployment registers its
provider's gateway under a name and sets the variable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

logger = logging.getLogger("shuyun.sms")


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogGateway:
    """Writes each message to the `shuyun.sms` log instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


@dataclass
class OutboxGateway:
    """Keeps messages in memory, for tests and the browser check of the sign-in flow."""

    sent: list[tuple[str, str]]

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))


OUTBOX = OutboxGateway(sent=[])
GATEWAYS: dict[str, Callable[[], SmsGateway]] = {}


def register(name: str, factory: Callable[[], SmsGateway]) -> None:
    GATEWAYS[name] = factory


def gateway() -> SmsGateway:
    name = settings.SHUYUN_SMS_GATEWAY
    try:
        return GATEWAYS[name]()
    except KeyError:
        raise LookupError(
            f"SHUYUN_SMS_GATEWAY={name!r} is not a registered gateway ({', '.join(GATEWAYS)})."
        ) from None


register("log", LogGateway)
register("outbox", lambda: OUTBOX)
