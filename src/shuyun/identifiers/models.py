"""Persistent identifiers (handles), their prefixes, locations and versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Prefix(models.Model):
    """A naming authority: the network's root prefix, or a library's sub-prefix delegated to it."""

    name = models.CharField(_("prefix"), max_length=64, unique=True)
    library = models.OneToOneField(
        "federation.Library", on_delete=models.PROTECT, related_name="identifier_prefix"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    is_root = models.BooleanField(default=False, editable=False)
    # Minted suffixes come from this counter; it only grows, so a minted suffix is never reused.
    mint_counter = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("prefix")
        verbose_name_plural = _("prefixes")
        constraints = [
            models.UniqueConstraint(
                fields=["is_root"], condition=Q(is_root=True), name="one_root_prefix"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ResourceType(models.TextChoices):
    BOOK = "book", _("Book")
    JOURNAL = "journal", _("Journal")
    NEWSPAPER = "newspaper", _("Newspaper")
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")
    IMAGE = "image", _("Image")
    COURSE = "course", _("Course")
    DATASET = "dataset", _("Dataset")
    WORK = "work", _("Warehouse work")
    OTHER = "other", _("Other")


class IdentifierStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Identifier(models.Model):
    prefix = models.ForeignKey(Prefix, on_delete=models.PROTECT, related_name="identifiers")
    # The library the prefix belongs to, kept on the row so resolution needs no join. Its index
    # is the (library, created_at) one below: a second index would only slow batch inserts.
    library = models.ForeignKey(
        "federation.Library",
        on_delete=models.PROTECT,
        related_name="identifiers",
        db_index=False,
    )
    handle = models.CharField(_("identifier"), max_length=200, unique=True)
    suffix = models.CharField(max_length=128)
    minted = models.BooleanField(default=False)
    title = models.CharField(_("title"), max_length=300, blank=True)
    resource_type = models.CharField(
        _("resource type"), max_length=20, choices=ResourceType.choices, default=ResourceType.OTHER
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    work_id = models.BigIntegerField(_("warehouse work"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IdentifierStatus.choices,
        default=IdentifierStatus.ACTIVE,
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    needs_confirmation = models.BooleanField(_("needs confirmation"), default=False)
    # Resolution order, derived from the locations: [{"url", "library", "broken"}] by priority.
    targets = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"], condition=~Q(sha256=""), name="one_identifier_per_sha256"
            ),
            models.UniqueConstraint(
                fields=["work_id"],
                condition=Q(resource_type="work"),
                name="one_identifier_per_work",
            ),
        ]
        indexes = [models.Index(fields=["library", "created_at"])]

    def __str__(self) -> str:
        return self.handle

    @property
    def is_withdrawn(self) -> bool:
        return self.status == IdentifierStatus.WITHDRAWN


class Location(models.Model):
    identifier = models.ForeignKey(Identifier, on_delete=models.CASCADE, related_name="locations")
    url = models.CharField(_("URL"), max_length=2000)
    library = models.ForeignKey(
        "federation.Library",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("holding library"),
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)
    broken = models.BooleanField(_("broken"), default=False)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["priority", "pk"]
        indexes = [models.Index(fields=["broken", "last_checked_at"])]

    def __str__(self) -> str:
        return self.url


class IdentifierVersion(models.Model):
    """One change of an identifier's values: who, when, how, and the values after it."""

    # Indexed by the (identifier, number) constraint below.
    identifier = models.ForeignKey(
        Identifier, on_delete=models.CASCADE, related_name="versions", db_index=False
    )
    number = models.PositiveIntegerField()
    changed_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    via = models.CharField(max_length=120)  # "console", "api key sx-ils", "warehouse", …
    change = models.CharField(max_length=30)  # register, update, withdraw, confirm
    values = models.JSONField()

    class Meta:
        ordering = ["identifier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["identifier", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.identifier_id} v{self.number}"
