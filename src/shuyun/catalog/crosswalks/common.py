"""Small helpers the crosswalks share: ISBD punctuation, years, datestamps."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_TRAILING_ISBD = re.compile(r"[\s/:;,.=]+$")
_PUNCTUATION = frozenset(" /:;,.=\t\n")
_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")


def clean(value: str) -> str:
    """A subfield without the ISBD punctuation that separates it from the next one."""
    if value and value[-1] not in _PUNCTUATION and value[0] not in "[ ":
        return value  # the common case, kept off the regular expression
    cleaned = _TRAILING_ISBD.sub("", value.strip())
    return cleaned.strip("[] ") if cleaned.startswith("[") and cleaned.endswith("]") else cleaned


def year_in(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def marc_datestamp(value: str) -> datetime | None:
    """Field 005 (yyyymmddhhmmss.f), read as UTC; None when it is not a valid time."""
    digits = value.strip()[:14]
    # Read by hand: strptime took a tenth of the MARC 21 mapping.
    if len(digits) != 14 or not digits.isascii() or not digits.isdigit():
        return None
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    hour, minute, second = int(digits[8:10]), int(digits[10:12]), int(digits[12:14])
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def joined(parts: list[str], separator: str = " -- ") -> str:
    return separator.join(cleaned for part in parts if (cleaned := clean(part)))
