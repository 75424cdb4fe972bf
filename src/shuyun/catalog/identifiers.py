"""ISBN and ISSN: validated, ISBN-10 turned into ISBN-13, hyphens and qualifiers removed."""

from __future__ import annotations

import re

_ISBN_CANDIDATE = re.compile(r"(97[89][\d\- ]{10,14}|[\d][\d\- ]{8,11}[\dXx])")
_ISSN_CANDIDATE = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b")


def _isbn13_check(digits12: str) -> str:
    total = sum(map(int, digits12[0::2])) + 3 * sum(map(int, digits12[1::2]))
    return str((10 - total % 10) % 10)


def _isbn10_valid(isbn: str) -> bool:
    total = sum((10 if c in "Xx" else int(c)) * (10 - i) for i, c in enumerate(isbn))
    return total % 11 == 0


def normalise_isbn(text: str) -> str | None:
    """The ISBN-13 (digits only) in `text` ("7-5037-1744-0 (pbk.)"), or None if none is valid."""
    match = _ISBN_CANDIDATE.search(text)
    if match is None:
        return None
    compact = re.sub(r"[\- ]", "", match.group(1))
    if len(compact) == 13 and compact.isdigit():
        return compact if _isbn13_check(compact[:12]) == compact[12] else None
    if len(compact) == 10 and compact[:9].isdigit() and _isbn10_valid(compact):
        body = "978" + compact[:9]
        return body + _isbn13_check(body)
    return None


def normalise_issn(text: str) -> str | None:
    """The ISSN in `text` as NNNN-NNNC, or None when the check digit is wrong."""
    match = _ISSN_CANDIDATE.search(text)
    if match is None:
        return None
    digits = (match.group(1) + match.group(2)).upper()
    total = sum(int(d) * (8 - i) for i, d in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    return f"{digits[:4]}-{digits[4:]}" if digits[7] == expected else None
