"""Chinese-first text analysis, the same at index and at query time.

Text is folded (NFKC full/half width, lower case, traditional → simplified with OpenCC t2s), then
segmented with rjieba in search mode. Tantivy's Python binding takes pre-tokenised strings, so
segmentation runs here in Python; a token's position is its character offset in the folded text,
which lets a phrase match whichever segmentation covered it (see `phrase_words`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc
import rjieba
from pypinyin import Style, lazy_pinyin

# Everything that is not a letter, digit or CJK character separates words.
SEPARATORS = re.compile(r"[^\w]+|_+")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
LATIN_WORD = re.compile(r"^[a-z]+$")
ISBN_CANDIDATE = re.compile(r"^(97[89][\d-]{10,14}|[\d-]{9,12}[\dxX])$")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Width, case and script folding: '圖書館 ＡＢＣ' → '图书馆 abc'."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return str(_converter().convert(folded))


# A document's title is cleaned for its words, pinyin, sort key and suggestions: remember it.
@lru_cache(maxsize=65_536)
def clean(text: str) -> str:
    """Folded text with every run of punctuation and space turned into one space."""
    return SEPARATORS.sub(" ", fold(text)).strip()


@dataclass(frozen=True)
class Word:
    text: str
    position: int  # character offset in the cleaned text
    end: int


def words(text: str) -> list[Word]:
    """Search-mode segmentation: '国家图书馆' gives 国家, 图书, 书馆, 图书馆, 国家图书馆."""
    cleaned = clean(text)
    return [
        Word(word, start, end)
        for word, start, end in rjieba.tokenize(cleaned, mode="search")
        if not word.isspace()
    ]


def phrase_words(text: str) -> list[tuple[int, str]]:
    """Default-mode segmentation with offsets relative to the first word, for phrase queries."""
    cleaned = clean(text)
    found = [(start, word) for word, start, _ in rjieba.tokenize(cleaned) if not word.isspace()]
    if not found:
        return []
    first = found[0][0]
    return [(start - first, word) for start, word in found]


def query_terms(text: str) -> list[str]:
    """The distinct terms a query word must match (the default-mode words, no overlaps)."""
    cleaned = clean(text)
    return list(dict.fromkeys(word for word in rjieba.cut(cleaned) if not word.isspace()))


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def is_latin_word(term: str) -> bool:
    return LATIN_WORD.match(term) is not None


def pinyin_tokens(text: str) -> list[str]:
    """Full pinyin and initials of each Chinese word and of the whole text.

    '图书馆学' gives tushuguan, tsg, xue, x, tushuguanxue, tsgx: `tushuguan` and `tsg` both
    match, and the whole-text forms serve as-you-type prefixes.
    """
    if not has_han(text):
        return []
    tokens: list[str] = []
    for word in rjieba.cut_for_search(clean(text)):
        if has_han(word):
            tokens += _pinyin_of(word)
    tokens += whole_pinyin(text)
    return list(dict.fromkeys(token for token in tokens if token))


def whole_pinyin(text: str) -> list[str]:
    """Full pinyin and initials of all the Chinese characters of a text, run together."""
    words = [_pinyin_of(word) for word in rjieba.cut(clean(text)) if has_han(word)]
    if not words:
        return []
    return ["".join(full for full, _ in words), "".join(initials for _, initials in words)]


# Words repeat across a catalogue and pypinyin is the slowest step of analysis, so a word's
# reading is looked up once (per word, so pypinyin's phrase readings still apply).
@lru_cache(maxsize=500_000)
def _pinyin_of(word: str) -> tuple[str, str]:
    syllables = [s for s in lazy_pinyin(word, style=Style.NORMAL, errors="ignore") if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def pinyin_sort_key(text: str) -> str:
    """Key that orders titles by pinyin, then by the text itself: 'tushuguan|图书馆'."""
    cleaned = clean(text)
    words = [w for w in rjieba.cut(cleaned) if not w.isspace()]
    reading = " ".join(_pinyin_of(w)[0] if has_han(w) else w for w in words)
    return reading.strip() + "|" + cleaned


def normalise_isbn(value: str) -> str | None:
    """ISBN-13 without hyphens for an ISBN-10 or -13 written any way; None if it is not one."""
    digits = re.sub(r"[\s-]", "", value).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        if _isbn10_check(digits[:9]) != digits[9]:
            return None
        body = "978" + digits[:9]
        return body + _isbn13_check(body)
    if re.fullmatch(r"97[89]\d{10}", digits) and _isbn13_check(digits[:12]) == digits[12]:
        return digits
    return None


def looks_like_isbn(text: str) -> bool:
    return ISBN_CANDIDATE.match(text.strip()) is not None and normalise_isbn(text) is not None


def _isbn10_check(body: str) -> str:
    remainder = sum((10 - i) * int(d) for i, d in enumerate(body)) % 11
    check = (11 - remainder) % 11
    return "X" if check == 10 else str(check)


def _isbn13_check(body: str) -> str:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return str((10 - total % 10) % 10)
