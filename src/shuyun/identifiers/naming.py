"""Identifier syntax: prefixes, suffixes, the check character and minting (docs/identifiers.md).

A handle is `prefix/suffix`. Both parts are normalised the same way before they are stored or
looked up: Unicode NFKC (so full-width `ＡＢ１２` typed with a Chinese input method becomes `AB12`),
then ASCII letters folded to lower case. Only ASCII case is folded, as in the Handle System.

- A prefix is dot-separated segments of ASCII letters, digits and '-' (`20.500.12345`,
  `20.500.12345.zj`); a library's sub-prefix is its parent's prefix plus one segment.
- A suffix is 1–128 characters of any script except spaces, control and format characters and
  `" # % < > ? \\ ^ ` { | }`; '/' may appear inside but not first, last or twice in a row.
- A minted suffix is seven characters of the NOID "betanumeric" alphabet (digits and consonants
  except 'l') followed by a NOID check character computed over the whole handle, which detects
  any single wrong character and any transposition of two adjacent ones. Chosen suffixes may not
  take that shape, so a minted suffix never collides with a chosen one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

ALPHABET = "0123456789bcdfghjkmnpqrstvwxz"  # NOID betanumerics: 29, a prime
_ORDINALS = {ch: ordinal for ordinal, ch in enumerate(ALPHABET)}
MINTED_BODY_LENGTH = 7
MINTED_LENGTH = MINTED_BODY_LENGTH + 1
MINT_SPACE = len(ALPHABET) ** MINTED_BODY_LENGTH  # 17,249,876,309 suffixes per prefix
# Counters are spread over the space by an affine bijection, so consecutive mints look unrelated.
MINT_MULTIPLIER = 7_919_370_211  # coprime with 29, hence a permutation of the space
MAX_PREFIX_LENGTH = 64
MAX_SUFFIX_LENGTH = 128

PREFIX_PATTERN = re.compile(r"^[0-9a-z]+(-[0-9a-z]+)*(\.[0-9a-z]+(-[0-9a-z]+)*)*$")
SEGMENT_PATTERN = re.compile(r"^[0-9a-z]+(-[0-9a-z]+)*$")
MINTED_PATTERN = re.compile(f"^[{ALPHABET}]{{{MINTED_LENGTH}}}$")
FORBIDDEN_ASCII = frozenset('"#%<>?\\^`{|}')
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


class InvalidName(ValueError):
    """A prefix or suffix breaks the syntax rules; the message says which rule."""


def normalise(text: str) -> str:
    """NFKC, then ASCII letters to lower case (other scripts keep their case)."""
    folded = unicodedata.normalize("NFKC", text.strip())
    return "".join(ch.lower() if ch.isascii() else ch for ch in folded)


def clean_prefix(text: str) -> str:
    prefix = normalise(text)
    if not prefix or len(prefix) > MAX_PREFIX_LENGTH or not PREFIX_PATTERN.match(prefix):
        raise InvalidName(
            f"prefix {text!r}: use dot-separated segments of ASCII letters, digits and '-', "
            f"at most {MAX_PREFIX_LENGTH} characters, e.g. 20.500.12345"
        )
    return prefix


def clean_segment(text: str) -> str:
    segment = normalise(text)
    if not SEGMENT_PATTERN.match(segment):
        raise InvalidName(f"segment {text!r}: use ASCII letters, digits and '-', no dots")
    return segment


def clean_suffix(text: str) -> str:
    """The canonical form of a suffix, or InvalidName naming the offending character."""
    suffix = normalise(text)
    if not suffix or len(suffix) > MAX_SUFFIX_LENGTH:
        raise InvalidName(f"suffix {text!r}: 1 to {MAX_SUFFIX_LENGTH} characters")
    for ch in suffix:
        if ch in FORBIDDEN_ASCII or unicodedata.category(ch) in FORBIDDEN_CATEGORIES:
            raise InvalidName(f"suffix {text!r}: character {ch!r} (U+{ord(ch):04X}) not allowed")
    if suffix.startswith("/") or suffix.endswith("/") or "//" in suffix:
        raise InvalidName(f"suffix {text!r}: '/' may not be first, last or doubled")
    return suffix


def clean_chosen_suffix(prefix: str, text: str) -> str:
    suffix = clean_suffix(text)
    if looks_minted(suffix) and check_character(prefix, suffix[:-1]) == suffix[-1]:
        raise InvalidName(
            f"suffix {text!r}: eight betanumeric characters ending in a valid check character "
            "are reserved for minted suffixes"
        )
    return suffix


def looks_minted(suffix: str) -> bool:
    return bool(MINTED_PATTERN.match(suffix))


def check_character(prefix: str, body: str) -> str:
    """The NOID check character over `prefix/body`: Σ position × ordinal, mod 29.

    Characters outside the alphabet count as zero but still take up a position, as in NOID.
    """
    return _check(prefix, [_ORDINALS.get(ch, 0) for ch in body])


def _check(prefix: str, body_ordinals: list[int]) -> str:
    first = len(prefix) + 2  # the body starts after the prefix and its '/'
    body_sum = sum(position * ordinal for position, ordinal in enumerate(body_ordinals, first))
    return ALPHABET[(_prefix_sum(prefix) + body_sum) % len(ALPHABET)]


@functools.lru_cache(maxsize=1024)
def _prefix_sum(prefix: str) -> int:
    # A batch mints thousands of suffixes under one prefix: its share of the sum is computed once.
    return sum(position * _ORDINALS.get(ch, 0) for position, ch in enumerate(f"{prefix}/", start=1))


def has_valid_check(prefix: str, suffix: str) -> bool:
    return check_character(prefix, suffix[:-1]) == suffix[-1]


def mint(prefix: str, counter: int, offset: int) -> str:
    """The minted suffix for the `counter`-th mint under `prefix` (counters are never reused)."""
    value = (counter * MINT_MULTIPLIER + offset) % MINT_SPACE
    ordinals = []
    for _ in range(MINTED_BODY_LENGTH):
        value, remainder = divmod(value, len(ALPHABET))
        ordinals.append(remainder)
    ordinals.reverse()
    return "".join([ALPHABET[ordinal] for ordinal in ordinals]) + _check(prefix, ordinals)


@dataclass(frozen=True)
class Handle:
    prefix: str
    suffix: str

    def __str__(self) -> str:
        return f"{self.prefix}/{self.suffix}"


def parse_handle(text: str) -> Handle:
    """Split and normalise `prefix/suffix`; InvalidName if either part breaks the rules."""
    prefix, slash, suffix = text.strip().partition("/")
    if not slash:
        raise InvalidName(f"handle {text!r}: write it as prefix/suffix")
    return Handle(clean_prefix(prefix), clean_suffix(suffix))
