from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyun.console.forms import StyledForm
from shuyun.federation.models import ApiScope, Library, LibraryPrivateSettings, color_validator
from shuyun.federation.services import PRIVATE_FIELDS

PROFILE_FORM_FIELDS = [
    "name_zh",
    "name_en",
    "level",
    "parent",
    "status",
    "division_code",
    "address",
    "latitude",
    "longitude",
    "website",
    "oai_endpoint",
    "resource_volume_tb",
    "joined_on",
]


def _form_field(field: models.Field, **kwargs: Any) -> forms.Field | None:  # type: ignore[type-arg]
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class LibraryForm(StyledForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Library
        fields = PROFILE_FORM_FIELDS
        formfield_callback = _form_field
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, can_restructure: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)  # noqa: S101
        parent_field.queryset = Library.objects.exclude(level__in=["service_point"]).only(
            "code", "name_zh", "path"
        )
        if not can_restructure:
            for name in ("level", "parent", "status"):
                self.fields[name].disabled = True

    def _post_clean(self) -> None:
        # Placement rules and full validation belong to federation.services; the form only
        # converts the submitted text into values.
        pass


class PrivateSettingsForm(StyledForm, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LibraryPrivateSettings
        fields = sorted(PRIVATE_FIELDS)

    def _post_clean(self) -> None:
        pass


class ImportForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns as in the export; rows are matched by code."),
    )


class SiteForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("Site title"), max_length=200, required=False)
    tagline = forms.CharField(label=_("Tagline"), max_length=300, required=False)
    primary_color = forms.CharField(
        label=_("Primary colour"),
        validators=[color_validator],
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    accent_color = forms.CharField(
        label=_("Accent colour"),
        validators=[color_validator],
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        validators=[FileExtensionValidator(["png", "svg", "jpg", "jpeg", "webp"])],
        help_text=_("PNG, SVG, JPEG or WebP; shown in the site's header."),
    )
    hosts = forms.CharField(
        label=_("Host names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One host name per line, e.g. sx.example.org"),
    )


class NewLibraryForm(LibraryForm):
    """Adding a library: the profile plus its permanent code."""

    class Meta(LibraryForm.Meta):
        fields = ["code", *PROFILE_FORM_FIELDS]


class TargetsForm(StyledForm, forms.Form):
    """A province's own digital-resource targets, in TB, per level."""

    provincial = forms.DecimalField(label=_("Provincial library (TB)"), min_value=0, required=False)
    city = forms.DecimalField(label=_("Each city library (TB)"), min_value=0, required=False)
    county = forms.DecimalField(label=_("Each county library (TB)"), min_value=0, required=False)


class ApiKeyForm(StyledForm, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the key is for, e.g. our website")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )
