"""Where records come from: OAI-PMH sources, import and harvest jobs, and the quarantine."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Schedule(models.TextChoices):
    MANUAL = "manual", _("By hand")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class HarvestSource(models.Model):
    """A member library's OAI-PMH endpoint, and where its last harvest got to."""

    library = models.ForeignKey(
        "federation.Library", on_delete=models.CASCADE, related_name="harvest_sources"
    )
    name = models.CharField(_("name"), max_length=100)
    endpoint = models.URLField(_("OAI-PMH base URL"), max_length=500)
    metadata_prefix = models.CharField(_("metadata prefix"), max_length=50, default="oai_dc")
    set_spec = models.CharField(_("set"), max_length=200, blank=True)
    schedule = models.CharField(
        _("schedule"), max_length=10, choices=Schedule.choices, default=Schedule.DAILY
    )
    active = models.BooleanField(_("active"), default=True)
    # From Identify: "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ssZ"; `from` is written to match.
    granularity = models.CharField(max_length=30, blank=True)
    # The responseDate of the first page of the last complete harvest: the next `from`.
    harvested_until = models.DateTimeField(null=True, blank=True)
    # An interrupted harvest: the token to go on from and the responseDate it started at.
    resumption_token = models.TextField(blank=True)
    pending_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["library", "name"]
        constraints = [
            models.UniqueConstraint(fields=["library", "name"], name="one_source_name_per_library")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.endpoint})"

    @property
    def origin(self) -> str:
        return f"oai:{self.pk}"


class JobKind(models.TextChoices):
    IMPORT = "import", _("File import")
    HARVEST = "harvest", _("OAI-PMH harvest")
    REPROCESS = "reprocess", _("Quarantine re-processing")


class JobStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """One import, harvest or re-processing run and its report."""

    library = models.ForeignKey("federation.Library", on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(
        HarvestSource, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    kind = models.CharField(max_length=10, choices=JobKind.choices)
    label = models.CharField(_("what"), max_length=300)
    source_format = models.CharField(max_length=20)
    options = models.JSONField(default=dict, blank=True)  # e.g. a spreadsheet's column mapping
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.RUNNING)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    quarantined = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.label}"

    def summary(self) -> str:
        return (
            f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
            f"deleted {self.deleted}, quarantined {self.quarantined}"
        )


class QuarantinedRecord(models.Model):
    """A record that could not be read or mapped, kept as received with why and where."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="quarantined_records")
    library = models.ForeignKey("federation.Library", on_delete=models.CASCADE, related_name="+")
    source_format = models.CharField(max_length=20)
    position = models.CharField(_("position"), max_length=200)
    source_id = models.CharField(max_length=255, blank=True)
    datestamp = models.DateTimeField(null=True, blank=True)
    raw = models.BinaryField()
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    record = models.ForeignKey(
        "catalog.Record", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["library", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.position}: {self.reason}"
