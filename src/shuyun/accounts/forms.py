"""Forms of the readers' pages: one sign-in form per method, and the profile's binding forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuyun.accounts import backends, idnumber
from shuyun.accounts.methods import REGISTRY, Method, normalise_phone
from shuyun.accounts.models import SignInPolicy
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


def method_choices() -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = []
    for spec in REGISTRY.values():
        label = spec.label
        if not spec.available:
            label = _("%(method)s (not set up on this server)") % {"method": spec.label}
        choices.append((spec.method.value, label))
    return choices


class SignInPolicyForm(StyledForm, forms.ModelForm):  # type: ignore[type-arg]
    """A library's sign-in policy; validated with the model, saved by the service."""

    methods = forms.MultipleChoiceField(
        label=_("Sign-in methods offered"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: the branch site offers every method."),
    )
    sip2_login_password = forms.CharField(
        label=_("SIP2 login password (CO)"),
        widget=forms.PasswordInput,
        required=False,
        max_length=128,
        help_text=_("Leave empty to keep the stored password."),
    )

    class Meta:
        model = SignInPolicy
        fields = [
            "methods",
            "sip2_login_user",
            "sip2_location_code",
            "sip2_encoding",
            "sip2_timeout_seconds",
            "sip2_patron_message",
            "sip2_ca_certificates",
        ]
        widgets = {"sip2_ca_certificates": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["methods"].choices = method_choices()  # type: ignore[attr-defined]
        self.fields["methods"].widget.attrs["class"] = "form-check-input"

    def changes(self) -> dict[str, Any]:
        """The values to hand to the service: changed fields, and a new password if typed."""
        password = self.cleaned_data["sip2_login_password"]
        changed = {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name != "sip2_login_password"
        }
        if password:
            changed["sip2_login_password"] = password
        return changed


class ClientKind(models.TextChoices):
    SSO = "sso", _("Single sign-on for readers (authorization code with PKCE)")
    LOOKUP = "lookup", _("Reader look-ups by card number (client credentials)")


class MemberClientForm(StyledForm, forms.Form):
    name = forms.CharField(label=_("System name"), max_length=255)
    kind = forms.ChoiceField(label=_("Use"), choices=ClientKind.choices, initial=ClientKind.SSO)
    redirect_uris = forms.CharField(
        label=_("Redirect URIs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line; where the platform sends readers back after signing in."),
    )

    def clean_redirect_uris(self) -> str:
        return " ".join(self.cleaned_data["redirect_uris"].split())
