"""An identifier's typed values as they arrive (console, API, batch) and as they are stored."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from shuyun.identifiers import naming
from shuyun.identifiers.models import Identifier, IdentifierStatus, Location, ResourceType

SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
MAX_LOCATIONS = 20
RESOURCE_TYPES = frozenset(ResourceType.values)
_url_validator = URLValidator(schemes=["http", "https"])
# Everything up to the first / ? or # after "://" (the netloc, as urlsplit cuts it), then the rest.
_ORIGIN = re.compile(r"(?P<origin>[^:/?#]*://[^/?#]*)(?P<rest>.*)\Z", re.DOTALL)
_WHITESPACE = re.compile(r"\s")


@dataclass
class LocationInput:
    url: str
    library: str = ""  # code of the holding library; empty means the registering library
    priority: int = 0


@dataclass
class IdentifierInput:
    """What a library sends to register an identifier; an empty suffix asks for a minted one."""

    locations: list[LocationInput]
    suffix: str = ""
    title: str = ""
    resource_type: str = ResourceType.OTHER
    sha256: str = ""
    work_id: int | None = None


@dataclass
class CleanLocation:
    url: str
    library_id: int
    priority: int


@dataclass
class CleanInput:
    suffix: str  # canonical; empty when one is to be minted
    title: str
    resource_type: str
    sha256: str
    work_id: int | None
    locations: list[CleanLocation] = field(default_factory=list)
    needs_confirmation: bool = False  # set when another identifier links the same work


class RowError(Exception):
    """Field name → what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


def clean_url(url: str) -> str:
    """An absolute http(s) URL, or a path on this platform such as /works/12/."""
    url = url.strip()
    if url.startswith("/") and not url.startswith("//") and " " not in url:
        return url
    if not _is_http_url(url):
        raise ValueError(f"{url!r} is not an http(s) URL or a path starting with /")
    return url


def _is_http_url(url: str) -> bool:
    """Django's URLValidator's verdict, computed once per origin rather than once per URL.

    The validator accepts `<origin><rest>` (origin = scheme://userinfo@host:port, cut where
    urlsplit cuts the netloc) exactly when it accepts the origin and the rest has no whitespace
    — unless an '@' in the rest makes part of it user info, which the validator decides itself.
    A batch has few origins and many URLs; tests compare both on tricky URLs.
    """
    parts = _ORIGIN.match(url)
    if parts is None or "@" in parts["rest"]:
        return _django_accepts(url)
    return (
        len(url) <= _url_validator.max_length
        and not _WHITESPACE.search(parts["rest"])
        and _origin_accepted(parts["origin"])
    )


def _django_accepts(url: str) -> bool:
    try:
        _url_validator(url)
    except ValidationError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _origin_accepted(origin: str) -> bool:
    return _django_accepts(origin)


def clean_input(
    data: IdentifierInput, prefix: str, library_ids: dict[str, int], own_library_id: int
) -> CleanInput:
    """Check every field of `data`; RowError lists each bad field with its reason."""
    errors: dict[str, str] = {}
    suffix = ""
    if data.suffix.strip():
        try:
            suffix = naming.clean_chosen_suffix(prefix, data.suffix)
        except naming.InvalidName as exc:
            errors["suffix"] = str(exc)
    if data.resource_type not in RESOURCE_TYPES:
        errors["resource_type"] = (
            f"{data.resource_type!r} is not one of {', '.join(ResourceType.values)}"
        )
    sha256 = data.sha256.strip().lower()
    if sha256 and not SHA256_PATTERN.match(sha256):
        errors["sha256"] = "a SHA-256 is 64 hexadecimal digits"
    if len(data.title) > 300:
        errors["title"] = "at most 300 characters"
    locations = _clean_locations(data.locations, library_ids, own_library_id, errors)
    if errors:
        raise RowError(errors)
    return CleanInput(
        suffix=suffix,
        title=data.title.strip(),
        resource_type=data.resource_type,
        sha256=sha256,
        work_id=data.work_id,
        locations=locations,
    )


def _clean_locations(
    locations: list[LocationInput],
    library_ids: dict[str, int],
    own_library_id: int,
    errors: dict[str, str],
) -> list[CleanLocation]:
    if not locations:
        errors["locations"] = "at least one location (URL) is needed"
    if len(locations) > MAX_LOCATIONS:
        errors["locations"] = f"at most {MAX_LOCATIONS} locations"
    cleaned = []
    for number, location in enumerate(locations, start=1):
        try:
            url = clean_url(location.url)
        except ValueError as exc:
            errors[f"locations[{number}].url"] = str(exc)
            continue
        code = location.library.strip().upper()
        if code and code not in library_ids:
            errors[f"locations[{number}].library"] = f"no library with code {code}"
            continue
        library_id = library_ids[code] if code else own_library_id
        cleaned.append(CleanLocation(url, library_id, location.priority))
    return cleaned


def targets_for(locations: Sequence[Location | CleanLocation]) -> list[dict[str, Any]]:
    """The resolution order kept on the identifier row: by priority, then as given."""
    ordered = sorted(enumerate(locations), key=lambda pair: (pair[1].priority, pair[0]))
    return [
        {"url": loc.url, "library": loc.library_id, "broken": getattr(loc, "broken", False)}
        for _, loc in ordered
    ]


def snapshot(
    identifier: Identifier, locations: Sequence[Location | CleanLocation]
) -> dict[str, Any]:
    """The values a version records."""
    return {
        "handle": identifier.handle,
        "title": identifier.title,
        "resource_type": identifier.resource_type,
        "sha256": identifier.sha256,
        "work_id": identifier.work_id,
        "status": identifier.status,
        "withdrawn_reason": identifier.withdrawn_reason,
        "locations": _location_values(locations),
    }


def first_snapshot(handle: str, row: CleanInput) -> dict[str, Any]:
    """The values the registration version records (as `snapshot` would once it is stored)."""
    return {
        "handle": handle,
        "title": row.title,
        "resource_type": row.resource_type,
        "sha256": row.sha256,
        "work_id": row.work_id,
        "status": IdentifierStatus.ACTIVE.value,
        "withdrawn_reason": "",
        "locations": _location_values(row.locations),
    }


def _location_values(locations: Sequence[Location | CleanLocation]) -> list[dict[str, Any]]:
    return [
        {"url": loc.url, "library": loc.library_id, "priority": loc.priority} for loc in locations
    ]
