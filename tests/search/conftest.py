"""Indexes of real records for the search tests, over the demo network.

`indexed` is built once per session (the demo network is the same in every test) and must only be
read; tests that write get a fresh, empty index from `search_dir`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from tests.search.corpus import sample_documents

from shuyun.catalog.documents import WorkDocument
from shuyun.federation.models import Library
from shuyun.search import services

_CORPUS: list[WorkDocument] = []


def corpus() -> list[WorkDocument]:
    if not _CORPUS:
        _CORPUS.extend(sample_documents())
    return _CORPUS


@pytest.fixture
def search_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(SHUYUN_SEARCH_DIR=tmp_path / "search"):
        yield tmp_path / "search"


@pytest.fixture(scope="session")
def shared_search_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared-index") / "search"


@pytest.fixture
def indexed(shared_search_dir: Path, network: dict[str, Library]) -> Iterator[list[WorkDocument]]:
    """The sample corpus, indexed once through the real write path; read-only."""
    documents = corpus()
    with override_settings(SHUYUN_SEARCH_DIR=shared_search_dir):
        if not shared_search_dir.exists():
            services.rebuild_index(documents)
        yield documents
