"""The Chinese Library Classification (中国图书馆分类法): the 22 top classes the product ships.

A full scheme is loaded by an operator (`shuyun classification import`) into `ClassificationClass`;
these labels are the widely reproduced top level, used when no scheme has been loaded.
"""

from __future__ import annotations

import re

TOP_CLASSES: dict[str, str] = {
    "A": "马克思主义、列宁主义、毛泽东思想、邓小平理论",
    "B": "哲学、宗教",
    "C": "社会科学总论",
    "D": "政治、法律",
    "E": "军事",
    "F": "经济",
    "G": "文化、科学、教育、体育",
    "H": "语言、文字",
    "I": "文学",
    "J": "艺术",
    "K": "历史、地理",
    "N": "自然科学总论",
    "O": "数理科学和化学",
    "P": "天文学、地球科学",
    "Q": "生物科学",
    "R": "医药、卫生",
    "S": "农业科学",
    "T": "工业技术",
    "U": "交通运输",
    "V": "航空、航天",
    "X": "环境科学、安全科学",
    "Z": "综合性图书",
}

CLC_NUMBER = re.compile(r"^[A-Z][A-Z0-9.\-/:=()\[\]\"<>]*$")


def normalise_class(code: str) -> str:
    """'i207.22 ' → 'I207.22'; bracketed alternative codes lose their brackets."""
    return code.strip().upper().strip("[]")


def top_class(code: str) -> str | None:
    """The top class letter of a CLC number, or None when it is not one."""
    code = normalise_class(code)
    return code[0] if code and code[0] in TOP_CLASSES else None


def class_path(code: str) -> list[str]:
    """Every broader class of a number and the number itself: I207.22 → I, I2, I20, I207, I207.2, …

    Positions that only add punctuation ('I207.') are skipped, so each step is a real class.
    """
    code = normalise_class(code)
    if top_class(code) is None:
        return []
    main = re.split(r"[/:=(\"<\-]", code, maxsplit=1)[0]
    return [main[:end] for end in range(1, len(main) + 1) if main[end - 1] != "."]


def parent_of(code: str) -> str | None:
    path = class_path(code)
    return path[-2] if len(path) > 1 else None
