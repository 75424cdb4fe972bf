"""Match keys for work clustering: normalised ISBNs, else a fingerprint of the folded description.

Folding makes traditional and simplified Chinese equal (OpenCC t2s), width and case equal (NFKC,
casefold) and drops punctuation and spaces, so 「論語」 and 论语 and " 论语. " fold alike.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache

import opencc

from shuyun.catalog.records import RecordData

_converter = opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Text reduced to what identifies it: simplified, NFKC, case-folded, letters and digits."""
    simplified = _converter.convert(unicodedata.normalize("NFKC", text)).casefold()
    return "".join(ch for ch in simplified if ch.isalnum())


def fingerprint_parts(record: RecordData) -> tuple[str, str, str, str]:
    creator = record.creators[0].name if record.creators else ""
    year = str(record.year) if record.year else ""
    return fold(record.title), fold(creator), year, fold(record.publisher)


def fingerprint(record: RecordData) -> str:
    joined = "\x1f".join(fingerprint_parts(record))
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()[:32]


def isbn_key(isbn: str) -> str:
    return f"isbn:{isbn}"


def fingerprint_key(record: RecordData) -> str:
    return f"fp:{fingerprint(record)}"
