"""A classification scheme loaded by an operator (the product ships only the 22 top classes)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassificationClass(models.Model):
    """One class of the Chinese Library Classification, e.g. I207.22 唐诗研究."""

    code = models.CharField(_("class number"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    parent_code = models.CharField(max_length=60, blank=True, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("classification class")
        verbose_name_plural = _("classification classes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
