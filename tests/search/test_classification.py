"""Loading a full classification scheme: the real CLC tree from ../shared/data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from tests.conftest import SHARED_DATA

from shuyun.search import access, services
from shuyun.search.models import ClassificationClass

CLC_TREE = SHARED_DATA / "clc-chinese-library-classification" / "clc-tree-php_clc_parser.json"


@pytest.mark.django_db
def test_import_loads_the_whole_tree_and_names_the_classes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("classification", "import", str(CLC_TREE))
    assert ClassificationClass.objects.count() > 40_000
    poetry = ClassificationClass.objects.get(code="I222.7")
    assert (poetry.name, poetry.parent_code, poetry.depth) == ("古体诗、近体诗", "I222", 4)
    assert access.class_name("i222.7") == "古体诗、近体诗"
    trail = access.class_trail("I222.7")
    assert [code for code, _ in trail] == ["I", "I2", "I22", "I222", "I222.7"]
    assert trail[0] == ("I", "文学")
    assert "loaded" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_bad_file_is_refused_and_nothing_is_lost(tmp_path: Path) -> None:
    ClassificationClass.objects.create(code="I", name="文学")
    broken = tmp_path / "broken.json"
    broken.write_text('{"code": "A"', encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json"):
        call_command("classification", "import", str(broken))
    assert ClassificationClass.objects.filter(code="I").exists()


@pytest.mark.django_db
def test_nodes_without_a_number_are_reported_and_skipped(tmp_path: Path) -> None:
    tree = [
        {
            "code": "I",
            "name": "文学",
            "children": [{"name": "no code"}, {"code": "I2", "name": "中国文学"}],
        }
    ]
    path = tmp_path / "small.json"
    path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    report = services.import_classification(path)
    assert report.loaded == 2 and report.skipped == ["$[0].children[0]: no class number or name"]
