"""Sign-ins, sign-outs and failed attempts go to the event log (the audit trail)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from shuyun.analytics.services import EventKind, record_event


@receiver(user_logged_in)
def record_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    method = getattr(user, "sign_in_method", "password")
    record_event(EventKind.SIGN_IN, user, user.library, user, method=method)


@receiver(user_logged_out)
def record_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(EventKind.SIGN_OUT, user, user.library, user)


@receiver(user_login_failed)
def record_failed_sign_in(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # Only the attempted user name or reader identifier is kept (ID and phone numbers only as a
    # digest); passwords and codes never reach the log.
    attempted = credentials.get("username") or credentials.get("identifier") or ""
    record_event(EventKind.SIGN_IN_FAILED, None, None, username=attempted)
