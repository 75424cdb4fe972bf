"""The warehouse's part of `shuyun demo`: real records from ../shared/data spread over the demo
libraries so that works are held by several of them, and the classics of the npm package
`chinese-poetry` (MIT) as the National Library's "traditional culture classics" collection.

A file already imported into a library is not imported again, so running the demo twice adds
nothing (not even quarantine entries).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from shuyun.catalog.crosswalks import SourceFormat
from shuyun.catalog.records import RawItem
from shuyun.federation.models import Library
from shuyun.harvest.files import detect_format, read_items
from shuyun.harvest.models import Job
from shuyun.harvest.services import import_items

SHARED_DATA = Path(settings.PROJECT_ROOT).parent / "shared" / "data"
POETRY = Path(settings.NPM_ROOT) / "chinese-poetry" / "dist"
POETRY_LABEL = "chinese-poetry 2.0.1"
# (library, file under ../shared/data): the same dp2 records reach three libraries in three
# formats, Blacklight's in two, so clusters show several holding libraries.
DEMO_FILES = [
    ("ZJ", "dp2-sru-cnmarc/sample_cnmarcxml.xml"),
    ("ZJ-SX", "dp2-sru-cnmarc/sample_dc.xml"),
    ("ZJ-SX-ZJ", "dp2-sru-cnmarc/sample_unimarcxml.xml"),
    ("NLC", "dp2-sru-cnmarc/sample_marcxml.xml"),
    ("NLC", "blacklight-marc-testdata/test_data.utf8.mrc"),
    ("ZJ-HZ", "blacklight-marc-testdata/test_data.utf8.mrc"),
    ("ZJ-NB", "marc4j-testdata/pride-and-prejudice-fixed.mrc"),
    ("ZJ-NB", "pymarc-testdata/test.dat"),
    ("ZJ-HZ", "pymarc-testdata/marc.dat"),
    ("ZJ-SX", "pymarc-testdata/bad_records.mrc"),
    ("ZJ-SX", "marc4j-testdata/chinese_mangled_multibyte.mrc"),
]
ABSTRACT_LIMIT = 4000


def _already(library: Library, label: str) -> bool:
    return Job.objects.filter(library=library, label=label, status="done").exists()


def load_files(libraries: dict[str, Library]) -> list[Job]:
    jobs = []
    for code, name in DEMO_FILES:
        path = SHARED_DATA / name
        if code not in libraries or not path.is_file() or _already(libraries[code], path.name):
            continue
        chosen = detect_format(path)
        jobs.append(
            import_items(libraries[code], read_items(path, chosen), chosen, label=path.name)
        )
    return jobs


def _texts(node: Any) -> Iterator[str]:
    """Every line of text in a chinese-poetry structure, in order."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)
    elif isinstance(node, dict):
        for key in ("paragraphs", "content"):
            if key in node:
                yield from _texts(node[key])


def _row(
    source_id: str, title: str, author: str, dynasty: str, collection: str, text: Any
) -> RawItem:
    row = {
        "source_id": source_id,
        "title": title,
        "creators": author or "佚名",
        "subjects": ";".join(s for s in (collection, dynasty, "传统文化经典") if s),
        "abstract": "\n".join(_texts(text))[:ABSTRACT_LIMIT],
        "language": "chi",
        "resource_type": "classic",
    }
    return RawItem(json.dumps(row, ensure_ascii=False).encode(), f"{collection} {source_id}")


def _load(name: str) -> Any:
    return json.loads((POETRY / name).read_text(encoding="utf-8"))


def poetry_items() -> Iterator[RawItem]:
    for n, poem in enumerate(_load("shijing/shijing.json")):
        title = f"{poem['title']}（{poem['chapter']}·{poem['section']}）"
        yield _row(f"shijing:{n}", title, "佚名", "先秦", "诗经", poem["content"])
    for n, part in enumerate(_load("lunyu/lunyu.json")):
        yield _row(f"lunyu:{n}", f"论语·{part['chapter']}", "孔子弟子", "春秋", "论语", part)
    for book, author in (("daxue", "曾子"), ("zhongyong", "子思"), ("mengzi", "孟子")):
        parts = _load(f"sishuwujing/{book}.json")
        for n, part in enumerate(parts if isinstance(parts, list) else [parts]):
            yield _row(f"{book}:{n}", part["chapter"], author, "先秦", "四书五经", part)
    for n, poem in enumerate(_load("chuci/chuci.json")):
        yield _row(
            f"chuci:{n}", poem["title"], poem.get("author", ""), "战国", "楚辞", poem["content"]
        )
    for path in sorted((POETRY / "mengxue").glob("*.json")):
        book = _load(f"mengxue/{path.name}")
        yield _row(f"mengxue:{path.stem}", book["title"], book.get("author", ""), "", "蒙学", book)
    for n, ci in enumerate(_load("songci/ci.song.0.json")):
        yield _row(f"songci:{n}", ci["rhythmic"], ci["author"], "宋", "宋词", ci["paragraphs"])
    for start in (0, 1000):
        for poem in _load(f"quantangshi/poet.tang.{start}.json"):
            yield _row(
                poem["id"], poem["title"], poem["author"], "唐", "全唐诗", poem["paragraphs"]
            )


def load_classics(library: Library) -> Job | None:
    if not POETRY.is_dir() or _already(library, POETRY_LABEL):
        return None
    return import_items(library, poetry_items(), SourceFormat.TABULAR, label=POETRY_LABEL)


def load_catalog(libraries: list[Library]) -> list[Job]:
    """Load the demo records; returns the jobs that ran (none on a second run)."""
    by_code = {library.code: library for library in libraries}
    jobs = load_files(by_code)
    classics = load_classics(by_code["NLC"]) if "NLC" in by_code else None
    return jobs + ([classics] if classics else [])
