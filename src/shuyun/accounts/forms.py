"""Forms of the readers' pages: one sign-in form per method, and the profile's binding forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shuyun.accounts import backends, idnumber
from shuyun.accounts.methods import Method, normalise_phone
from shuyun.console.forms import StyledForm
from shuyun.federation import access as federation_access
from shuyun.federation.models import Library

CONSENT_LABEL = _("I agree to the terms of service and the privacy policy")


def card_libraries(site_library: Library | None) -> Any:
    """Libraries a reader may pick a card from: the branch site's own subtree, or all."""
    libraries = federation_access.public_libraries()
    if site_library is not None and site_library.parent_id is not None:
        libraries = libraries.filter(path__startswith=site_library.path)
    return libraries.order_by("path")


class PhoneField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Mobile phone"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def clean(self, value: Any) -> str:
        return normalise_phone(super().clean(value))


class CodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("Code"), min_length=6, max_length=6, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})


class CardField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, site_library: Library | None, **kwargs: Any) -> None:
        super().__init__(
            queryset=card_libraries(site_library),
            label=_("Library that issued the card"),
            initial=site_library.pk if site_library else None,
            **kwargs,
        )
        # Added after StyledForm has styled the declared fields.
        self.widget.attrs["class"] = "form-select"


class SignInForm(StyledForm, forms.Form):
    method: Method
    failure = _("The details do not match an account.")

    def __init__(self, *args: Any, site_library: Library | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_library = site_library

    def credentials(self) -> dict[str, Any]:
        raise NotImplementedError


class PhoneSignInForm(SignInForm):
    method = Method.PHONE
    failure = _("The code is wrong or has expired; ask for a new one.")
    phone = PhoneField()
    code = CodeField()
    consent = forms.BooleanField(label=CONSENT_LABEL)

    def credentials(self) -> dict[str, Any]:
        data = self.cleaned_data
        return backends.phone_credentials(data["phone"], data["code"], self.site_library, True)


class CardSignInForm(SignInForm):
    method = Method.CARD
    failure = _("The library did not accept this card number and password.")
    number = forms.CharField(label=_("Card number"), max_length=40)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128)
    consent = forms.BooleanField(label=CONSENT_LABEL)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"library": CardField(self.site_library), **self.fields}

    def credentials(self) -> dict[str, Any]:
        data = self.cleaned_data
        return backends.card_credentials(
            data["library"], data["number"].strip(), data["password"], True
        )


class NationalIdField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("ID number"), max_length=24, **kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean(self, value: Any) -> str:
        return idnumber.parse(super().clean(value)).number


class NationalIdSignInForm(SignInForm):
    method = Method.NATIONAL_ID
    failure = _("The ID number and password do not match an account.")
    id_number = NationalIdField()
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128)

    def credentials(self) -> dict[str, Any]:
        data = self.cleaned_data
        return backends.national_id_credentials(data["id_number"], data["password"])


SIGN_IN_FORMS: dict[Method, type[SignInForm]] = {
    Method.PHONE: PhoneSignInForm,
    Method.CARD: CardSignInForm,
    Method.NATIONAL_ID: NationalIdSignInForm,
}


class PhoneCodeRequestForm(forms.Form):
    phone = PhoneField()


class BindCardForm(StyledForm, forms.Form):
    number = forms.CharField(label=_("Card number"), max_length=40)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128)

    def __init__(self, *args: Any, site_library: Library | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"library": CardField(site_library), **self.fields}


class BindPhoneForm(StyledForm, forms.Form):
    phone = PhoneField()
    code = CodeField()


class NationalIdForm(StyledForm, forms.Form):
    id_number = NationalIdField()
    password = forms.CharField(
        label=_("Password for signing in by ID number"), widget=forms.PasswordInput, max_length=128
    )


class PasswordResetForm(StyledForm, forms.Form):
    phone = PhoneField()
    code = CodeField()
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, max_length=128)


class ReaderSearchForm(StyledForm, forms.Form):
    q = forms.CharField(label=_("Card number, phone or ID number"), max_length=40, required=False)


def clean_or_none(field: forms.Field, value: str) -> str | None:
    try:
        return str(field.clean(value))
    except ValidationError:
        return None
