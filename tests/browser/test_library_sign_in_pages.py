"""A library's administrator sets which sign-in methods the branch site offers and registers
the library's OPAC for single sign-on, copying the secret shown once."""

from __future__ import annotations

import pytest

from shuyun.accounts.models import Role, SignInPolicy
from tests.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_sets_sign_in_and_registers_the_opac(
    browser, live_server, person, screenshot_dir
):
    admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/console/sign-in/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit].w-100")
    page.goto(f"{live_server.url}/console/libraries/ZJ-SX/")
    page.click("a[href='/console/libraries/ZJ-SX/sign-in/']")
    for method in ("phone", "card", "qq"):
        page.check(f"input[name=methods][value={method}]")
    page.fill("#id_sip2_encoding", "gb18030")
    page.screenshot(path=screenshot_dir / "sign-in-policy.png", full_page=True)
    page.click("button[type=submit].btn-dark")
    page.wait_for_url("**/sign-in/")
    assert SignInPolicy.objects.get().methods == ["phone", "card", "qq"]

    page.click("a[href='/console/libraries/ZJ-SX/systems/']")
    page.fill("#id_name", "绍兴图书馆 OPAC")
    page.fill("#id_redirect_uris", "https://opac.sxlib.example/callback")
    page.click("button[name=register]")
    secret = page.locator("[data-testid=issued-secret]")
    secret.wait_for(state="visible")
    assert "绍兴图书馆 OPAC" in page.inner_text("table")
    page.screenshot(path=screenshot_dir / "registered-systems.png", full_page=True)
    page.close()
