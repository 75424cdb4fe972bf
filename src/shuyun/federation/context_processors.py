from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def branch_site(request: HttpRequest) -> dict[str, Any]:
    """The requested host's site (library, title, colours) for every template."""
    return {"site": getattr(request, "library_site", None)}
