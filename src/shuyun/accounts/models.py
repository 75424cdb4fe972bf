"""People of the network: readers and staff in one user model, with readers' cards and identity."""

from __future__ import annotations

import codecs
import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyun.accounts.sip2 import trust_context


class Role(models.TextChoices):
    PLATFORM_OPERATOR = "platform_operator", _("Platform operator")
    PROVINCIAL_OPERATOR = "provincial_operator", _("Provincial operator")
    LIBRARY_ADMIN = "library_admin", _("Library administrator")
    LIBRARIAN = "librarian", _("Librarian")
    READER = "reader", _("Reader")


STAFF_ROLES = frozenset(
    {Role.PLATFORM_OPERATOR, Role.PROVINCIAL_OPERATOR, Role.LIBRARY_ADMIN, Role.LIBRARIAN}
)


class RealNameLevel(models.TextChoices):
    NONE = "none", _("Not verified")
    CARD = "card", _("Verified by a reader card")
    ID = "id", _("Verified by ID number")


# Ordered weakest first, so merging two accounts keeps the stronger verification.
REAL_NAME_ORDER = [RealNameLevel.NONE, RealNameLevel.CARD, RealNameLevel.ID]


class AgeGroup(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    CHILD = "child", _("Under 14")
    TEEN = "teen", _("14–17")
    ADULT = "adult", _("18–59")
    SENIOR = "senior", _("60 and over")


class User(AbstractUser):
    """One account per person. Staff roles are scoped by `library`: a provincial operator's is the
    provincial library (its whole subtree), a librarian's is their own library; a reader's is the
    home library.

    Phone and ID numbers are kept twice, never in the clear: a keyed digest (HMAC) to look them up
    and a sealed (encrypted) copy to show them masked — see accounts.protect."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.READER)
    library = models.ForeignKey(
        "federation.Library",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("library"),
    )
    phone_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    phone_sealed = models.TextField(blank=True)
    national_id_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    national_id_sealed = models.TextField(blank=True)
    real_name_level = models.CharField(
        _("real-name level"),
        max_length=10,
        choices=RealNameLevel.choices,
        default=RealNameLevel.NONE,
    )
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    consented_at = models.DateTimeField(_("consented to the terms at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_accounts"
    )

    class Meta:
        indexes = [models.Index(fields=["role", "library", "real_name_level"])]

    @property
    def is_network_staff(self) -> bool:
        return self.is_active and self.role in STAFF_ROLES

    def __str__(self) -> str:
        return self.display_name or self.username


class CardSource(models.TextChoices):
    SIP2 = "sip2", _("Checked by the library's system over SIP2")
    PLATFORM = "platform", _("Kept on the platform")


class ReaderCard(models.Model):
    """A reader card issued by one library; a reader holds at most one per library."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="cards")
    library = models.ForeignKey(
        "federation.Library", on_delete=models.PROTECT, related_name="reader_cards"
    )
    number = models.CharField(_("card number"), max_length=40)
    source = models.CharField(max_length=10, choices=CardSource.choices)
    # Only for cards kept on the platform (a library without an ILS); SIP2 cards are checked live.
    pin_hash = models.CharField(max_length=200, blank=True)
    verified_at = models.DateTimeField(_("verified at"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["library__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "number"], name="one_card_number_per_library"
            ),
            models.UniqueConstraint(fields=["user", "library"], name="one_card_per_reader_library"),
        ]

    def __str__(self) -> str:
        return f"{self.library_id}:{self.number}"


def validate_ca_certificates(pem: str) -> None:
    """PEM certificates a TLS client can trust (checked by loading them)."""
    try:
        trust_context(pem)
    except ValueError as exc:
        raise ValidationError(str(exc), code="ca_certificates") from exc


def validate_encoding(name: str) -> None:
    """A character set Python can decode an ILS's messages with (cp850, gb18030, utf-8, …)."""
    try:
        codecs.lookup(name)
    except LookupError:
        raise ValidationError(
            _("“%(name)s” is not a known character set."), params={"name": name}, code="encoding"
        ) from None


class SignInPolicy(models.Model):
    """How one library's readers sign in: the methods its branch site offers, and how its ILS
    is reached over SIP2 (host, port, AO and TLS are in federation's private settings)."""

    library = models.OneToOneField(
        "federation.Library", on_delete=models.CASCADE, related_name="sign_in_policy"
    )
    methods = models.JSONField(_("sign-in methods offered"), default=list, blank=True)
    sip2_login_user = models.CharField(_("SIP2 login user (CN)"), max_length=60, blank=True)
    sip2_login_password_sealed = models.TextField(blank=True)
    sip2_location_code = models.CharField(_("SIP2 location (CP)"), max_length=60, blank=True)
    sip2_ca_certificates = models.TextField(
        _("CA certificates for SIP2 over TLS (PEM)"),
        blank=True,
        validators=[validate_ca_certificates],
        help_text=_("Leave empty to trust the usual public certificate authorities."),
    )
    sip2_encoding = models.CharField(
        _("SIP2 character set"), max_length=20, default="utf-8", validators=[validate_encoding]
    )
    sip2_timeout_seconds = models.FloatField(
        _("SIP2 timeout (seconds)"),
        default=5.0,
        validators=[MinValueValidator(0.5), MaxValueValidator(60)],
    )
    sip2_patron_message = models.CharField(
        _("SIP2 patron request"),
        max_length=2,
        choices=[("63", _("63 patron information")), ("23", _("23 patron status"))],
        default="63",
    )

    def __str__(self) -> str:
        return f"sign-in policy of {self.library_id}"


class MemberClient(models.Model):
    """A member library's system registered as an OAuth2/OpenID Connect client."""

    application = models.OneToOneField(
        "oauth2_provider.Application",
        on_delete=models.CASCADE,
        related_name="member_client",
    )
    library = models.ForeignKey(
        "federation.Library", on_delete=models.CASCADE, related_name="member_clients"
    )
    # A disabled client gets no tokens and its tokens are revoked; it can be enabled again.
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.application_id} of {self.library_id}"

    @property
    def enabled(self) -> bool:
        return self.disabled_at is None
