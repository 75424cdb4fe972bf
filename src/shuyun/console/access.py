"""Who may enter the console: network staff only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from shuyun.federation.access import is_console_user

View = TypeVar("View", bound=Callable[..., HttpResponse])


def staff_required(view: View) -> View:
    """Anonymous visitors are sent to sign in; signed-in readers are refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_console_user(request.user):
            raise PermissionDenied("The console is for library staff and operators.")
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
