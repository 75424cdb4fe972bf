"""Readers' pages: sign-in (phone first, the methods the branch site offers), registration,
profile with cards and bindings, password reset, export and deletion."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyun.accounts import access, methods, otp, protect, readers, services
from shuyun.accounts.forms import (
    SIGN_IN_FORMS,
    BindCardForm,
    BindPhoneForm,
    NationalIdForm,
    PasswordResetForm,
    PhoneCodeRequestForm,
    SignInForm,
)
from shuyun.accounts.methods import Method
from shuyun.accounts.models import User
from shuyun.accounts.sip2 import Sip2Error
from shuyun.federation.sites import current_site

PROFILE = "accounts:profile"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if safe and target else "/"


def _sign_in_forms(request: HttpRequest, bound: SignInForm | None) -> list[tuple[Any, SignInForm]]:
    library = current_site(request).library
    forms = []
    for spec in methods.offered_by(library):
        form_class = SIGN_IN_FORMS.get(spec.method)
        if form_class is None:
            continue
        form = bound if bound and bound.method == spec.method else form_class(site_library=library)
        forms.append((spec, form))
    return forms


def check_credentials(request: HttpRequest, form: SignInForm) -> User | None:
    """Authenticate the form's credentials (counted by django-axes); errors go on the form."""
    try:
        user = authenticate(request, **form.credentials())
    except Sip2Error as exc:
        form.add_error(
            None, _("Your library's system could not check the card: %(e)s") % {"e": exc}
        )
        return None
    if not isinstance(user, User):
        form.add_error(None, form.failure)
        return None
    return user


def sign_in(request: HttpRequest, registering: bool = False) -> HttpResponse:
    site = current_site(request)
    bound = None
    if request.method == "POST":
        method = request.POST.get("method", "")
        offered = {spec.method for spec in methods.offered_by(site.library)}
        if method in offered and method in {m.value for m in SIGN_IN_FORMS}:
            bound = SIGN_IN_FORMS[Method(method)](request.POST, site_library=site.library)
            user = check_credentials(request, bound) if bound.is_valid() else None
            if user is not None:
                login(request, user)
                return redirect(_next_url(request))
    context = {
        "forms": _sign_in_forms(request, bound),
        "active": bound.method if bound else Method.PHONE,
        "third_party": [s for s in methods.offered_by(site.library) if s.third_party],
        "next": _next_url(request),
        "registering": registering,
    }
    return render(request, "accounts/sign_in.html", context, status=400 if bound else 200)


def register(request: HttpRequest) -> HttpResponse:
    return sign_in(request, registering=True)


@require_POST
def send_phone_code(request: HttpRequest) -> HttpResponse:
    """Send a one-time code (throttled per phone and per address); answers JSON for the page."""
    form = PhoneCodeRequestForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"ok": False, "message": " ".join(str(e) for e in form.errors["phone"])}, status=400
        )
    try:
        otp.send_code(form.cleaned_data["phone"], request.META.get("REMOTE_ADDR", ""))
    except otp.Throttled as exc:
        return JsonResponse({"ok": False, "message": str(exc)}, status=429)
    return JsonResponse({"ok": True, "message": _("Code sent; it is valid for 5 minutes.")})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("/")


def password_reset(request: HttpRequest) -> HttpResponse:
    """A reader who proves their phone with a code sets a new password."""
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        user = User.objects.filter(phone_digest=protect.digest("phone", phone)).first()
        if user is None or not otp.check_code(phone, form.cleaned_data["code"]):
            form.add_error(None, _("The code is wrong or has expired."))
        else:
            try:
                readers.set_password(user, form.cleaned_data["password"])
            except ValidationError as exc:
                form.add_error("password", exc)
            else:
                messages.success(request, _("Your password has been changed; sign in with it."))
                return redirect("accounts:sign_in")
    return render(request, "accounts/password_reset.html", {"form": form})


