"""The warehouse demo: works held by several libraries, the classics, and nothing twice."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest

from shuyun.catalog import access, demo
from shuyun.catalog.crosswalks import SourceFormat, crosswalk_for
from shuyun.catalog.models import Record
from shuyun.federation.models import Library


def test_demo_files_make_shared_works_and_run_once(
    network: dict[str, Library], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        demo, "DEMO_FILES", demo.DEMO_FILES[:3] + [("ZJ-SX", "pymarc-testdata/bad_records.mrc")]
    )
    monkeypatch.setattr(demo, "POETRY", tmp_path / "absent")
    jobs = demo.load_catalog(list(network.values()))
    assert len(jobs) == 4 and sum(job.quarantined for job in jobs) == 3
    record = Record.objects.get(library__code="ZJ", source_id="990002180740203961")
    (document,) = access.work_documents([record.work_id])
    assert {h.library_code for h in document.holdings} == {"ZJ", "ZJ-SX", "ZJ-SX-ZJ"}
    assert {h.source_format for h in document.holdings} == {"cnmarc", "oai_dc"}
    assert demo.load_catalog(list(network.values())) == []


def test_classics_map_with_title_author_dynasty_and_text() -> None:
    if not demo.POETRY.is_dir():
        pytest.skip("node_modules/chinese-poetry is installed by `make install`")
    crosswalk = crosswalk_for(SourceFormat.TABULAR)
    items = list(demo.poetry_items())
    records = [crosswalk(item.raw) for item in items]
    collections = {record.subjects[0] for record in records}
    assert {"诗经", "论语", "四书五经", "楚辞", "蒙学", "宋词", "全唐诗"} <= collections
    first = records[0]
    assert (first.title, first.creators[0].name) == ("关雎（国风·周南）", "佚名")
    assert first.abstract.startswith("关关雎鸠，在河之洲。")
    assert "先秦" in first.subjects and first.resource_type == "classic"
    assert len({r.source_id for r in records}) == len(records) < 6000
    assert list(islice((r for r in records if "宋" in r.subjects), 1))[0].title
