"""People of the network: readers and staff, each belonging to one library."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_OPERATOR = "platform_operator", _("Platform operator")
    PROVINCIAL_OPERATOR = "provincial_operator", _("Provincial operator")
    LIBRARY_ADMIN = "library_admin", _("Library administrator")
    LIBRARIAN = "librarian", _("Librarian")
    READER = "reader", _("Reader")


STAFF_ROLES = frozenset(
    {Role.PLATFORM_OPERATOR, Role.PROVINCIAL_OPERATOR, Role.LIBRARY_ADMIN, Role.LIBRARIAN}
)


class User(AbstractUser):
    """One account per person. Staff roles are scoped by `library`: a provincial operator's is the
    provincial library (its whole subtree), a librarian's is their own library; a reader's is the
    home library."""

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

    @property
    def is_network_staff(self) -> bool:
        return self.is_active and self.role in STAFF_ROLES

    def __str__(self) -> str:
        return self.display_name or self.username
