"""A reader on a phone searches in traditional characters, pinyin initials, an ISBN and English."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


def search_from_home(page, base_url: str, query: str) -> None:
    page.goto(f"{base_url}/")
    page.fill("input[name=q]", query)
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("[data-testid=total]")


@pytest.mark.parametrize(
    ("name", "query", "expected"),
    [
        ("traditional", "圖書館", "超星光盘圖书馆"),
        ("pinyin-initials", "tsg", "理智与情感"),
        ("isbn", "978-0-7432-9779-0", "Strong Medicine"),
        ("english", "Summerland", "Summerland"),
    ],
)
def test_reader_on_a_phone_finds_the_record(
    browser,
    live_server,
    indexed,
    screenshot_dir,
    name,
    query,
    expected,
):
    page = browser.new_page(**PHONE)
    search_from_home(page, live_server.url, query)
    first = page.locator(".sy-hit").first
    assert expected in first.inner_text() or expected in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.screenshot(path=screenshot_dir / f"search-phone-{name}.png", full_page=False)
    page.click("button[data-bs-target='#sy-facets']")  # the facet drawer
    drawer = page.locator("#sy-facets")
    page.wait_for_function(
        "(e => e.classList.contains('show') && !e.classList.contains('showing'))"
        "(document.querySelector('#sy-facets'))"
    )
    assert drawer.locator("[data-facet=language] a").count() >= 1
    if name == "traditional":
        page.screenshot(path=screenshot_dir / "search-phone-facets.png", full_page=False)
    first_link = page.locator(".sy-hit a").first
    page.click("button.btn-close")
    first_link.click()
    page.wait_for_selector("[data-testid=holdings]")
    if name == "isbn":
        page.screenshot(path=screenshot_dir / "search-phone-record.png", full_page=True)
    page.close()
