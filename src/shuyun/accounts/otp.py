"""One-time codes sent to a phone: six digits, valid five minutes, used once, five tries;
sending is throttled per phone and per client address. State lives in the Django cache
(in-process by default, Redis in production) under keys that hold a digest, never the number."""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from shuyun.accounts import protect, sms

CODE_DIGITS = 6
CODE_TTL_SECONDS = 300
MAX_ATTEMPTS = 5
RESEND_AFTER_SECONDS = 60
PHONE_LIMIT_PER_HOUR = 5
ADDRESS_LIMIT_PER_HOUR = 20


class Throttled(Exception):
    """Too many codes asked for; the message says when to try again."""


@dataclass(frozen=True)
class Limit:
    key: str
    allowed: int
    seconds: int


def _phone_key(phone: str) -> str:
    return protect.digest("otp-phone", phone)


def _take(limit: Limit) -> bool:
    """Count one use against `limit`; False once it is spent."""
    cache.add(limit.key, 0, limit.seconds)
    try:
        used = cache.incr(limit.key)
    except ValueError:  # expired between add and incr
        cache.set(limit.key, 1, limit.seconds)
        used = 1
    return used <= limit.allowed


def send_code(phone: str, address: str) -> None:
    """Send a fresh code to `phone` (already normalised) asked for from `address`."""
    key = _phone_key(phone)
    if not cache.add(f"otp:cooldown:{key}", 1, RESEND_AFTER_SECONDS):
        raise Throttled(_("A code was sent less than a minute ago; wait before asking again."))
    limits = [
        Limit(f"otp:phone-hour:{key}", PHONE_LIMIT_PER_HOUR, 3600),
        Limit(
            f"otp:address-hour:{protect.digest('otp-ip', address)}", ADDRESS_LIMIT_PER_HOUR, 3600
        ),
    ]
    if not all([_take(limit) for limit in limits]):
        raise Throttled(_("Too many codes were asked for; try again in an hour."))
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    entry = {"code": code, "attempts": 0, "expires": time.time() + CODE_TTL_SECONDS}
    cache.set(f"otp:code:{key}", entry, CODE_TTL_SECONDS)
    text = _("Your Shuyun code is %(code)s; it is valid for 5 minutes.") % {"code": code}
    sms.gateway().send(phone, text)


def check_code(phone: str, code: str) -> bool:
    """True once for the right code; a wrong guess uses up one of the tries."""
    slot = f"otp:code:{_phone_key(phone)}"
    entry = cache.get(slot)
    remaining = entry["expires"] - time.time() if entry else 0
    if entry is None or remaining <= 0:
        return False
    if hmac.compare_digest(entry["code"], code.strip()):
        cache.delete(slot)
        return True
    entry["attempts"] += 1
    if entry["attempts"] >= MAX_ATTEMPTS:
        cache.delete(slot)
    else:
        cache.set(slot, entry, max(1, int(remaining)))  # a wrong guess does not extend the code
    return False
