"""A reader signs in with a Shaoxing card checked over SIP2 (a real SIP2 server on loopback),
binds a phone, then enters a member library's own application through OpenID Connect without
typing a password again."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from shuyun.accounts import services, sms
from shuyun.accounts.models import User
from tests.accounts.conftest import WANG_CARD, WANG_PIN, connect_ils
from tests.peers.oidc_client import RelyingParty, serving
from tests.peers.sip2_server import Ils, Patron, running_ils

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_card_over_sip2_then_phone_then_single_sign_on(
    browser, live_server, network, operator, screenshot_dir, settings
):
    settings.SHUYUN_SMS_GATEWAY = "outbox"
    cache.clear()
    sms.OUTBOX.sent.clear()
    shaoxing = network["ZJ-SX"]
    ils = Ils("ZJSX", {WANG_CARD: Patron("王小明", WANG_PIN)})
    with running_ils(ils):
        connect_ils(operator, shaoxing, ils)
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        page.goto(f"{live_server.url}/account/sign-in/?next=/account/")
        page.click("button[data-method=card]")
        form = page.locator("[data-testid=sign-in-card]")
        form.locator("select[name=library]").select_option(str(shaoxing.pk))
        form.locator("input[name=number]").fill(WANG_CARD)
        form.locator("input[name=password]").fill(WANG_PIN)
        form.locator("input[name=consent]").check()
        page.screenshot(path=screenshot_dir / "reader-sign-in-card.png", full_page=True)
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/account/")
        assert page.inner_text("[data-testid=reader-name]") == "王小明"

    page.locator("details:has([data-testid=bind-phone]) > summary").click()
    bind = page.locator("[data-testid=bind-phone]")
    bind.locator("input[name=phone]").fill("13800138000")
    bind.locator("[data-send-code]").click()
    bind.locator("[data-code-status].text-success").wait_for()
    code = "".join(ch for ch in sms.OUTBOX.sent[-1][1] if ch.isdigit())[:6]
    bind.locator("input[name=code]").fill(code)
    bind.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/account/")
    assert page.inner_text("[data-testid=phone]") == "138****8000"
    page.screenshot(path=screenshot_dir / "reader-profile.png", full_page=True)

    app, secret = services.register_member_client(
        operator, shaoxing, "绍兴图书馆 OPAC", redirect_uris="http://127.0.0.1/callback"
    )
    rp = RelyingParty(f"{live_server.url}/o", app.client_id, secret, "绍兴图书馆 OPAC")
    with serving(rp):
        app.redirect_uris = f"{rp.url}/callback"
        app.save(update_fields=["redirect_uris"])
        page.goto(f"{rp.url}/login")
        page.wait_for_selector("#welcome")
        assert page.inner_text("#welcome") == "欢迎，王小明"
        page.screenshot(path=screenshot_dir / "member-library-sso.png", full_page=True)
    reader = User.objects.get(cards__number=WANG_CARD)
    assert rp.signed_in[0]["sub"] == str(reader.public_id)
    assert rp.signed_in[0]["card_number"] == WANG_CARD
    page.close()
