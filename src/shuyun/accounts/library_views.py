"""Console pages about one library's readers' sign-in: its sign-in policy, and its systems
registered as OpenID Connect clients (secret shown once, rotated, disabled) — for the library's
administrator and the operators above it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from oauth2_provider.models import Application

from shuyun.accounts import access, services
from shuyun.accounts.forms import ClientKind, MemberClientForm, SignInPolicyForm
from shuyun.accounts.models import User
from shuyun.console.access import staff_required
from shuyun.federation.models import Library

GRANTS = {
    ClientKind.SSO: Application.GRANT_AUTHORIZATION_CODE,
    ClientKind.LOOKUP: Application.GRANT_CLIENT_CREDENTIALS,
}


def _errors_onto(form: SignInPolicyForm | MemberClientForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@staff_required
def sign_in_policy(request: HttpRequest, code: str) -> HttpResponse:
    library = access.get_library_for_sign_in(request.user, code)
    policy = access.sign_in_policy_for(request.user, library)
    form = SignInPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        actor: User = request.user  # type: ignore[assignment]
        try:
            services.set_sign_in_policy(actor, library, **form.changes())
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("library_accounts:sign_in_policy", code=library.code)
    context = {
        "library": library,
        "form": form,
        "has_password": bool(policy.sip2_login_password_sealed),
    }
    return render(request, "accounts/console/sign_in_policy.html", context)


@staff_required
def member_clients(request: HttpRequest, code: str) -> HttpResponse:
    """Register a system (its secret is shown once), rotate a secret, disable or enable."""
    library = access.get_library_for_sign_in(request.user, code)
    actor: User = request.user  # type: ignore[assignment]
    form = MemberClientForm(request.POST if "register" in request.POST else None)
    issued: tuple[str, str] | None = None
    if "register" in request.POST and form.is_valid():
        issued = _register(actor, library, form)
        if issued:
            form = MemberClientForm()
    elif request.method == "POST":
        issued = _act_on_client(request, actor, library)
    context = {
        "library": library,
        "clients": access.member_clients_for(actor, library),
        "form": form,
        "issued": issued,
    }
    return render(request, "accounts/console/member_clients.html", context)


def _register(actor: User, library: Library, form: MemberClientForm) -> tuple[str, str] | None:
    data = form.cleaned_data
    try:
        application, secret = services.register_member_client(
            actor,
            library,
            data["name"],
            redirect_uris=data["redirect_uris"],
            grant=GRANTS[ClientKind(data["kind"])],
        )
    except ValidationError as exc:
        _errors_onto(form, exc)
        return None
    return application.client_id, secret


def _act_on_client(request: HttpRequest, actor: User, library: Library) -> tuple[str, str] | None:
    client = access.get_member_client_for(actor, library, request.POST.get("client"))
    action = request.POST.get("action")
    if action == "rotate":
        secret = services.rotate_member_client_secret(actor, client)
        return client.application.client_id, secret
    if action in ("disable", "enable"):
        services.set_member_client_enabled(actor, client, enabled=action == "enable")
        messages.success(request, _("Saved."))
    return None
