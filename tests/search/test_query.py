"""The one-box query language."""

from __future__ import annotations

from shuyun.search.query import Bool, MatchAll, Phrase, Term, parse, plain_text


def test_words_are_anded_and_fields_recognised_in_both_languages() -> None:
    assert parse("title:红楼梦 作者:曹雪芹") == Bool(
        must=(Term("title", "红楼梦"), Term("author", "曹雪芹"))
    )


def test_or_not_phrases_prefix_and_parentheses() -> None:
    query = parse('(李白 OR 杜甫) -宋 "白日依山" tush*')
    assert query == Bool(
        must=(
            Bool(should=(Term(None, "李白"), Term(None, "杜甫"))),
            Phrase(None, "白日依山"),
            Term(None, "tush", prefix=True),
        ),
        must_not=(Term(None, "宋"),),
    )


def test_unknown_fields_and_stray_brackets_are_words_not_errors() -> None:
    assert parse("http://x)") == Term(None, "http //x")
    assert parse("foo:bar") == Term(None, "foo bar")
    assert parse("   ") == MatchAll()
    assert parse("((李白") == Term(None, "李白")


def test_plain_text_is_known_only_for_unfielded_words() -> None:
    assert plain_text(parse("pride and prejudice")) == "pride and prejudice"
    assert plain_text(parse("title:静夜思")) is None
