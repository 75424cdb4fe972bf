"""Works across libraries: ISBN and folded fingerprints, explanations, split and merge."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import override

from shuyun.accounts.models import Role, User
from shuyun.catalog import access, services
from shuyun.catalog.clustering import explain_reason
from shuyun.catalog.models import ClusterDecision, Record, Work
from shuyun.federation.models import Library
from shuyun.harvest.services import import_file
from tests.conftest import SHARED_DATA

DP2 = SHARED_DATA / "dp2-sru-cnmarc"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Explanations are asserted in English (the UI's default language is Chinese)."""
    with override("en"):
        yield


def csv_file(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("source_id,title,creators,year,publisher\n" + "\n".join(rows) + "\n")
    return path


def test_same_isbn_in_two_libraries_is_one_work(network: dict[str, Library]) -> None:
    import_file(network["ZJ"], DP2 / "sample_cnmarcxml.xml")
    import_file(network["ZJ-SX"], DP2 / "sample_dc.xml")
    sx = Record.objects.get(library=network["ZJ-SX"], source_id="990002180740203961")
    zj = Record.objects.get(library=network["ZJ"], source_id="990002180740203961")
    assert sx.work_id == zj.work_id
    assert sx.cluster_reason == "isbn:9787503717444"
    assert explain_reason(sx.cluster_reason) == "same ISBN 9787503717444"
    assert zj.cluster_reason == "new"
    (document,) = access.work_documents([sx.work_id])
    assert {h.library_code for h in document.holdings} == {"ZJ", "ZJ-SX"}
    assert document.title_pinyin == "'94Zhong Guo Fa Zhan Bao Gao"  # from the CNMARC record
    assert document.classifications == ["F124"]


def test_traditional_and_simplified_titles_cluster_by_fingerprint(
    network: dict[str, Library], tmp_path: Path
) -> None:
    import_file(network["ZJ"], csv_file(tmp_path, "zj.csv", ["a,論語集注,朱熹,1983,中華書局"]))
    import_file(network["ZJ-SX"], csv_file(tmp_path, "sx.csv", ["b,论语集注,朱熹,1983,中华书局"]))
    import_file(network["ZJ-HZ"], csv_file(tmp_path, "hz.csv", ["c,论语集注,朱熹,1984,中华书局"]))
    a, b, c = (Record.objects.get(source_id=s) for s in "abc")
    assert a.work_id == b.work_id != c.work_id
    assert explain_reason(b.cluster_reason) == "same title, first creator, year and publisher"


def test_operator_split_is_kept_by_later_imports(
    network: dict[str, Library], operator: User, tmp_path: Path
) -> None:
    zj = import_file(network["ZJ"], csv_file(tmp_path, "zj.csv", ["a,楚辞,屈原,1990,岳麓书社"]))
    import_file(network["ZJ-SX"], csv_file(tmp_path, "sx.csv", ["b,楚辞,屈原,1990,岳麓书社"]))
    a, b = Record.objects.get(source_id="a"), Record.objects.get(source_id="b")
    assert a.work_id == b.work_id and zj.added == 1
    new_work = services.split_work(operator, a.work, [b.pk], note="different printing")
    # Shaoxing sends the record again, changed: it stays where the operator put it.
    import_file(network["ZJ-SX"], csv_file(tmp_path, "sx.csv", ["b,楚辞,屈原,1990,岳麓書社"]))
    b.refresh_from_db()
    assert b.work_id == new_work.pk and b.version == 2
    assert explain_reason(b.cluster_reason) == "split off by an operator"
    assert ClusterDecision.objects.get(work=new_work).record_ids == [b.pk]


def test_operator_merge_moves_keys_so_later_records_follow(
    network: dict[str, Library], operator: User, tmp_path: Path
) -> None:
    import_file(
        network["ZJ"], csv_file(tmp_path, "zj.csv", ["a,楚辞集注,朱熹,1979,上海古籍出版社"])
    )
    import_file(network["ZJ-SX"], csv_file(tmp_path, "sx.csv", ["b,楚辞集注,朱熹,1979,上海古籍"]))
    a, b = Record.objects.get(source_id="a"), Record.objects.get(source_id="b")
    assert a.work_id != b.work_id
    target = services.merge_works(operator, a.work, b.work)
    assert not Work.objects.filter(pk=b.work_id).exists()
    import_file(network["ZJ-HZ"], csv_file(tmp_path, "hz.csv", ["c,楚辞集注,朱熹,1979,上海古籍"]))
    assert Record.objects.get(source_id="c").work_id == target.pk
    (document,) = access.work_documents([target.pk])
    assert [h.library_code for h in document.holdings] == ["ZJ", "ZJ-SX", "ZJ-HZ"]


def test_split_needs_some_but_not_all_records(
    network: dict[str, Library], operator: User, tmp_path: Path
) -> None:
    import_file(network["ZJ"], csv_file(tmp_path, "zj.csv", ["a,离骚,屈原,1990,中华书局"]))
    a = Record.objects.get(source_id="a")
    with pytest.raises(ValidationError):
        services.split_work(operator, a.work, [a.pk])
    with pytest.raises(ValidationError):
        services.merge_works(operator, a.work, a.work)


@pytest.mark.parametrize(
    ("role", "code"), [(Role.LIBRARIAN, "ZJ-SX"), (Role.LIBRARY_ADMIN, "ZJ"), (Role.READER, "ZJ")]
)
def test_only_operators_split_or_merge(
    network: dict[str, Library],
    person: Callable[[Role, str], User],
    tmp_path: Path,
    role: Role,
    code: str,
) -> None:
    import_file(network["ZJ"], csv_file(tmp_path, "zj.csv", ["a,九歌,屈原,1990,中华书局"]))
    import_file(network["ZJ-SX"], csv_file(tmp_path, "sx.csv", ["b,九歌,屈原,1990,中华书局"]))
    a, b = Record.objects.get(source_id="a"), Record.objects.get(source_id="b")
    with pytest.raises(PermissionDenied):
        services.split_work(person(role, code), a.work, [b.pk])
    assert Record.objects.get(source_id="b").work_id == a.work_id
