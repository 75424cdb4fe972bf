"""Resident identity numbers (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
sequence, ISO 7064 MOD 11-2 check character. Each failure gets its own precise message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyun.accounts.models import AgeGroup

# Province-level prefixes of GB/T 2260, plus 83 (residence permits of Taiwan residents).
PROVINCE_PREFIXES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64"}
    | {"65", "71", "81", "82", "83"}
)
WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class IdNumber:
    number: str
    region: str
    birth_date: dt.date
    is_male: bool

    @property
    def province(self) -> str:
        return self.region[:2]


def check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 over the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def normalise(raw: str) -> str:
    return raw.strip().replace(" ", "").upper()


def parse(raw: str, today: dt.date | None = None) -> IdNumber:
    """Validate an 18-character ID number; ValidationError names exactly what is wrong."""
    number = normalise(raw)
    _check_shape(number)
    region = number[:6]
    if region[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(
            _("The region code %(region)s does not start with a province code (%(prefix)s).")
            % {"region": region, "prefix": region[:2]},
            code="region",
        )
    birth_date = _birth_date(number[6:14], today or timezone.localdate())
    expected = check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _("The check character is %(given)s but the first 17 digits give %(expected)s.")
            % {"given": number[17], "expected": expected},
            code="check_digit",
        )
    return IdNumber(number, region, birth_date, is_male=int(number[16]) % 2 == 1)


def _check_shape(number: str) -> None:
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)d.") % {"count": len(number)},
            code="length",
        )
    for position, char in enumerate(number[:17], start=1):
        if not char.isascii() or not char.isdigit():
            raise ValidationError(
                _("Character %(position)d must be a digit, not “%(char)s”.")
                % {"position": position, "char": char},
                code="characters",
            )
    if number[17] not in CHECK_CHARACTERS:
        raise ValidationError(
            _("The last character must be a digit or X, not “%(char)s”.") % {"char": number[17]},
            code="characters",
        )


def _birth_date(digits: str, today: dt.date) -> dt.date:
    try:
        born = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ValidationError(
            _("The birth date %(digits)s is not a calendar date.") % {"digits": digits},
            code="birth_date",
        ) from None
    if born.year < EARLIEST_BIRTH_YEAR or born > today:
        raise ValidationError(
            _("The birth date %(date)s lies outside %(earliest)d to today.")
            % {"date": born.isoformat(), "earliest": EARLIEST_BIRTH_YEAR},
            code="birth_date",
        )
    return born


def age_group(birth_date: dt.date, today: dt.date | None = None) -> AgeGroup:
    today = today or timezone.localdate()
    age = (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )
    if age < 14:
        return AgeGroup.CHILD
    if age < 18:
        return AgeGroup.TEEN
    if age < 60:
        return AgeGroup.ADULT
    return AgeGroup.SENIOR
