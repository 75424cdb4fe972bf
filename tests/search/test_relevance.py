"""The relevance set: real queries against real sample records, with the expected top results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shuyun.catalog.documents import WorkDocument
from shuyun.federation.sites import SiteContext
from shuyun.search import access
from shuyun.search.access import SearchParams

CASES = json.loads((Path(__file__).parent / "relevance.json").read_text(encoding="utf-8"))
NATIONAL_SITE = SiteContext(library=None, site=None, is_branch=False)


def matches(document: WorkDocument, expected: dict[str, str]) -> bool:
    checks = {
        "title": lambda v: document.title == v,
        "title_contains": lambda v: v.lower() in document.title.lower(),
        "other_title_contains": lambda v: any(v in title for title in document.other_titles),
        "creator": lambda v: v in document.creators,
    }
    return all(checks[key](value) for key, value in expected.items())


@pytest.mark.parametrize("case", CASES, ids=[f"{c['kind']}: {c['query']}" for c in CASES])
def test_expected_work_ranks_at_the_top(indexed: list[WorkDocument], case: dict[str, Any]) -> None:
    found = access.search_works(SearchParams(q=case["query"], limit=case["within"]), NATIONAL_SITE)
    titles = [(hit.document.title, hit.document.creators[:1]) for hit in found.page.hits]
    assert any(matches(hit.document, case["top"]) for hit in found.page.hits), titles
