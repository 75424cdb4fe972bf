"""Writing the index: updates visible on return, deletes, and the atomic rebuild."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import call_command
from tests.conftest import SHARED_DATA
from tests.search.corpus import cnmarc_documents, famous_poems

from shuyun.catalog.documents import WorkDocument
from shuyun.catalog.models import Record
from shuyun.catalog.signals import works_changed
from shuyun.federation.models import Library
from shuyun.harvest.services import import_file
from shuyun.search import services
from shuyun.search.backend import SearchRequest, get_backend
from shuyun.search.query import parse


def titles(q: str) -> list[str]:
    page = get_backend().search(SearchRequest(query=parse(q), limit=50))
    return [hit.document.title for hit in page.hits]


@pytest.fixture
def small(search_dir: Path, network: dict[str, Library]) -> list[WorkDocument]:
    documents = cnmarc_documents(1) + famous_poems(100)
    services.index_documents(documents)
    return documents


def test_changed_and_deleted_works_are_visible_at_once(small: list[WorkDocument]) -> None:
    quiet_night = next(d for d in small if d.title == "靜夜思")
    services.index_documents([replace(quiet_night, title="夜思")], deleted=[small[0].work_id])
    assert "夜思" in titles("夜思") and "靜夜思" not in titles("静夜思")
    assert small[0].title not in titles("中国发展报告")
    assert get_backend().document_count() == len(small) - 1


def test_stored_document_comes_back_whole(small: list[WorkDocument]) -> None:
    assert get_backend().get(small[0].work_id) == small[0]
    assert get_backend().get(999_999) is None


def test_rebuild_swaps_in_a_new_generation_while_the_old_one_answers(
    small: list[WorkDocument], search_dir: Path
) -> None:
    current = search_dir / "tantivy" / "CURRENT"
    before = current.read_text()
    answered: list[int] = []

    def documents():  # the rebuild reads its documents lazily; search in the middle of it
        for i, document in enumerate(cnmarc_documents(1)):
            if i == 5:
                reader = threading.Thread(target=lambda: answered.append(len(titles("静夜思"))))
                reader.start()
                reader.join()
            yield document

    assert services.rebuild_index(documents()) == 10
    assert answered == [1]  # the old generation still had the poem while the new one was built
    assert current.read_text() != before
    assert titles("静夜思") == []  # the new generation has only the CNMARC records
    generations = [p for p in (search_dir / "tantivy").iterdir() if p.is_dir()]
    assert len(generations) <= 2


def test_updates_during_a_rebuild_are_replayed_into_the_new_generation(
    small: list[WorkDocument], search_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    poem = next(d for d in small if d.title == "靜夜思")

    def documents():
        yield from cnmarc_documents(1)
        services.index_documents([poem])  # a commit lands while the rebuild runs

    replayed: list[list[int]] = []

    def catch_up(work_ids: list[int]):  # stands in for the warehouse until issue 3 lands
        replayed.append(work_ids)
        return [services.build(poem, services.library_places())], []

    monkeypatch.setattr(services, "_fresh_documents", catch_up)
    services.rebuild_index(documents())
    assert replayed == [[poem.work_id]]
    assert titles("静夜思") == ["靜夜思"]


def test_imported_records_reach_the_index_on_commit_and_leave_it_when_deleted(
    search_dir: Path, network: dict[str, Library], django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        import_file(network["ZJ"], SHARED_DATA / "dp2-sru-cnmarc/sample_cnmarcxml.xml")
    assert "'97中国发展报告" in titles("中國發展報告")
    record = Record.objects.filter(library=network["ZJ"]).order_by("pk").first()
    assert record is not None
    Record.objects.filter(pk=record.pk).update(deleted=True)
    with django_capture_on_commit_callbacks(execute=True):
        works_changed.send(sender=None, work_ids=[record.work_id])
    assert get_backend().get(record.work_id) is None


def test_index_command_rebuilds_from_the_warehouse(
    search_dir: Path, network: dict[str, Library], capsys: pytest.CaptureFixture[str]
) -> None:
    import_file(network["ZJ-SX"], SHARED_DATA / "blacklight-marc-testdata/test_data.utf8.mrc")
    call_command("index", "--rebuild")
    assert "indexed 30 works" in capsys.readouterr().out
    call_command("index")
    assert "30 works in the index" in capsys.readouterr().out
    assert titles("author:Chabon") == [] and len(titles("久保栄")) == 2
