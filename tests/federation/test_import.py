"""Bulk import: per-line errors, nothing half-applied, re-runnable; export reads back."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from shuyun.accounts.models import Role
from shuyun.federation import services, table
from shuyun.federation.models import Library

HEADER = "code,name_zh,name_en,level,parent,division_code,latitude,longitude,resource_volume_tb\n"


def rows(text: str, name: str = "libraries.csv") -> list[table.Row]:
    return table.read_rows(io.BytesIO(text.encode("utf-8-sig")), name)


def test_parents_may_come_after_children_in_the_file(network, operator):
    report = services.import_libraries(
        operator,
        rows(
            HEADER
            + "GD-GZ-PY,番禺区图书馆,,county,GD-GZ,440113,,,2\n"
            + "GD-GZ,广州图书馆,Guangzhou Library,city,GD,440100,23.12,113.32,30\n"
            + "GD,广东省立中山图书馆,,provincial,NLC,440000,,,90\n"
        ),
    )
    assert (report.created, report.errors) == (3, [])
    assert Library.objects.get(code="GD-GZ-PY").path == "/NLC/GD/GD-GZ/GD-GZ-PY/"


def test_a_rejected_parent_rejects_the_batch(network, operator):
    report = services.import_libraries(
        operator,
        rows(
            HEADER
            + "ZJ-NB-YY,余姚市图书馆,Yuyao Library,county,ZJ-NB-X,330281,30.04,121.15,3\n"
            + "ZJ-NB-X,宁波分馆,,branch,ZJ-NB,330200,,,0\n"
        ),
    )
    assert report.errors == [(2, "parent: A county library cannot sit under a branch library.")]
    assert not Library.objects.filter(code__startswith="ZJ-NB-").exists()


def test_valid_file_is_applied_and_rerun_updates(network, operator):
    text = HEADER + "ZJ-NB-YY,余姚市图书馆,Yuyao Library,county,ZJ-NB,330281,30.04,121.15,3\n"
    report = services.import_libraries(operator, rows(text))
    assert (report.created, report.updated, report.errors) == (1, 0, [])
    report = services.import_libraries(operator, rows(text.replace(",3\n", ",4.5\n")))
    assert (report.created, report.updated) == (0, 1)
    assert str(Library.objects.get(code="ZJ-NB-YY").resource_volume_tb) == "4.50"


def test_every_bad_line_is_reported_and_nothing_is_applied(network, operator):
    report = services.import_libraries(
        operator,
        rows(
            HEADER
            + "ZJ-NB-YY,余姚市图书馆,,county,ZJ-NB,330281,,,3\n"
            + "ZJ-NB-CX,慈溪市图书馆,,town,ZJ-NB,330282,,,1\n"
            + "ZJ-NB-NH,宁海县图书馆,,county,ZJ-NOPE,330226,,,x\n"
            + "ZJ-NB-YY,again,,county,ZJ-NB,330281,,,3\n"
        ),
    )
    lines = {line for line, _ in report.errors}
    assert lines == {3, 4, 5}
    messages = " ".join(message for _, message in report.errors)
    assert "'town' is not one of" in messages
    assert "no library ZJ-NOPE" in messages and "'x' is not a number" in messages
    assert "also on line 2" in messages
    assert not report.applied and report.created == 0
    assert not Library.objects.filter(code="ZJ-NB-YY").exists()


def test_outsider_rows_are_rejected(network, person):
    hubei = person(Role.PROVINCIAL_OPERATOR, "HB")
    report = services.import_libraries(
        hubei, rows(HEADER + "ZJ-NB-YY,余姚市图书馆,,county,ZJ-NB,330281,,,3\n")
    )
    assert report.errors == [(2, "You may not add libraries under ZJ-NB.")]


def test_xlsx_and_gb18030_are_read(network, operator):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name_zh", "level", "parent", "joined_on"])
    sheet.append(["ZJ-NB-YY", "余姚市图书馆", "county", "ZJ-NB", "2013-03-06"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    assert services.import_libraries(operator, table.read_rows(buffer, "x.xlsx")).created == 1
    gb = "code,name_zh,level,parent\nZJ-NB-CX,慈溪市图书馆,county,ZJ-NB\n".encode("gb18030")
    assert (
        services.import_libraries(operator, table.read_rows(io.BytesIO(gb), "x.csv")).created == 1
    )
    assert Library.objects.get(code="ZJ-NB-CX").name_zh == "慈溪市图书馆"


def test_header_problems_name_the_columns():
    import pytest

    with pytest.raises(table.TableError, match="missing required columns: level"):
        rows("code,name_zh\nX,y\n")
    with pytest.raises(table.TableError, match="unknown columns: colour"):
        rows("code,name_zh,level,colour\n")


def test_export_reads_back_unchanged(network, operator):
    exported = list(table.library_rows(Library.objects.select_related("parent")))
    text = "\n".join(",".join(f'"{v}"' for v in row) for row in exported) + "\n"
    report = services.import_libraries(operator, rows(text))
    assert report.errors == [] and report.updated == len(exported) - 1
    back = list(csv.reader(io.StringIO(text)))
    assert back[0] == table.COLUMNS
