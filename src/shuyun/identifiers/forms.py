from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shuyun.console.forms import StyledForm
from shuyun.identifiers import values
from shuyun.identifiers.models import Location, ResourceType


class RegisterForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    resource_type = forms.ChoiceField(label=_("Resource type"), choices=ResourceType.choices)
    urls = forms.CharField(
        label=_("Locations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One URL per line, the preferred first."),
    )
    holding_library = forms.CharField(
        label=_("Holding library"),
        max_length=40,
        required=False,
        help_text=_("Code of the library holding these copies; empty for your own."),
    )
    sha256 = forms.CharField(label=_("SHA-256 of the object"), max_length=64, required=False)
    work_id = forms.IntegerField(label=_("Warehouse work"), min_value=1, required=False)
    suffix = forms.CharField(
        label=_("Suffix"),
        max_length=128,
        required=False,
        help_text=_("Leave empty to get a short minted suffix with a check character."),
    )

    def to_input(self) -> values.IdentifierInput:
        data = self.cleaned_data
        return values.IdentifierInput(
            suffix=data["suffix"],
            title=data["title"],
            resource_type=data["resource_type"],
            sha256=data["sha256"],
            work_id=data["work_id"],
            locations=[
                values.LocationInput(url, data["holding_library"], priority)
                for priority, url in enumerate(data["urls"].split())
            ],
        )


class BatchForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=_("CSV or JSON file"),
        help_text=_(
            "Up to 100,000 rows; columns suffix, title, resource_type, sha256, work_id, "
            "url, library."
        ),
    )
    all_or_nothing = forms.BooleanField(label=_("Store nothing if any row is bad"), required=False)


class WithdrawForm(StyledForm, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RootPrefixForm(StyledForm, forms.Form):
    name = forms.CharField(
        label=_("Root prefix of the network"),
        max_length=64,
        help_text=_("As assigned to the network, e.g. 20.500.12345; it can never change."),
    )


class DelegateForm(StyledForm, forms.Form):
    library = forms.CharField(label=_("Library code"), max_length=40)
    segment = forms.CharField(
        label=_("Segment"),
        max_length=20,
        help_text=_("Added to the prefix held above the library, e.g. sx → 20.500.12345.zj.sx"),
    )


class LocationsForm(StyledForm, forms.Form):
    locations = forms.CharField(
        label=_("Locations"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=_(
            "One per line, the preferred first: the URL, then optionally a space and the code "
            "of the library holding that copy (your own library if none)."
        ),
    )

    @staticmethod
    def initial_text(locations: list[Location]) -> str:
        return "\n".join(
            f"{loc.url} {loc.library.code}" if loc.library else loc.url for loc in locations
        )

    def to_locations(self) -> list[values.LocationInput]:
        lines = [line.split() for line in self.cleaned_data["locations"].splitlines()]
        return [
            values.LocationInput(words[0], " ".join(words[1:]), priority)
            for priority, words in enumerate(words for words in lines if words)
        ]
