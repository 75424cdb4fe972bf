"""An operator's view of the warehouse: a cluster held by three libraries, split by hand."""

from __future__ import annotations

import pytest

from shuyun.catalog.models import Record
from shuyun.harvest.services import import_file
from tests.conftest import SHARED_DATA, TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DP2 = SHARED_DATA / "dp2-sru-cnmarc"


def test_operator_splits_a_cluster(browser, live_server, network, screenshot_dir):
    import_file(network["ZJ"], DP2 / "sample_cnmarcxml.xml")
    import_file(network["ZJ-SX"], DP2 / "sample_dc.xml")
    import_file(network["ZJ-SX-ZJ"], DP2 / "sample_unimarcxml.xml")
    import_file(network["ZJ-SX"], SHARED_DATA / "pymarc-testdata/bad_records.mrc")
    record = Record.objects.get(library__code="ZJ-SX", source_id="990002180740203961")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/console/sign-in/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit].w-100")
    page.wait_for_url(f"{live_server.url}/console/")
    page.goto(f"{live_server.url}/console/catalog/works/{record.work_id}/")
    rows = page.locator("[data-testid=cluster] tbody tr")
    assert rows.count() == 3
    assert "ISBN 相同：9787503717444" in page.inner_text("[data-testid=cluster]")
    page.screenshot(path=screenshot_dir / "warehouse-cluster.png", full_page=True)
    page.check(f"input[name=record][value='{record.pk}']")
    page.click("text=拆分所选记录")
    page.wait_for_url(f"{live_server.url}/console/catalog/works/*/")
    assert page.locator("[data-testid=cluster] tbody tr").count() == 1
    page.goto(f"{live_server.url}/console/catalog/libraries/ZJ-SX/")
    assert page.locator("[data-testid=quarantine] tbody tr").count() == 3
    page.screenshot(path=screenshot_dir / "warehouse-library.png", full_page=True)
    page.close()
