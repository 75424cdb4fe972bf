from __future__ import annotations

from django import forms

from shuyun.console.forms import StyledForm
from shuyun.harvest.models import HarvestSource


class SourceForm(StyledForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = HarvestSource
        fields = ["name", "endpoint", "metadata_prefix", "set_spec", "schedule", "active"]
