"""Personal numbers (ID, phone) stored protected: a keyed digest to find them, a sealed copy to
show them masked. Never stored, logged or shown in the clear.

The key is SHUYUN_PII_KEY, or derived from SECRET_KEY when that is unset; two sub-keys are derived
from it (HKDF), one for the digest (HMAC-SHA256) and one for sealing (Fernet: AES-128-CBC + HMAC).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


@dataclass(frozen=True)
class Keys:
    digest: bytes
    seal: Fernet


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


@lru_cache(maxsize=4)
def _keys_for(master: str) -> Keys:
    raw = master.encode()
    return Keys(
        digest=_derive(raw, b"shuyun pii digest"),
        seal=Fernet(base64.urlsafe_b64encode(_derive(raw, b"shuyun pii seal"))),
    )


def keys() -> Keys:
    return _keys_for(settings.SHUYUN_PII_KEY or settings.SECRET_KEY)


def digest(kind: str, value: str) -> str:
    """The look-up key of a normalised number; `kind` keeps phone and ID digests apart."""
    message = f"{kind}:{value}".encode()
    return hmac.new(keys().digest, message, hashlib.sha256).hexdigest()


def seal(value: str) -> str:
    return keys().seal.encrypt(value.encode()).decode()


def unseal(sealed: str) -> str:
    """The clear value, for masking or export; '' when nothing (or something unreadable) is kept."""
    if not sealed:
        return ""
    try:
        return keys().seal.decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""


def mask(value: str, keep_start: int, keep_end: int) -> str:
    """`3301**********1234`: the ends kept, every other character starred."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]


def mask_national_id(value: str) -> str:
    return mask(value, 4, 4)


def mask_phone(value: str) -> str:
    return mask(value, 3, 4)
