"""Ingest's per-batch lookups go through indexes, whatever the size of the warehouse."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shuyun.federation.models import Library
from shuyun.harvest.services import import_file
from tests.conftest import SHARED_DATA

BLACKLIGHT = SHARED_DATA / "blacklight-marc-testdata/test_data.utf8.mrc"
WAREHOUSE_TABLES = ("catalog_record", "catalog_workkey")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN")
def test_batch_lookups_search_indexes(network: dict[str, Library]) -> None:
    import_file(network["ZJ"], BLACKLIGHT)
    with CaptureQueriesContext(connection) as captured:
        import_file(network["ZJ-SX"], BLACKLIGHT)  # every record's keys are known: lookups hit
    lookups = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and any(t in q["sql"] for t in WAREHOUSE_TABLES)
    ]
    assert len(lookups) >= 2
    with connection.cursor() as cursor:
        for sql in lookups:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " / ".join(row[-1] for row in cursor.fetchall())
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
            assert not any(f"SCAN {table}" in plan for table in WAREHOUSE_TABLES), plan
