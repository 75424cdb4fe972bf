"""Every service event in the network, recorded once (see analytics.services.record_event)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    PAGE_VIEW = "page_view", _("Page view")
    SEARCH = "search", _("Search")
    VIEW = "view", _("Record view")
    READ = "read", _("Read")
    DOWNLOAD = "download", _("Download")
    SIGN_IN = "sign_in", _("Sign-in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Sign-out")
    LOAN = "loan", _("Loan")
    ADMIN_CHANGE = "admin_change", _("Administrative change")
    API_CALL = "api_call", _("API call")
    HARVEST = "harvest", _("Harvest")
    RESOLVE = "resolve", _("Identifier resolution")


class Event(models.Model):
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    library = models.ForeignKey(
        "federation.Library", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=120, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "occurred_at"]),
            models.Index(fields=["library", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at:%Y-%m-%d %H:%M}"
