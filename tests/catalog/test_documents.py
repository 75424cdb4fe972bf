"""`work_documents`: the contract with search, streamed in batches with few queries."""

from __future__ import annotations

import pytest

from shuyun.catalog import access
from shuyun.catalog.models import Record, Work
from shuyun.federation.models import Library
from shuyun.harvest.services import import_file
from tests.conftest import SHARED_DATA


@pytest.fixture
def loaded(network: dict[str, Library]) -> dict[str, Library]:
    import_file(network["ZJ-SX"], SHARED_DATA / "blacklight-marc-testdata/test_data.utf8.mrc")
    import_file(network["ZJ"], SHARED_DATA / "dp2-sru-cnmarc/sample_cnmarcxml.xml")
    return network


def test_all_documents_in_few_queries(
    loaded: dict[str, Library],
    django_assert_max_num_queries: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(access, "DOCUMENT_BATCH", 10)
    with django_assert_max_num_queries(2 * 5 + 1):  # type: ignore[operator]
        documents = list(access.work_documents())
    assert len(documents) == Work.objects.count() == 30 + 9
    assert [d.work_id for d in documents] == sorted(d.work_id for d in documents)
    chinese = next(d for d in documents if d.title == "'97中国发展报告")
    assert len(chinese.holdings) == 2  # the library's two records of one edition
    assert chinese.isbns == ["9787503726231"]
    assert chinese.resource_type == "book"


def test_documents_of_given_works_skip_works_without_live_records(
    loaded: dict[str, Library],
) -> None:
    record = Record.objects.filter(library=loaded["ZJ-SX"]).order_by("pk").first()
    assert record is not None
    Record.objects.filter(pk=record.pk).update(deleted=True)
    other = Record.objects.filter(library=loaded["ZJ"]).order_by("pk").first()
    assert other is not None
    documents = list(access.work_documents([record.work_id, other.work_id, 10**9]))
    assert [d.work_id for d in documents] == [other.work_id]
    assert documents[0].holdings[0].library_code == "ZJ"
    assert documents[0].holdings[0].source_format == "cnmarc"
