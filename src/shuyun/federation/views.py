"""Console pages for the network registry."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from shuyun.console.access import staff_required
from shuyun.federation import access, services, table
from shuyun.federation.forms import (
    ApiKeyForm,
    ImportForm,
    LibraryForm,
    NewLibraryForm,
    PrivateSettingsForm,
    SiteForm,
    TargetsForm,
)
from shuyun.federation.models import ApiScope, BranchSite, Level
from shuyun.federation.tree import TargetTable, build_tree

TREE_FIELDS = ("code", "name_zh", "name_en", "level", "parent", "path", "resource_volume_tb")


@staff_required
def network_tree(request: HttpRequest) -> HttpResponse:
    # The whole scope is counted (two queries), but only the top two levels are rendered; deeper
    # levels load when opened, which keeps the page small at the network's 3,000+ libraries.
    libraries = access.staff_scope(request.user).only(*TREE_FIELDS)
    return render(request, "federation/tree.html", {"roots": build_tree(libraries)})


@staff_required
def network_children(request: HttpRequest, code: str) -> HttpResponse:
    """The children of one node of the tree, loaded when it is opened (htmx)."""
    library = access.get_library_for_view(request.user, code)
    libraries = access.staff_scope(request.user).filter(path__startswith=library.path)
    (node,) = build_tree(libraries.only(*TREE_FIELDS))
    return render(request, "federation/_children.html", {"node": node})


@staff_required
def library_detail(request: HttpRequest, code: str) -> HttpResponse:
    library = access.get_library_for_view(request.user, code)
    site = BranchSite.objects.filter(library=library).prefetch_related("hosts").first()
    context = {
        "library": library,
        "private": getattr(library, "private", None),
        "site_settings": site,
        "target_tb": TargetTable.load().target_for(library),
        "children": library.children.order_by("path"),
        "can_edit": access.can_edit(request.user, library),
        "can_add": access.can_add_under(request.user, library),
        "can_set_targets": library.level == Level.PROVINCIAL
        and access.can_restructure(request.user, library),
    }
    return render(request, "federation/detail.html", context)


@staff_required
def library_edit(request: HttpRequest, code: str) -> HttpResponse:
    library = access.get_library_for_edit(request.user, code)
    can_restructure = access.can_restructure(request.user, library)
    form = LibraryForm(request.POST or None, instance=library, can_restructure=can_restructure)
    private_form = PrivateSettingsForm(
        request.POST or None, instance=library.private, prefix="private"
    )
    if request.method == "POST" and form.is_valid() and private_form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.update_library(request.user, library, **changed)  # type: ignore[arg-type]
            services.update_private_settings(
                request.user,  # type: ignore[arg-type]
                library,
                **{name: private_form.cleaned_data[name] for name in private_form.changed_data},
            )
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("federation:detail", code=library.code)
    return render(
        request,
        "federation/edit.html",
        {"library": library, "form": form, "private_form": private_form},
    )


@staff_required
def site_edit(request: HttpRequest, code: str) -> HttpResponse:
    library = access.get_library_for_edit(request.user, code)
    site = BranchSite.objects.filter(library=library).first()
    initial = {"primary_color": "#8c1c13", "accent_color": "#c9a227"}
    if site:
        initial = {
            "title": site.title,
            "tagline": site.tagline,
            "primary_color": site.primary_color,
            "accent_color": site.accent_color,
            "hosts": "\n".join(site.hosts.values_list("hostname", flat=True)),
        }
    form = SiteForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        look = services.SiteLook(
            **{**form.cleaned_data, "hosts": form.cleaned_data["hosts"].split()}
        )
        try:
            services.save_branch_site(request.user, library, look)  # type: ignore[arg-type]
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("federation:detail", code=library.code)
    return render(request, "federation/site_edit.html", {"library": library, "form": form})


@staff_required
def library_add(request: HttpRequest, code: str) -> HttpResponse:
    parent = access.get_library(code)
    if not access.can_add_under(request.user, parent):
        raise PermissionDenied(f"You may not add libraries under {code}.")
    form = NewLibraryForm(request.POST or None, initial={"parent": parent}, can_restructure=True)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            library = services.create_library(request.user, **fields)  # type: ignore[arg-type]
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("Library added."))
            return redirect("federation:detail", code=library.code)
    return render(request, "federation/add.html", {"parent": parent, "form": form})


@staff_required
def targets_edit(request: HttpRequest, code: str) -> HttpResponse:
    province = access.get_library(code)
    if province.level != Level.PROVINCIAL or not access.can_restructure(request.user, province):
        raise PermissionDenied(f"You may not set the targets of {code}.")
    current = dict(province.level_targets.values_list("level", "target_tb"))
    form = TargetsForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        for level, target in form.cleaned_data.items():
            if target is not None:
                services.set_provincial_target(request.user, province, level, target)  # type: ignore[arg-type]
        messages.success(request, _("Saved."))
        return redirect("federation:detail", code=province.code)
    return render(request, "federation/targets.html", {"library": province, "form": form})


@staff_required
def api_keys(request: HttpRequest, code: str) -> HttpResponse:
    """A library's API keys: issue one (shown once), revoke one."""
    library = access.get_library(code)
    keys = access.api_keys_for(request.user, library)
    form = ApiKeyForm(request.POST or None)
    issued = None
    if request.method == "POST" and "revoke" in request.POST:
        key = get_object_or_404(keys, pk=request.POST["revoke"])
        services.revoke_api_key(request.user, key)  # type: ignore[arg-type]
        messages.success(request, _("Key revoked."))
        return redirect("federation:keys", code=library.code)
    if request.method == "POST" and form.is_valid():
        scopes = [ApiScope(scope) for scope in form.cleaned_data["scopes"]]
        _key, issued = services.issue_api_key(
            request.user,  # type: ignore[arg-type]
            library,
            form.cleaned_data["name"],
            scopes,
        )
        form = ApiKeyForm()
    context = {"library": library, "keys": keys, "form": form, "issued": issued}
    return render(request, "federation/api_keys.html", context)


@staff_required
def library_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = table.read_rows(upload, upload.name)
        except table.TableError as exc:
            form.add_error("file", str(exc))
        else:
            report = services.import_libraries(request.user, rows)  # type: ignore[arg-type]
    return render(request, "federation/import.html", {"form": form, "report": report})


@staff_required
def library_export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="libraries.csv"'
    response.write("\ufeff")  # lets spreadsheet programs recognise UTF-8 Chinese text
    writer = csv.writer(response)
    libraries = access.staff_scope(request.user).select_related("parent").order_by("path")
    writer.writerows(table.library_rows(libraries))
    return response


def _attach_errors(form: SiteForm | LibraryForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
