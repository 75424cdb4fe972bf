"""WeChat and Weibo sign-in through django-allauth, configured by settings: the sign-in page
offers them, the login sends the reader to the provider with our app id, and allauth's own
pipeline binds the returned account to the signed-in reader, who can unbind it again."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import AnonymousUser

from shuyun.accounts.models import Role
from tests.accounts.social import callback_request, complete_social_login, sociallogin

# What WeChat's /sns/userinfo answers (documented shape), as allauth's provider parses it.
WECHAT_USERINFO = {
    "openid": "oWx-1234567890",
    "nickname": "小明",
    "sex": 1,
    "province": "Zhejiang",
    "city": "Shaoxing",
    "country": "CN",
    "headimgurl": "https://example.invalid/avatar.png",
    "unionid": "o6_bmasdasdsad6_2sgVt7hMZOPfL",
}


@pytest.fixture(autouse=True)
def wechat_configured(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "weixin": {"APPS": [{"client_id": "wx-shuyun-test", "secret": "wechat-secret"}]}
    }


def test_sign_in_page_offers_configured_providers_only(client, network):
    page = client.get("/account/sign-in/").content.decode()
    assert "/auth/weixin/login/" in page and "/auth/weibo/login/" not in page


def test_login_goes_to_wechat_with_our_app_id(client, network, person):
    client.force_login(person(Role.READER, "ZJ-SX"))
    response = client.post("/auth/weixin/login/?process=connect")
    target = urlparse(response["Location"])
    assert target.netloc == "open.weixin.qq.com"
    assert parse_qs(target.query)["appid"] == ["wx-shuyun-test"]


def _wechat_login(request):
    return sociallogin(request, "weixin", WECHAT_USERINFO)


def test_bind_then_unbind_from_the_profile(client, network, person):
    reader = person(Role.READER, "ZJ-SX")
    request = callback_request(reader, "weixin")
    sociallogin = _wechat_login(request)
    sociallogin.state = {"process": "connect", "next": "/account/"}
    response = complete_social_login(request, sociallogin)
    assert response.status_code == 302
    account = SocialAccount.objects.get(user=reader)
    assert account.provider == "weixin" and account.uid == "oWx-1234567890"
    client.force_login(reader)
    assert (
        "微信" in client.get("/account/").content.decode()
        or "WeChat" in client.get("/account/").content.decode()
    )
    client.post(f"/account/third-party/{account.pk}/unbind/")
    assert not SocialAccount.objects.filter(user=reader).exists()


def test_first_wechat_sign_in_opens_a_reader_account_at_the_branch_site(network):
    request = callback_request(AnonymousUser(), "weixin")
    sociallogin = _wechat_login(request)
    sociallogin.state = {"process": "login"}
    complete_social_login(request, sociallogin)
    account = SocialAccount.objects.get(uid="oWx-1234567890")
    assert account.user.role == Role.READER and account.user.library.code == "ZJ-SX"
    assert account.user.display_name == "小明"


def test_the_only_way_in_cannot_be_unbound(client, network):
    request = callback_request(AnonymousUser(), "weixin")
    sociallogin = _wechat_login(request)
    sociallogin.state = {"process": "login"}
    complete_social_login(request, sociallogin)
    account = SocialAccount.objects.get()
    client.force_login(account.user)
    client.post(f"/account/third-party/{account.pk}/unbind/")
    assert SocialAccount.objects.filter(pk=account.pk).exists()
