"""The one-box query language, parsed into a small tree the engines compile.

图书馆 学          both words (AND is the default)
"pride and prejudice"   a phrase
title:红楼梦 author:曹雪芹   fielded (also 题名: 作者: 主题: …)
李白 OR 杜甫, NOT 宋, -宋  boolean, with parentheses
tush*              prefix
year:1990-2000     a year or a range of years
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELD_ALIASES: dict[str, str] = {
    "title": "title",
    "ti": "title",
    "题名": "title",
    "author": "author",
    "au": "author",
    "creator": "author",
    "作者": "author",
    "subject": "subject",
    "su": "subject",
    "主题": "subject",
    "isbn": "isbn",
    "clc": "clc",
    "分类号": "clc",
    "publisher": "publisher",
    "出版社": "publisher",
    "year": "year",
    "出版年": "year",
}
TOKEN = re.compile(
    r"\s*(?:(?P<open>\()|(?P<close>\))|(?P<neg>-)(?=\S)|"
    r'(?:(?P<field>[^\s:()"]+):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s()"]+)))'
)


@dataclass(frozen=True)
class Term:
    field: str | None
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    field: str | None
    text: str


@dataclass(frozen=True)
class Bool:
    must: tuple[Query, ...] = ()
    should: tuple[Query, ...] = ()
    must_not: tuple[Query, ...] = ()


@dataclass(frozen=True)
class MatchAll:
    pass


Query = Term | Phrase | Bool | MatchAll


@dataclass(frozen=True)
class _Token:
    kind: str  # "open", "close", "neg", "and", "or", "not", "leaf"
    leaf: Term | Phrase | None = None


def parse(text: str) -> Query:
    """Parse a one-box query; anything unparseable is searched as plain words, never an error."""
    tokens = _lex(text)
    if not tokens:
        return MatchAll()
    parser = _Parser(tokens)
    parts = []
    while parser.peek() is not None:
        parts.append(parser.expression())
        if parser.peek() is not None:
            parser.take()  # a stray ')'
    return parts[0] if len(parts) == 1 else Bool(must=tuple(parts))


def plain_text(query: Query) -> str | None:
    """The words of a query that is just words in no field (for exact-title ranking)."""
    if isinstance(query, Term) and query.field is None and not query.prefix:
        return query.text
    if isinstance(query, Phrase) and query.field is None:
        return query.text
    if isinstance(query, Bool) and not query.should and not query.must_not:
        parts = [plain_text(part) for part in query.must]
        if all(parts):
            return " ".join(part for part in parts if part)
    return None


def _lex(text: str) -> list[_Token]:
    tokens = []
    for match in TOKEN.finditer(text):
        if match.group("open"):
            tokens.append(_Token("open"))
        elif match.group("close"):
            tokens.append(_Token("close"))
        elif match.group("neg"):
            tokens.append(_Token("neg"))
        elif (leaf := _leaf(match)) is not None:
            tokens.append(leaf)
    return tokens


def _leaf(match: re.Match[str]) -> _Token | None:
    raw_field, phrase, word = match.group("field"), match.group("phrase"), match.group("word")
    field = FIELD_ALIASES.get(raw_field.lower()) if raw_field else None
    if raw_field and field is None:  # "foo:bar" with an unknown field is just words
        word = f"{raw_field} {word or phrase or ''}".strip()
        phrase = None
    if phrase is not None:
        return _Token("leaf", Phrase(field, phrase)) if phrase.strip() else None
    if word is None:
        return None
    if field is None and word in {"AND", "OR", "NOT"}:
        return _Token(word.lower())
    if word.endswith("*") and len(word) > 1:
        return _Token("leaf", Term(field, word.rstrip("*"), prefix=True))
    return _Token("leaf", Term(field, word))


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expression(self) -> Query:
        alternatives = [self.conjunction()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            alternatives.append(self.conjunction())
        alternatives = [part for part in alternatives if part != Bool()]
        if len(alternatives) == 1:
            return alternatives[0]
        return Bool(should=tuple(alternatives)) if alternatives else MatchAll()

    def conjunction(self) -> Query:
        must: list[Query] = []
        must_not: list[Query] = []
        while (token := self.peek()) is not None and token.kind not in {"or", "close"}:
            if token.kind == "and":
                self.take()
                continue
            negated = token.kind in {"not", "neg"}
            if negated:
                self.take()
            part = self.unit()
            if part is not None:
                (must_not if negated else must).append(part)
        if len(must) == 1 and not must_not:
            return must[0]
        return Bool(must=tuple(must), must_not=tuple(must_not))

    def unit(self) -> Query | None:
        if self.peek() is None:
            return None
        token = self.take()
        if token.kind == "open":
            inner = self.expression()
            if (close := self.peek()) is not None and close.kind == "close":
                self.take()
            return inner
        return token.leaf
