from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shuyun.console.forms import StyledForm
from shuyun.harvest.models import HarvestSource


class SourceForm(StyledForm, forms.ModelForm):  # type: ignore[type-arg]
    endpoint = forms.URLField(label=_("OAI-PMH base URL"), max_length=500, assume_scheme="https")

    class Meta:
        model = HarvestSource
        fields = ["name", "endpoint", "metadata_prefix", "set_spec", "schedule", "active"]
