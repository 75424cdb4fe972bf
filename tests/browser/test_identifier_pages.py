"""A reader on a phone follows a withdrawn identifier and a mistyped one."""

from __future__ import annotations

import pytest

from shuyun.identifiers import services
from tests.identifiers import conftest as identifier_fixtures
from tests.identifiers.conftest import an_object

# The identifier fixtures, shared with tests/identifiers/.
prefixes = identifier_fixtures.prefixes
registrant = identifier_fixtures.registrant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tombstone_and_typo_pages_on_a_phone(
    browser, live_server, prefixes, registrant, screenshot_dir
):
    identifier = services.register_identifier(registrant("ZJ-SX"), an_object()).identifier
    services.withdraw_identifier(registrant("ZJ-SX"), identifier.handle, "版权到期，已下架")
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{live_server.url}/id/{identifier.handle}")
    assert page.inner_text("[data-testid=reason]") == "版权到期，已下架"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "identifier-tombstone-phone.png", full_page=True)
    prefix, suffix = identifier.handle.split("/")
    typo = suffix[:-1] + ("b" if suffix[-1] != "b" else "c")
    page.goto(f"{live_server.url}/id/{prefix}/{typo}")
    assert "校验字符" in page.inner_text("[data-testid=check-mismatch]")
    page.screenshot(path=screenshot_dir / "identifier-typo-phone.png", full_page=True)
    page.close()


def test_librarian_edits_locations_on_a_phone(
    browser, live_server, prefixes, registrant, person, screenshot_dir
):
    from shuyun.accounts.models import Role
    from tests.conftest import TEST_PASSWORD

    handle = services.register_identifier(registrant("ZJ-SX"), an_object()).identifier.handle
    librarian = person(Role.LIBRARIAN, "ZJ-SX")
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{live_server.url}/console/sign-in/")
    page.fill("#id_username", librarian.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit].w-100")
    page.wait_for_url(f"{live_server.url}/console/")
    page.goto(f"{live_server.url}/console/identifiers/i/{handle}")
    page.click(f"a[href='/console/identifiers/locations/{handle}']")
    page.fill("#id_locations", "https://sx.example.org/new\nhttps://nlc.example.org/copy NLC")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "identifier-locations-phone.png", full_page=True)
    page.click("[data-testid=save-locations]")
    page.wait_for_url(f"{live_server.url}/console/identifiers/i/{handle}")
    assert "https://nlc.example.org/copy" in page.inner_text("main")
    page.screenshot(path=screenshot_dir / "identifier-detail-phone.png", full_page=True)
    page.close()
