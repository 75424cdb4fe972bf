"""QQ sign-in through our own allauth provider (allauth ships none for QQ Connect): offered once
configured, sends the reader to graph.qq.com with our APP ID, opens or binds a reader account
through allauth's own pipeline, and reads QQ's JSONP answers."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.contrib.auth.models import AnonymousUser

from shuyun.accounts.models import Role
from shuyun.accounts.qq.views import parse_answer
from tests.accounts.social import callback_request, complete_social_login, sociallogin
from tests.peers.qq_connect import QQConnect, running_qq_connect

APP_ID, APP_KEY = "101234567", "qq-app-key"
OPENID = "1704CE4B9D7B5DA21C1BE48AF3E0A2F2"
# get_user_info's answer, in the shape QQ Connect documents.
QQ_USER_INFO = {
    "ret": 0,
    "msg": "",
    "nickname": "书虫小王",
    "gender": "男",
    "figureurl_qq_1": "https://example.invalid/qq/40",
    "figureurl_qq_2": "https://example.invalid/qq/100",
}


@pytest.fixture(autouse=True)
def qq_configured(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"qq": {"APPS": [{"client_id": APP_ID, "secret": APP_KEY}]}}


def qq_login(request):
    return sociallogin(request, "qq", {**QQ_USER_INFO, "openid": OPENID})


def test_sign_in_page_offers_qq_once_configured(client, network):
    page = client.get("/account/sign-in/").content.decode()
    assert "/auth/qq/login/" in page and "/auth/weixin/login/" not in page


def test_login_goes_to_qq_connect_with_our_app_id(client, network):
    response = client.post("/auth/qq/login/")
    target = urlparse(response["Location"])
    assert (target.netloc, target.path) == ("graph.qq.com", "/oauth2.0/authorize")
    query = parse_qs(target.query)
    assert query["client_id"] == [APP_ID] and query["response_type"] == ["code"]
    assert query["scope"] == ["get_user_info"] and query["state"][0]
    assert query["redirect_uri"][0].endswith("/auth/qq/login/callback/")


def test_first_qq_sign_in_opens_a_reader_account_at_the_branch_site(network):
    request = callback_request(AnonymousUser(), "qq")
    login = qq_login(request)
    login.state = {"process": "login"}
    complete_social_login(request, login)
    account = SocialAccount.objects.get(provider="qq")
    assert account.uid == OPENID and account.user.role == Role.READER
    assert account.user.library.code == "ZJ-SX" and account.user.display_name == "书虫小王"
    assert account.get_avatar_url() == "https://example.invalid/qq/100"


def test_bind_qq_to_a_signed_in_reader_then_unbind(client, network, person):
    reader = person(Role.READER, "ZJ-SX")
    request = callback_request(reader, "qq")
    login = qq_login(request)
    login.state = {"process": "connect", "next": "/account/"}
    assert complete_social_login(request, login).status_code == 302
    account = SocialAccount.objects.get(user=reader, provider="qq")
    client.force_login(reader)
    assert "QQ" in client.get("/account/").content.decode()
    client.post(f"/account/third-party/{account.pk}/unbind/")
    assert not SocialAccount.objects.filter(user=reader).exists()


def test_answers_in_jsonp_json_and_errors():
    jsonp = 'callback( {"client_id":"101234567","openid":"1704CE4B"} );\n'
    assert parse_answer(jsonp, "/oauth2.0/me")["openid"] == "1704CE4B"
    assert parse_answer('{"ret":0,"nickname":"书虫"}', "get_user_info")["nickname"] == "书虫"
    with pytest.raises(OAuth2Error, match="100016 access token check failed"):
        parse_answer(
            'callback( {"error":100016,"error_description":"access token check failed"} );', "me"
        )
    with pytest.raises(OAuth2Error, match="ret -1 client request"):
        parse_answer('{"ret":-1,"msg":"client request is invalid"}', "get_user_info")
    with pytest.raises(OAuth2Error, match="not JSON"):
        parse_answer("<html>busy</html>", "me")


def test_callback_fetches_token_openid_and_profile_from_qq(client, network, settings):
    qq = QQConnect(APP_ID, APP_KEY, code="C0DE", openid=OPENID, profile=QQ_USER_INFO)
    with running_qq_connect(qq):
        settings.SOCIALACCOUNT_PROVIDERS["qq"]["GRAPH_URL"] = qq.url
        state = parse_qs(urlparse(client.post("/auth/qq/login/")["Location"]).query)["state"][0]
        response = client.get("/auth/qq/login/callback/", {"code": "C0DE", "state": state})
    assert response.status_code == 302, response.content.decode()[:500]
    account = SocialAccount.objects.get(provider="qq")
    assert account.uid == OPENID and account.user.display_name == "书虫小王"
    assert account.extra_data["gender"] == "男" and "ret" not in account.extra_data
    paths = [path for path, _query in qq.calls]
    assert paths == ["/oauth2.0/token", "/oauth2.0/me", "/user/get_user_info"]
    assert qq.calls[2][1]["oauth_consumer_key"] == APP_ID


def test_a_wrong_code_opens_no_account(client, network, settings):
    qq = QQConnect(APP_ID, APP_KEY, code="C0DE", openid=OPENID, profile=QQ_USER_INFO)
    with running_qq_connect(qq):
        settings.SOCIALACCOUNT_PROVIDERS["qq"]["GRAPH_URL"] = qq.url
        state = parse_qs(urlparse(client.post("/auth/qq/login/")["Location"]).query)["state"][0]
        client.get("/auth/qq/login/callback/", {"code": "STALE", "state": state})
    assert not SocialAccount.objects.exists()
    assert [path for path, _query in qq.calls] == ["/oauth2.0/token"]
