"""Console pages of a library's data: harvest sources, jobs, quarantine and quality counts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shuyun.catalog import access as catalog_access
from shuyun.console.access import staff_required
from shuyun.harvest import access, services
from shuyun.harvest.forms import SourceForm

QUARANTINE_PAGE = 100


@staff_required
def library_data(request: HttpRequest, code: str) -> HttpResponse:
    library = access.get_library_for(request.user, code)
    can_manage = access.can_manage_sources(request.user, library)
    form = SourceForm(request.POST or None) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.create_source(request.user, library, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Harvest source added."))
            return redirect("harvest:library", code=library.code)
    quarantine = access.quarantine_for(request.user, library)
    context = {
        "library": library,
        "sources": access.sources_for(request.user, library),
        "jobs": access.jobs_for(request.user, library)[:10],
        "quarantine": quarantine[:QUARANTINE_PAGE],
        "quarantine_count": quarantine.count(),
        "quality": catalog_access.quality_of(request.user, library),
        "form": form,
    }
    return render(request, "harvest/library.html", context)


@staff_required
def reprocess(request: HttpRequest, code: str) -> HttpResponse:
    library = access.get_library_for(request.user, code)
    if request.method == "POST":
        ids = [int(pk) for pk in request.POST.getlist("entry") if pk.isdigit()]
        job = services.reprocess_quarantined(request.user, library, ids)  # type: ignore[arg-type]
        messages.info(
            request,
            _("Re-processed: %(added)s added, %(updated)s updated, %(left)s still quarantined.")
            % {"added": job.added, "updated": job.updated, "left": job.quarantined},
        )
    return redirect("harvest:library", code=library.code)
