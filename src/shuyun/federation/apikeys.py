"""API keys of member libraries: issuing, checking, and the ninja authentication that uses them.

A key reads `sy_<prefix>_<secret>`; the prefix finds the row, the secret's SHA-256 is compared in
constant time. Keys are long random strings, so a fast hash is the right one (unlike passwords).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyHeader

from shuyun.analytics.services import EventKind, record_event
from shuyun.federation.models import ApiKey, ApiScope, Library

KEY_PREFIX = "sy"
LAST_USED_PRECISION_SECONDS = 60


@dataclass(frozen=True)
class ApiClient:
    """Who is calling: a member library, with the scopes its key grants."""

    key_id: int
    key_prefix: str
    library: Library
    scopes: frozenset[str]

    def __str__(self) -> str:  # ninja's throttles key their counters on this
        return f"api-key:{self.key_prefix}"

    def has(self, scope: ApiScope) -> bool:
        return scope in self.scopes


def new_key() -> tuple[str, str, str]:
    """A fresh (full key, prefix, secret hash)."""
    prefix = secrets.token_hex(5)
    secret = secrets.token_urlsafe(30)
    return f"{KEY_PREFIX}_{prefix}_{secret}", prefix, _hash(secret)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def client_for_key(presented: str) -> ApiClient | None:
    """The client a presented key belongs to, or None if it is unknown, malformed or revoked."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    _, prefix, secret = parts
    key = (
        ApiKey.objects.select_related("library")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    stale = key.last_used_at is None or (
        (now - key.last_used_at).total_seconds() > LAST_USED_PRECISION_SECONDS
    )
    if stale:  # one write a minute at most, not one per call
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return ApiClient(key.pk, key.prefix, key.library, frozenset(key.scopes))


class LibraryKeyAuth(APIKeyHeader):
    """`X-API-Key: sy_…` on endpoints for member libraries' systems; each call is counted."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiClient | None:
        client = client_for_key(key) if key else None
        if client is not None:
            record_event(
                EventKind.API_CALL, None, client.library, key=client.key_prefix, path=request.path
            )
        return client


library_key = LibraryKeyAuth()
