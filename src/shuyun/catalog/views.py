"""Console pages of the warehouse: quality per library, and a work's cluster with split/merge."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shuyun.catalog import access, services
from shuyun.catalog.clustering import explain_reason
from shuyun.catalog.models import Work
from shuyun.console.access import staff_required


@staff_required
def quality(request: HttpRequest) -> HttpResponse:
    rows = access.quality_by_library(request.user)
    return render(request, "catalog/quality.html", {"rows": rows})


@staff_required
def work_detail(request: HttpRequest, work_id: int) -> HttpResponse:
    work = access.get_work(work_id)
    records = list(access.work_records(work))
    for record in records:
        record.explanation = explain_reason(record.cluster_reason)  # type: ignore[attr-defined]
    context = {
        "work": work,
        "records": records,
        "decisions": work.decisions.select_related("actor")[:20],
        "can_manage": access.can_manage_clusters(request.user),
    }
    return render(request, "catalog/work.html", context)


@staff_required
def work_split(request: HttpRequest, work_id: int) -> HttpResponse:
    work = access.get_work(work_id)
    if request.method != "POST":
        return redirect("catalog:work", work_id=work.pk)
    ids = [int(pk) for pk in request.POST.getlist("record") if pk.isdigit()]
    try:
        new_work = services.split_work(request.user, work, ids, note=request.POST.get("note", ""))  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("catalog:work", work_id=work.pk)
    messages.success(request, _("Split off into a new work."))
    return redirect("catalog:work", work_id=new_work.pk)


@staff_required
def work_merge(request: HttpRequest, work_id: int) -> HttpResponse:
    work = access.get_work(work_id)
    other_id = request.POST.get("other", "")
    if request.method != "POST" or not other_id.isdigit():
        messages.error(request, _("Give the number of the work to merge into this one."))
        return redirect("catalog:work", work_id=work.pk)
    other: Work = access.get_work(int(other_id))
    try:
        services.merge_works(request.user, work, other, note=request.POST.get("note", ""))  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Works merged."))
    return redirect("catalog:work", work_id=work.pk)
