"""Console pages: identifiers, registration, batches, locations, prefixes, the report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyun.console.access import staff_required
from shuyun.federation import access as federation_access
from shuyun.identifiers import access, batches, delegation, reports, services
from shuyun.identifiers.forms import (
    BatchForm,
    DelegateForm,
    LocationsForm,
    RegisterForm,
    RootPrefixForm,
    WithdrawForm,
)
from shuyun.identifiers.models import Prefix


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            if name in form.fields:
                form.add_error(name, errors)
            else:  # e.g. "locations[2].url": say which one
                form.add_error(None, [f"{name}: {error}" for error in errors])
    else:
        form.add_error(None, exc.messages)


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    registrant = access.registrant_for_user(request.user)
    identifiers = access.identifiers_of(registrant)
    if query := request.GET.get("q", "").strip():
        identifiers = identifiers.filter(handle__icontains=query) | identifiers.filter(
            title__icontains=query
        )
    page = Paginator(identifiers.order_by("-created_at", "-pk"), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "prefix": Prefix.objects.filter(library=registrant.library).first(),
        "page": page,
        "query": query,
        "flagged": access.identifiers_of(registrant).filter(needs_confirmation=True)[:50],
        "broken": access.broken_locations_of(registrant)[:100],
    }
    return render(request, "identifiers/console/home.html", context)


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            done = services.register_identifier(
                access.registrant_for_user(request.user), form.to_input()
            )
        except services.DuplicateContent as exc:
            existing = exc.existing
            form.add_error("sha256", str(exc))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if done.same_work:
                messages.warning(
                    request,
                    _(
                        "Registered, but other objects of the same work "
                        "exist: please confirm it is not a duplicate."
                    ),
                )
            else:
                messages.success(request, _("Registered."))
            return redirect("identifiers:detail", handle=done.identifier.handle)
    return render(
        request, "identifiers/console/register.html", {"form": form, "existing": existing}
    )


@staff_required
def batch(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = batches.read_batch(upload.read(), upload.name)
            report = batches.register_batch(
                access.registrant_for_user(request.user),
                rows,
                all_or_nothing=form.cleaned_data["all_or_nothing"],
            )
        except (batches.BatchFileError, ValidationError) as exc:
            form.add_error(
                "file",
                str(exc) if isinstance(exc, batches.BatchFileError) else " ".join(exc.messages),
            )
    return render(request, "identifiers/console/batch.html", {"form": form, "report": report})


@staff_required
def detail(request: HttpRequest, handle: str) -> HttpResponse:
    registrant = access.registrant_for_user(request.user)
    identifier = access.get_identifier_for_change(registrant, handle)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST":
        try:
            if "confirm" in request.POST:
                services.confirm_identifier(registrant, identifier.handle)
            elif form.is_valid():
                services.withdraw_identifier(
                    registrant, identifier.handle, form.cleaned_data["reason"]
                )
            else:
                raise ValidationError(_("Say why the identifier is withdrawn."))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("identifiers:detail", handle=identifier.handle)
    context = {
        "identifier": identifier,
        "locations": identifier.locations.select_related("library"),
        "versions": identifier.versions.select_related("actor").order_by("-number"),
        "form": form,
    }
    return render(request, "identifiers/console/detail.html", context)


@staff_required
def edit_locations(request: HttpRequest, handle: str) -> HttpResponse:
    registrant = access.registrant_for_user(request.user)
    identifier = access.get_identifier_for_change(registrant, handle)
    current = list(identifier.locations.select_related("library"))
    form = LocationsForm(
        request.POST or None, initial={"locations": LocationsForm.initial_text(current)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.replace_locations(registrant, identifier.handle, form.to_locations())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Locations saved."))
            return redirect("identifiers:detail", handle=identifier.handle)
    context = {"identifier": identifier, "form": form}
    return render(request, "identifiers/console/locations.html", context)


@staff_required
def prefixes(request: HttpRequest) -> HttpResponse:
    root_form = RootPrefixForm(request.POST if "root" in request.POST else None)
    delegate_form = DelegateForm(request.POST if "delegate" in request.POST else None)
    user: Any = request.user
    try:
        if root_form.is_bound and root_form.is_valid():
            delegation.configure_root_prefix(user, root_form.cleaned_data["name"], user.library)
            return redirect("identifiers:prefixes")
        if delegate_form.is_bound and delegate_form.is_valid():
            _delegate(
                user, delegate_form.cleaned_data["library"], delegate_form.cleaned_data["segment"]
            )
            return redirect("identifiers:prefixes")
    except ValidationError as exc:
        _add_errors(root_form if root_form.is_bound else delegate_form, exc)
    context = {
        "prefixes": access.prefixes_in_scope(user),
        "root_form": root_form if access.can_configure_root(user) else None,
        "has_root": Prefix.objects.filter(is_root=True).exists(),
        "delegate_form": delegate_form if user.role in federation_access.OPERATOR_ROLES else None,
    }
    return render(request, "identifiers/console/prefixes.html", context)


def _delegate(user: Any, code: str, segment: str) -> Prefix:
    library = federation_access.get_library(code.strip().upper())
    held_above = (
        Prefix.objects.filter(library__code__in=library.ancestor_codes)
        .select_related("library")
        .order_by("-library__depth")
        .first()
    )
    if held_above is None:
        raise ValidationError(
            {"library": _("No library above %(code)s holds a prefix yet.") % {"code": library.code}}
        )
    return delegation.delegate_prefix(user, held_above, library, segment)


@staff_required
def report(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year, month = today.year, today.month
    if chosen := request.GET.get("month", ""):
        try:
            year, month = (int(part) for part in chosen.split("-", 1))
            reports.month_bounds(year, month)
        except ValueError:
            year, month = today.year, today.month
    rows = reports.monthly_prefix_report(request.user, year, month)
    library_id = getattr(request.user, "library_id", None)
    top = reports.top_identifiers(library_id, year, month) if library_id else []
    context = {"rows": rows, "top": top, "month": f"{year:04d}-{month:02d}"}
    return render(request, "identifiers/console/report.html", context)
