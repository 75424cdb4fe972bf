"""A person's view: the console tree after signing in, and a branch site on a phone."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_signs_in_and_opens_the_tree(browser, live_server, network, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/console/")
    assert "/console/sign-in/" in page.url
    page.fill("#id_username", "operator")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit].w-100")
    page.wait_for_url(f"{live_server.url}/console/")
    assert page.inner_text("[data-testid=library-count]") == "26"
    page.click("aside a[href='/console/libraries/']")
    zhejiang = page.locator("details[data-code=ZJ]")
    zhejiang.locator("> summary").click()
    page.locator("details[data-code=ZJ-SX] > summary").click()
    zhuji = page.locator("[data-code=ZJ-SX-ZJ]")
    zhuji.wait_for(state="visible")
    assert "7.4 / 10 TB" in zhuji.inner_text()
    page.screenshot(path=screenshot_dir / "console-tree.png", full_page=True)
    page.close()


def test_branch_site_on_a_phone(browser, live_server, network, screenshot_dir):
    port = live_server.url.rsplit(":", 1)[1]
    page = browser.new_page(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page.goto(f"http://sx.localhost:{port}/")
    assert page.title() == "绍兴图书馆 · 书云"
    navbar_colour = page.eval_on_selector(".sy-navbar", "e => getComputedStyle(e).backgroundColor")
    assert navbar_colour == "rgb(47, 107, 79)"  # Shaoxing's #2f6b4f
    search_box = page.locator("input[name=q]").bounding_box()
    assert search_box is not None and search_box["width"] > 250  # fills the phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path=screenshot_dir / "branch-site-phone.png", full_page=True)
    page.click("button.navbar-toggler")
    page.click("button[value=en]")
    page.wait_for_load_state()
    assert "Zhuji Library" in page.inner_text("main")
    page.screenshot(path=screenshot_dir / "branch-site-phone-en.png", full_page=True)
    page.close()
