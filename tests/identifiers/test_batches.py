"""Batch files (CSV, JSON) through the command and the service: both modes, duplicates."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from shuyun.identifiers import batches
from shuyun.identifiers.models import Identifier, IdentifierVersion, Location

SHA_A = "a" * 64
CSV = f"""suffix,title,resource_type,sha256,work_id,url,library
,鲁迅全集 第一卷,book,{SHA_A},,https://sx.example.org/lx/1 https://zhuji.example.org/lx/1,
lx-2,鲁迅全集 第二卷,book,,11,https://sx.example.org/lx/2,ZJ-SX-ZJ
lx-3,重复,book,{SHA_A},,https://sx.example.org/lx/3,
lx-4,坏库,book,,,https://sx.example.org/lx/4,NOPE
lx-2,同名,book,,,https://sx.example.org/lx/5,
"""


def test_command_registers_good_rows_and_names_bad_lines(prefixes, tmp_path, capsys):
    path = tmp_path / "lx.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("identifiers", "register", str(path), "--library", "zj-sx")
    out, err = capsys.readouterr()
    assert "registered 2, rejected 3 rows" in out
    assert "lx.csv:4: sha256: same object as line 2" in err
    assert "lx.csv:5: locations[1].library: no library with code NOPE" in err
    assert "lx.csv:6: suffix: also on line 3" in err
    second = Identifier.objects.get(handle="20.500.12345.zj.sx/lx-2")
    assert second.locations.get().library.code == "ZJ-SX-ZJ" and second.work_id == 11
    first = Identifier.objects.get(sha256=SHA_A)
    assert [loc["url"] for loc in first.targets][1] == "https://zhuji.example.org/lx/1"


def test_all_or_nothing_stores_nothing(prefixes, tmp_path):
    path = tmp_path / "lx.csv"
    path.write_text(CSV, encoding="gb18030")  # Chinese spreadsheet exports
    with pytest.raises(CommandError, match="Nothing was registered"):
        call_command("identifiers", "register", str(path), "--library", "ZJ-SX", "--all-or-nothing")
    assert not Identifier.objects.exists() and not Location.objects.exists()


def test_duplicates_against_the_registry_name_the_existing_identifier(prefixes, registrant):
    rows = batches.read_batch(
        b'[{"url": "https://a.example/", "sha256": "' + SHA_A.encode() + b'"}]', "a.json"
    )
    first = batches.register_batch(registrant("ZJ-SX"), rows, all_or_nothing=True)
    again = batches.register_batch(registrant("HB"), rows, all_or_nothing=False)
    assert again.errors == [(1, f"sha256: already registered as {first.created[0][1]}")]


def test_a_large_batch_is_few_queries(prefixes, registrant, django_assert_max_num_queries):
    rows = [
        batches.BatchRow(n, batches.input_from_mapping({"url": f"https://x.example/{n}"}))
        for n in range(1, 5001)
    ]
    # One executemany of many-row INSERTs per table (plus one INSERT for the remainder).
    with django_assert_max_num_queries(20):
        report = batches.register_batch(registrant("ZJ-SX"), rows, all_or_nothing=True)
    assert len(report.created) == 5000 and len({h for _, h in report.created}) == 5000
    assert IdentifierVersion.objects.count() == 5000 and Location.objects.count() == 5000
    last = Identifier.objects.get(handle=report.created[-1][1])
    assert last.locations.get().url == "https://x.example/5000"
    assert last.versions.get().values["handle"] == last.handle


def test_unreadable_files_are_refused_whole():
    with pytest.raises(batches.BatchFileError, match="csv or a .json"):
        batches.read_batch(b"x", "a.xml")
    with pytest.raises(batches.BatchFileError, match="Not JSON"):
        batches.read_batch(b"[{", "a.json")
    with pytest.raises(batches.BatchFileError, match="columns"):
        batches.read_batch(b"title\nx\n", "a.csv")
