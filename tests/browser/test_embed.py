"""A member library's own web page, on another origin, searches through the embedded box."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from shuyun.catalog.models import Record
from shuyun.federation.models import Library
from tests.oai.conftest import load_warehouse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>绍兴图书馆 · 自己的网站</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:sans-serif;max-width:720px;margin:24px auto">
<h1>绍兴图书馆</h1><p>The library's own website, served from another origin.</p>
{snippet}
</body></html>
"""


@pytest.fixture
def library_website(tmp_path: Path, live_server: Any) -> Iterator[str]:
    """A plain web server on loopback (another port, another host name) with the snippet."""
    snippet = (
        '<div id="shuyun-search-zj-sx"></div>\n'
        f'<script src="{live_server.url}/embed/ZJ-SX.js" data-target="shuyun-search-zj-sx" async>'
        "</script>"
    )
    (tmp_path / "index.html").write_text(PAGE.format(snippet=snippet), encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def test_another_origin_searches_the_library_and_the_network(
    browser: Any,
    live_server: Any,
    network: dict[str, Library],
    library_website: str,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    with override_settings(SHUYUN_SEARCH_DIR=tmp_path / "search"):
        load_warehouse(network)  # indexed as each batch commits
        page = browser.new_page(viewport={"width": 800, "height": 900})
        page.goto(library_website)
        assert live_server.url.split("//")[1] not in page.url  # truly another origin
        box = page.locator("input[type=search]")
        box.fill("中国")
        box.press("Enter")
        results = page.locator("li")
        results.first.wait_for()
        assert (
            "results" in page.locator("[role=status]").inner_text()
            or "条" in page.locator("[role=status]").inner_text()
        )
        titles = results.locator("a").all_inner_texts()
        assert "'94中国发展报告" in titles
        assert results.locator(".here").count() == results.count()
        border = page.eval_on_selector(
            "#shuyun-search-zj-sx",
            "e => getComputedStyle(e.shadowRoot.querySelector('.box')).borderTopColor",
        )
        assert border == "rgb(47, 107, 79)"  # Shaoxing's #2f6b4f
        page.screenshot(path=screenshot_dir / "embed-library.png", full_page=True)

        national = Record.objects.filter(library__code="NLC", title__regex=r"^[A-Za-z]{5,}").first()
        assert national is not None
        page.locator("input[name=network]").check()
        box.fill(national.title.split()[0])
        box.press("Enter")
        page.locator("li a", has_text=national.title.strip(" /:")).first.wait_for()
        assert page.locator("li .here").count() == 0  # the network's, not Shaoxing's
        page.screenshot(path=screenshot_dir / "embed-network.png", full_page=True)
        page.close()
