"""Syntax, normalisation, the check character and minting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuyun.identifiers import naming

PREFIX = "20.500.12345.zj.sx"


def test_prefix_is_case_insensitive_ascii():
    assert naming.clean_prefix(" 20.500.12345.ZJ ") == "20.500.12345.zj"
    for bad in ("20..500", "20.500/1", "浙江", "20.500.12345.", ""):
        with pytest.raises(naming.InvalidName):
            naming.clean_prefix(bad)


def test_suffix_rules():
    assert naming.clean_suffix("ＡＢＣ１２３") == "abc123"  # full-width input folds to ASCII
    assert naming.clean_suffix("Book/鲁迅全集-1") == "book/鲁迅全集-1"
    assert naming.clean_suffix("ΑΒΓ") == "ΑΒΓ"  # only ASCII case is folded
    for bad in ("a b", "a%20b", "a?b", "/a", "a//b", "a\u200bb", "x" * 129):
        with pytest.raises(naming.InvalidName):
            naming.clean_suffix(bad)


def test_minted_suffixes_are_short_distinct_and_check_themselves():
    minted = [naming.mint(PREFIX, counter, 12345) for counter in range(1, 2001)]
    assert len(set(minted)) == len(minted)
    assert all(len(s) == naming.MINTED_LENGTH and naming.looks_minted(s) for s in minted)
    assert all(naming.has_valid_check(PREFIX, s) for s in minted)
    assert minted[0][:3] != minted[1][:3]  # consecutive mints do not look alike


@given(st.integers(min_value=1, max_value=10**9), st.integers(0, 6), st.integers(1, 28))
def test_check_character_catches_one_wrong_character(counter, position, shift):
    suffix = naming.mint(PREFIX, counter, 0)
    alphabet = naming.ALPHABET
    wrong = alphabet[(alphabet.index(suffix[position]) + shift) % len(alphabet)]
    typo = suffix[:position] + wrong + suffix[position + 1 :]
    assert not naming.has_valid_check(PREFIX, typo)


@given(st.integers(min_value=1, max_value=10**9), st.integers(0, 6))
def test_check_character_catches_adjacent_transpositions(counter, position):
    suffix = naming.mint(PREFIX, counter, 0)
    swapped = suffix[:position] + suffix[position + 1] + suffix[position] + suffix[position + 2 :]
    if swapped != suffix:
        assert not naming.has_valid_check(PREFIX, swapped)


def test_chosen_suffix_may_not_look_minted():
    minted = naming.mint(PREFIX, 1, 0)
    with pytest.raises(naming.InvalidName, match="reserved"):
        naming.clean_chosen_suffix(PREFIX, minted)
    assert naming.clean_chosen_suffix(PREFIX, "gj-001") == "gj-001"
