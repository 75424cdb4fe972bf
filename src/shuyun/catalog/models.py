"""The metadata warehouse: every member library's records in one shape, clustered into works."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceType(models.TextChoices):
    BOOK = "book", _("Book")
    JOURNAL = "journal", _("Journal")
    NEWSPAPER = "newspaper", _("Newspaper")
    THESIS = "thesis", _("Thesis")
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")
    IMAGE = "image", _("Image")
    MAP = "map", _("Map")
    SCORE = "score", _("Music score")
    GOVERNMENT = "government", _("Government information")
    ELECTRONIC = "electronic", _("Electronic resource")
    MANUSCRIPT = "manuscript", _("Manuscript")
    CLASSIC = "classic", _("Classical text")
    OTHER = "other", _("Other")


class Work(models.Model):
    """A cluster of records that describe the same edition, whichever library holds them."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")

    def __str__(self) -> str:
        return f"work {self.pk}"


class WorkKey(models.Model):
    """A match key ("isbn:978…" or "fp:<fingerprint>") and the work that owns it.

    A key belongs to exactly one work, so clustering a batch is one indexed lookup; merging two
    works by hand moves the keys, and later harvests follow them.
    """

    key = models.CharField(max_length=80, unique=True)
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="keys")

    def __str__(self) -> str:
        return self.key


class Record(models.Model):
    """What one member library says about one resource, mapped to the unified fields.

    List fields are JSON so that a record is one row: ingest writes a batch in one statement.
    """

    # No index of its own: the unique (library, source_id) index serves lookups by library.
    library = models.ForeignKey(
        "federation.Library",
        on_delete=models.PROTECT,
        related_name="catalog_records",
        db_index=False,
    )
    source_id = models.CharField(_("source identifier"), max_length=255)
    source_format = models.CharField(_("source format"), max_length=20)
    origin = models.CharField(_("origin"), max_length=200, blank=True)
    datestamp = models.DateTimeField(_("datestamp"), null=True, blank=True)
    deleted = models.BooleanField(_("deleted"), default=False)
    version = models.PositiveIntegerField(default=1)
    raw = models.BinaryField(_("source record as received"))
    raw_digest = models.CharField(max_length=40)
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="records")
    cluster_reason = models.CharField(_("why in this work"), max_length=300, blank=True)
    # An operator's split or merge fixed this record's work; later harvests keep it there.
    cluster_pinned = models.BooleanField(default=False)

    title = models.TextField(_("title"))
    title_pinyin = models.TextField(blank=True)
    other_titles = models.JSONField(default=list, blank=True)
    creators = models.JSONField(default=list, blank=True)  # [{"name": …, "role": …}]
    subjects = models.JSONField(default=list, blank=True)
    clc = models.JSONField(default=list, blank=True)  # Chinese Library Classification numbers
    classifications = models.JSONField(default=list, blank=True)  # [{"scheme": …, "value": …}]
    isbns = models.JSONField(default=list, blank=True)
    issns = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=3, blank=True)
    publisher = models.TextField(blank=True)
    place = models.TextField(blank=True)
    year = models.SmallIntegerField(null=True, blank=True)
    edition = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    resource_type = models.CharField(
        max_length=20, choices=ResourceType.choices, default=ResourceType.OTHER
    )
    abstract = models.TextField(blank=True)
    links = models.JSONField(default=list, blank=True)
    rights = models.TextField(blank=True)
    cataloguing_agency = models.CharField(max_length=100, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "source_id"], name="one_record_per_library_source_id"
            )
        ]
        indexes = [
            models.Index(fields=["library", "origin"]),
            # OAI-PMH lists records in (updated_at, id) order and resumes from a position in it.
            models.Index(fields=["updated_at", "id"], name="record_changed_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.source_id})"


class RecordVersion(models.Model):
    """A record as it was before an update or deletion replaced it: nothing is overwritten."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    raw = models.BinaryField()
    data = models.JSONField()
    datestamp = models.DateTimeField(null=True, blank=True)
    deleted = models.BooleanField(default=False)
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["record", "version"], name="one_row_per_record_version")
        ]

    def __str__(self) -> str:
        return f"{self.record_id} v{self.version}"


class ClusterAction(models.TextChoices):
    SPLIT = "split", _("Split")
    MERGE = "merge", _("Merge")


class ClusterDecision(models.Model):
    """An operator's split or merge, kept so the reason for a cluster can always be shown."""

    action = models.CharField(max_length=10, choices=ClusterAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="decisions")
    other_work_id = models.BigIntegerField(null=True, blank=True)
    record_ids = models.JSONField(default=list)
    note = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.action} work {self.work_id}"
