"""GB 11643-1999 ID numbers: a precise message for each way a number can be wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from shuyun.accounts import idnumber
from shuyun.accounts.models import AgeGroup

pytestmark = pytest.mark.usefixtures("english_messages")  # services speak English here

TODAY = dt.date(2026, 6, 1)
# The standard's own worked example: 11010519491231002X.
EXAMPLE = "11010519491231002X"


def make(region: str, born: dt.date, sequence: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + idnumber.check_character(first17)


def error_of(number: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        idnumber.parse(number, today=TODAY)
    return caught.value


def test_the_standards_example_is_valid():
    parsed = idnumber.parse(EXAMPLE.lower(), today=TODAY)
    assert parsed.number == EXAMPLE and parsed.birth_date == dt.date(1949, 12, 31)
    assert not parsed.is_male and parsed.province == "11"


@pytest.mark.parametrize(
    ("number", "code", "message"),
    [
        ("1101051949123100", "length", "has 16"),
        ("11010519491231002XX", "length", "has 19"),
        ("1101051949A231002X", "characters", "Character 11 must be a digit, not “A”"),
        ("11010519491231002Y", "characters", "last character must be a digit or X, not “Y”"),
        ("991005194912310021", "region", "region code 991005 does not start with a province"),
        ("110105194902300023", "birth_date", "19490230 is not a calendar date"),
        ("110105189912310025", "birth_date", "1899-12-31 lies outside 1900 to today"),
        ("110105203001010024", "birth_date", "2030-01-01 lies outside"),
        (
            "110105194912310021",
            "check_digit",
            "check character is 1 but the first 17 digits give X",
        ),
    ],
)
def test_each_failure_names_itself(number, code, message):
    error = error_of(number)
    assert error.code == code
    assert message in error.messages[0]


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
regions = st.builds(
    lambda province, rest: province + rest,
    st.sampled_from(sorted(idnumber.PROVINCE_PREFIXES)),
    st.from_regex(r"\A[0-9]{4}\Z"),
)


@settings(max_examples=60)
@given(regions, dates, st.integers(0, 999))
def test_any_well_formed_number_parses_back(region, born, sequence):
    parsed = idnumber.parse(make(region, born, sequence), today=TODAY)
    assert (parsed.region, parsed.birth_date) == (region, born)
    assert parsed.is_male == (sequence % 2 == 1)


@settings(max_examples=60)
@given(regions, dates, st.integers(0, 999), st.integers(0, 16), st.integers(1, 9))
def test_changing_any_one_digit_is_caught(region, born, sequence, position, delta):
    number = make(region, born, sequence)
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    with pytest.raises(ValidationError):
        idnumber.parse(changed, today=TODAY)


def test_age_groups():
    assert idnumber.age_group(dt.date(2012, 6, 2), TODAY) == AgeGroup.CHILD
    assert idnumber.age_group(dt.date(2008, 6, 1), TODAY) == AgeGroup.ADULT
    assert idnumber.age_group(dt.date(1966, 6, 2), TODAY) == AgeGroup.ADULT
    assert idnumber.age_group(dt.date(1966, 6, 1), TODAY) == AgeGroup.SENIOR
    assert idnumber.age_group(dt.date(2010, 1, 1), TODAY) == AgeGroup.TEEN