def _profile_context(request: HttpRequest, **forms: Any) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    library = current_site(request).library
    return {
        "reader": user,
        "phone": protect.mask_phone(protect.unseal(user.phone_sealed)),
        "national_id": protect.mask_national_id(protect.unseal(user.national_id_sealed)),
        "cards": user.cards.select_related("library"),
        "third_party_accounts": access.third_party_accounts(user),
        "third_party": [s for s in methods.offered_by(library) if s.third_party],
        "card_form": forms.get("card_form") or BindCardForm(site_library=library),
        "phone_form": forms.get("phone_form") or BindPhoneForm(),
        "id_form": forms.get("id_form") or NationalIdForm(),
        "merge_forms": _sign_in_forms(request, forms.get("merge_form")),
    }


@login_required(login_url="accounts:sign_in")
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", _profile_context(request))


def _bind(request: HttpRequest, form: Any, name: str, action: Any) -> HttpResponse:
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except Sip2Error as exc:
            form.add_error(
                None, _("Your library's system could not check the card: %(e)s") % {"e": exc}
            )
        else:
            messages.success(request, _("Saved."))
            return redirect(PROFILE)
    return render(
        request, "accounts/profile.html", _profile_context(request, **{name: form}), status=400
    )


@require_POST
@login_required(login_url="accounts:sign_in")
def bind_card(request: HttpRequest) -> HttpResponse:
    form = BindCardForm(request.POST, site_library=current_site(request).library)
    return _bind(
        request,
        form,
        "card_form",
        lambda d: readers.bind_card(request.user, d["library"], d["number"], d["password"]),  # type: ignore[arg-type]
    )


@require_POST
@login_required(login_url="accounts:sign_in")
def bind_phone(request: HttpRequest) -> HttpResponse:
    form = BindPhoneForm(request.POST)
    return _bind(
        request,
        form,
        "phone_form",
        lambda d: readers.bind_phone(request.user, d["phone"], d["code"]),  # type: ignore[arg-type]
    )


@require_POST
@login_required(login_url="accounts:sign_in")
def set_national_id(request: HttpRequest) -> HttpResponse:
    form = NationalIdForm(request.POST)
    return _bind(
        request,
        form,
        "id_form",
        lambda d: readers.set_national_id(request.user, d["id_number"], d["password"]),  # type: ignore[arg-type]
    )


@require_POST
@login_required(login_url="accounts:sign_in")
def unbind_third_party(request: HttpRequest, account_id: int) -> HttpResponse:
    try:
        readers.unbind_third_party(request.user, account_id)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(PROFILE)


@require_POST
@login_required(login_url="accounts:sign_in")
def merge(request: HttpRequest) -> HttpResponse:
    """The reader proves a second account (as if signing in with it) and folds it into this one."""
    method = request.POST.get("method", "")
    if method not in {m.value for m in SIGN_IN_FORMS}:
        return redirect(PROFILE)
    form = SIGN_IN_FORMS[Method(method)](request.POST, site_library=current_site(request).library)
    other = check_credentials(request, form) if form.is_valid() else None
    if other is not None:
        try:
            services.merge_accounts(request.user, request.user, other, proven_by_reader=True)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The two accounts are now one."))
            return redirect(PROFILE)
    return render(
        request, "accounts/profile.html", _profile_context(request, merge_form=form), status=400
    )


@login_required(login_url="accounts:sign_in")
def export(request: HttpRequest) -> HttpResponse:
    data = readers.export_data(request.user)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="shuyun-my-data.json"'
    return response


@require_POST
@login_required(login_url="accounts:sign_in")
def delete_account(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "DELETE":
        messages.error(request, _("Type DELETE to confirm."))
        return redirect(PROFILE)
    user: User = request.user  # type: ignore[assignment]
    logout(request)
    readers.delete_own_account(user)
    messages.success(request, _("Your account and its data have been deleted."))
    return redirect("/")
