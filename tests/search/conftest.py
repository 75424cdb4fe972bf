"""An index of real records in a fresh directory for each test, over the demo network."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from shuyun.catalog.documents import WorkDocument
from shuyun.federation.models import Library
from shuyun.search import services
from shuyun.search.backend import SearchBackend, get_backend
from tests.search.corpus import sample_documents

_CORPUS: list[WorkDocument] = []


def corpus() -> list[WorkDocument]:
    if not _CORPUS:
        _CORPUS.extend(sample_documents())
    return _CORPUS


@pytest.fixture
def search_dir(tmp_path: Path) -> Path:
    with override_settings(SHUYUN_SEARCH_DIR=tmp_path / "search"):
        yield tmp_path / "search"


@pytest.fixture
def backend(search_dir: Path) -> SearchBackend:
    return get_backend()


@pytest.fixture
def indexed(search_dir: Path, network: dict[str, Library]) -> list[WorkDocument]:
    """The sample corpus, indexed through the real write path."""
    documents = corpus()
    services.rebuild_index(documents)
    return documents
