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
