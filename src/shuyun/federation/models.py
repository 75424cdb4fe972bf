"""Member libraries of the network, their hierarchy, resource targets and branch sites."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

LIBRARY_CODE_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
PATH_SEPARATOR = "/"

library_code_validator = RegexValidator(
    LIBRARY_CODE_PATTERN,
    _("A library code is upper-case letters and digits in parts joined by '-', e.g. ZJ-SX-ZJ."),
)
division_code_validator = RegexValidator(
    r"^\d{6}$", _("An administrative-division code (GB/T 2260) has exactly six digits.")
)
color_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour is written #RRGGBB."))


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    BRANCH = "branch", _("Branch")
    SERVICE_POINT = "service_point", _("Service point")


# Levels a library may sit under; the network is national → provincial → city → county, and any
# library may run branches and service points.
ALLOWED_PARENT_LEVELS: dict[str, set[str]] = {
    Level.NATIONAL: set(),
    Level.PROVINCIAL: {Level.NATIONAL},
    Level.CITY: {Level.PROVINCIAL},
    Level.COUNTY: {Level.CITY},
    Level.BRANCH: {Level.NATIONAL, Level.PROVINCIAL, Level.CITY, Level.COUNTY},
    Level.SERVICE_POINT: {
        Level.NATIONAL,
        Level.PROVINCIAL,
        Level.CITY,
        Level.COUNTY,
        Level.BRANCH,
    },
}

# The national plan's digital-resource targets per level, in terabytes (seeds 001/003).
NATIONAL_TARGET_TB: dict[str, Decimal] = {
    Level.PROVINCIAL: Decimal(100),
    Level.CITY: Decimal(30),
    Level.COUNTY: Decimal(4),
}


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class Library(models.Model):
    code = models.CharField(
        _("code"), max_length=40, unique=True, validators=[library_code_validator]
    )
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Materialised path of codes ("/NLC/ZJ/ZJ-SX/"): a subtree is one indexed prefix scan and the
    # ancestors are read off the path, cheap at the network's 3,000+ libraries.
    path = models.CharField(max_length=500, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    division_code = models.CharField(
        _("division code"), max_length=6, blank=True, validators=[division_code_validator]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("website"), blank=True)
    oai_endpoint = models.URLField(_("OAI-PMH endpoint"), blank=True)
    resource_volume_tb = models.DecimalField(
        _("digital resources (TB)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        indexes = [models.Index(fields=["level"]), models.Index(fields=["division_code"])]

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.code})"

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes from the root down to the parent, read off the path."""
        return [code for code in self.path.split(PATH_SEPARATOR) if code][:-1]

    @property
    def province_code(self) -> str | None:
        """Code of the provincial library this one belongs to (itself if provincial)."""
        codes = [code for code in self.path.split(PATH_SEPARATOR) if code]
        return codes[1] if len(codes) > 1 else None


class LibraryPrivateSettings(models.Model):
    """What only the library's own staff and the operators above it may see or change."""

    library = models.OneToOneField(Library, on_delete=models.CASCADE, related_name="private")
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    sip2_host = models.CharField(_("SIP2 host"), max_length=200, blank=True)
    sip2_port = models.PositiveIntegerField(
        _("SIP2 port"), null=True, blank=True, validators=[MaxValueValidator(65535)]
    )
    sip2_institution = models.CharField(_("SIP2 institution id (AO)"), max_length=60, blank=True)
    sip2_use_tls = models.BooleanField(_("SIP2 over TLS"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    def __str__(self) -> str:
        return f"private settings of {self.library.code}"


class ProvincialTarget(models.Model):
    """A province's own resource target for a level, overriding the national plan."""

    province = models.ForeignKey(
        Library,
        on_delete=models.CASCADE,
        related_name="level_targets",
        limit_choices_to={"level": Level.PROVINCIAL},
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    target_tb = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "level"], name="one_target_per_province_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province.code} {self.level}: {self.target_tb} TB"


class BranchSite(models.Model):
    """A library's own site (分站) on the platform: its look and the host names that reach it."""

    library = models.OneToOneField(Library, on_delete=models.CASCADE, related_name="site")
    title = models.CharField(_("site title"), max_length=200, blank=True)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    primary_color = models.CharField(
        _("primary colour"), max_length=7, default="#8c1c13", validators=[color_validator]
    )
    accent_color = models.CharField(
        _("accent colour"), max_length=7, default="#c9a227", validators=[color_validator]
    )
    logo = models.FileField(
        _("logo"),
        upload_to="site-logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "svg", "jpg", "jpeg", "webp"])],
    )

    def __str__(self) -> str:
        return self.title or self.library.name_zh


class SiteHost(models.Model):
    hostname = models.CharField(
        _("host name"),
        max_length=253,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$",
                _("A host name is lower-case letters, digits, '-' and dots, without a port."),
            )
        ],
    )
    site = models.ForeignKey(BranchSite, on_delete=models.CASCADE, related_name="hosts")

    def __str__(self) -> str:
        return self.hostname


class ApiScope(models.TextChoices):
    READ = "read", _("Read records, works, search and libraries")
    IDENTIFIERS = "identifiers", _("Register and change identifiers")
    PUBLISH = "publish", _("Publish resources")


class ApiKey(models.Model):
    """A member library's key to the open interfaces. Only a hash of the secret is stored."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.library.code}:{self.prefix}"
