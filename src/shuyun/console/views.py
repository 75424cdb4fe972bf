from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuyun.console.access import staff_required
from shuyun.federation import access as federation_access
from shuyun.federation.models import Level


class SignInView(auth_views.LoginView):
    template_name = "console/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = "console:login"


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    scope = federation_access.staff_scope(request.user)
    by_level = dict(scope.values_list("level").annotate(n=Count("pk")).values_list("level", "n"))
    volume = scope.aggregate(total=Sum("resource_volume_tb"))["total"] or 0
    levels = [(label, by_level.get(value, 0)) for value, label in Level.choices]
    return render(
        request,
        "console/home.html",
        {"levels": levels, "library_count": sum(by_level.values()), "volume_tb": volume},
    )
