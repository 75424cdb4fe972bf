"""Folding, segmentation, pinyin and ISBNs: the same analysis at index and query time."""

from __future__ import annotations

import pytest

from shuyun.search import analysis, clc
from shuyun.search.highlight import highlight, query_words
from shuyun.search.query import parse


def test_traditional_full_width_and_case_fold_to_one_form() -> None:
    assert analysis.fold("圖書館") == analysis.fold("图书馆") == "图书馆"
    assert analysis.fold("ＰＲＩＤＥ　１９９６") == "pride 1996"


def test_search_mode_keeps_the_words_inside_a_compound() -> None:
    found = {word.text for word in analysis.words("國家圖書館藏敦煌遺書")}
    assert {"国家图书馆", "图书馆", "国家", "敦煌", "遗书"} <= found


def test_pinyin_gives_full_and_initials_per_word_and_for_the_whole() -> None:
    tokens = analysis.pinyin_tokens("圖書館學")
    assert {"tushuguan", "tsg", "tushuguanxue", "tsgx"} <= set(tokens)
    assert analysis.pinyin_tokens("Summerland") == []


@pytest.mark.parametrize(
    "written",
    ["7-5037-1744-0", "7503717440", "978-7-5037-1744-4", "9787503717444", " 978 7 5037 1744 4"],
)
def test_isbn_written_any_way_normalises_to_isbn_13(written: str) -> None:
    assert analysis.normalise_isbn(written) == "9787503717444"


def test_isbn_with_a_wrong_check_digit_is_not_one() -> None:
    assert analysis.normalise_isbn("9787503717440") is None
    assert not analysis.looks_like_isbn("1994")


def test_pinyin_sort_key_orders_by_reading() -> None:
    titles = ["中国", "安徽", "北京"]
    assert sorted(titles, key=analysis.pinyin_sort_key) == ["安徽", "北京", "中国"]


def test_class_path_steps_through_every_broader_class() -> None:
    assert clc.class_path("i207.22") == ["I", "I2", "I20", "I207", "I207.2", "I207.22"]
    assert clc.class_path("123") == []


def test_highlight_marks_either_script_and_escapes_the_rest() -> None:
    words = query_words(parse("圖書館 pride"))
    marked = highlight("超星光盘圖书馆 <Pride>", words)
    assert marked == "超星光盘<mark>圖书馆</mark> &lt;<mark>Pride</mark>&gt;"
