"""`import_file` and `shuyun import` on the real samples: reports, quarantine, versions."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shuyun.catalog.models import Record, RecordVersion
from shuyun.catalog.signals import works_changed
from shuyun.federation.models import Library
from shuyun.harvest import services
from shuyun.harvest.models import JobStatus, QuarantinedRecord
from tests.conftest import SHARED_DATA

BLACKLIGHT = SHARED_DATA / "blacklight-marc-testdata/test_data.utf8.mrc"
BROKEN = SHARED_DATA / "marc4j-testdata/pride-and-prejudice-with-many-errors.mrc"


@pytest.fixture
def shaoxing(network: dict[str, Library]) -> Library:
    return network["ZJ-SX"]


def test_import_marc_file_reports_and_stores_everything(
    shaoxing: Library, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        job = services.import_file(shaoxing, BLACKLIGHT)
    assert (job.status, job.added, job.updated, job.quarantined) == (JobStatus.DONE, 30, 0, 0)
    record = Record.objects.get(library=shaoxing, title="Ci an zhou bian")
    assert record.isbns == ["9789573908678"]
    assert record.source_format == "marc21"
    assert record.origin == "file:test_data.utf8.mrc"
    assert bytes(record.raw).startswith(b"0") and bytes(record.raw).endswith(b"\x1d")


def test_broken_records_are_quarantined_and_the_batch_goes_on(shaoxing: Library) -> None:
    job = services.import_file(shaoxing, BROKEN, batch_size=100)
    assert job.quarantined == 85
    assert job.added + job.unchanged + job.quarantined == 383
    entry = QuarantinedRecord.objects.filter(job=job).order_by("pk").first()
    assert entry is not None
    assert entry.position.startswith("record ") and "(byte " in entry.position
    assert "invalid UTF-8" in entry.reason or "directory" in entry.reason
    offset = int(entry.position.split("byte ")[1].rstrip(")"))
    assert BROKEN.read_bytes()[offset : offset + len(entry.raw)] == bytes(entry.raw)


def test_reimport_is_unchanged_and_an_update_keeps_the_old_version(
    shaoxing: Library, tmp_path: Path
) -> None:
    services.import_file(shaoxing, BLACKLIGHT)
    again = services.import_file(shaoxing, BLACKLIGHT)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 30)
    raw = next(r for r in BLACKLIGHT.read_bytes().split(b"\x1d") if b"Ci an zhou bian" in r)
    path = tmp_path / "one.mrc"
    path.write_bytes(raw.replace(b"Ci an zhou bian", b"Ci an zhou biax") + b"\x1d")
    record_before = Record.objects.get(library=shaoxing, title="Ci an zhou bian")
    job = services.import_file(shaoxing, path)
    assert (job.added, job.updated) == (0, 1)
    record = Record.objects.get(pk=record_before.pk)
    assert record.version == 2
    old = RecordVersion.objects.get(record=record)
    assert bytes(old.raw) == bytes(record_before.raw)
    assert old.data["title"] == "Ci an zhou bian"
    assert record.title == "Ci an zhou biax"
    assert record.work_id == record_before.work_id  # same ISBN, same work


def test_works_changed_is_sent_after_commit(
    shaoxing: Library, django_capture_on_commit_callbacks: object
) -> None:
    received: list[list[int]] = []

    def receiver(sender: object, work_ids: list[int], **kwargs: object) -> None:
        received.append(work_ids)

    works_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            services.import_file(shaoxing, SHARED_DATA / "dp2-sru-cnmarc/sample_cnmarcxml.xml")
    finally:
        works_changed.disconnect(receiver)
    work_ids = set(Record.objects.filter(library=shaoxing).values_list("work_id", flat=True))
    # Ten records, nine works: the library holds two records of '97中国发展报告 (same ISBN).
    assert len(received) == 1 and set(received[0]) == work_ids and len(work_ids) == 9


def test_not_well_formed_xml_keeps_the_file_and_the_records_before(
    shaoxing: Library, tmp_path: Path
) -> None:
    text = (SHARED_DATA / "dp2-sru-cnmarc/sample_cnmarcxml.xml").read_bytes()
    cut = text.index(b"<record xmlns=", text.index(b"<record xmlns=") + 10)
    path = tmp_path / "cut.xml"
    path.write_bytes(text[: cut + 200])
    job = services.import_file(shaoxing, path)
    assert (job.added, job.quarantined) == (1, 1)
    entry = QuarantinedRecord.objects.get(job=job)
    assert "not well-formed XML after record 1" in entry.reason
    assert bytes(entry.raw) == path.read_bytes()


def test_quarantined_rows_are_reprocessed_after_a_mapping_fix(
    shaoxing: Library, tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    path.write_text("书名,作者\n论语,孔子\n孟子,孟轲\n", encoding="utf-8")
    job = services.import_file(shaoxing, path, mapping={"作者": "creators"})
    assert (job.added, job.quarantined) == (0, 2)
    entries = list(QuarantinedRecord.objects.filter(job=job))
    assert all("title" in entry.reason for entry in entries)
    fixed = services.reprocess_quarantined(
        None, shaoxing, [e.pk for e in entries], mapping={"书名": "title", "作者": "creators"}
    )
    assert (fixed.added, fixed.quarantined) == (2, 0)
    assert QuarantinedRecord.objects.filter(job=job, resolved_at__isnull=True).count() == 0
    assert set(Record.objects.filter(library=shaoxing).values_list("title", flat=True)) == {
        "论语",
        "孟子",
    }


def test_import_command_prints_the_report(shaoxing: Library) -> None:
    out = StringIO()
    call_command(
        "import", "ZJ-SX", str(SHARED_DATA / "pymarc-testdata/bad_records.mrc"), stdout=out
    )
    assert "quarantined 3" in out.getvalue()
    assert "field 245: no title" in out.getvalue()


def test_import_command_refuses_unknown_library_and_file(shaoxing: Library) -> None:
    with pytest.raises(CommandError, match="No library"):
        call_command("import", "XX-NOPE", str(BLACKLIGHT))
    with pytest.raises(CommandError, match="unknown kind of file"):
        call_command("import", "ZJ-SX", str(SHARED_DATA / "marc4j-testdata/README.md"))
