"""Console pages about readers: search by card, phone or masked ID number, a reader's record,
and counts per library and real-name level — always within the staff member's scope."""

from __future__ import annotations

from contextlib import suppress

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuyun.accounts import access, idnumber, protect, services
from shuyun.accounts.forms import ReaderSearchForm
from shuyun.accounts.methods import normalise_phone
from shuyun.accounts.models import RealNameLevel, User
from shuyun.console.access import staff_required

PAGE_SIZE = 50


def _matching(readers: QuerySet[User], query: str) -> QuerySet[User]:
    """Exact look-ups only: a card number, a phone or a full ID number (matched by digest)."""
    match = Q(cards__number=query)
    with suppress(ValidationError):
        match |= Q(phone_digest=protect.digest("phone", normalise_phone(query)))
    with suppress(ValidationError):
        number = idnumber.parse(query).number
        match |= Q(national_id_digest=protect.digest("national_id", number))
    return readers.filter(match).distinct()


@staff_required
def reader_list(request: HttpRequest) -> HttpResponse:
    readers = access.readers_for(request.user)
    # Posted, not in the URL: ID and phone numbers must not land in access logs or history.
    form = ReaderSearchForm(request.POST or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    found = _matching(readers, query) if query else readers
    found = found.select_related("library").order_by("-date_joined")[:PAGE_SIZE]
    counts = (
        readers.values("library__code", "library__name_zh")
        .annotate(
            total=Count("pk"),
            **{
                f"level_{level}": Count("pk", filter=Q(real_name_level=level))
                for level in RealNameLevel.values
            },
        )
        .order_by("library__code")
    )
    rows = [
        {"reader": reader, "phone": protect.mask_phone(protect.unseal(reader.phone_sealed))}
        for reader in found
    ]
    return render(
        request,
        "accounts/console/readers.html",
        {
            "form": form,
            "query": query,
            "rows": rows,
            "counts": counts,
            "levels": RealNameLevel.choices,
        },
    )


@staff_required
def reader_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    reader = access.get_reader_for(request.user, public_id)
    context = {
        "reader": reader,
        "phone": protect.mask_phone(protect.unseal(reader.phone_sealed)),
        "national_id": protect.mask_national_id(protect.unseal(reader.national_id_sealed)),
        "cards": reader.cards.select_related("library"),
        "third_party_accounts": access.third_party_accounts(reader),
        "may_manage": access.can_manage_reader(request.user, reader, access.ACCOUNT_MANAGERS),
    }
    return render(request, "accounts/console/reader_detail.html", context)


@require_POST
@staff_required
def reader_action(request: HttpRequest, public_id: str) -> HttpResponse:
    reader = access.get_reader_for(request.user, public_id)
    action = request.POST.get("action")
    actor: User = request.user  # type: ignore[assignment]
    try:
        if action in ("disable", "enable"):
            services.set_account_active(actor, reader, active=action == "enable")
        elif action == "verify-id":
            services.verify_real_name_by_id(actor, reader)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("readers:detail", public_id=public_id)
