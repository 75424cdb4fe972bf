"""The host name selects the branch site; unknown hosts are refused or fall back."""

from __future__ import annotations

from shuyun.analytics.models import Event, EventKind


def test_branch_host_shows_its_library(client, network):
    response = client.get("/", HTTP_HOST="sx.localhost")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>绍兴图书馆 · 书云</title>" in page
    assert "--sy-primary: #2f6b4f" in page
    assert "诸暨市图书馆" in page and "杭州图书馆" not in page


def test_allowed_but_unregistered_host_gets_the_national_site(client, network):
    page = client.get("/", HTTP_HOST="elsewhere.localhost:8000").content.decode()
    assert "书云 · 国家数字图书馆" in page and "浙江图书馆" in page


def test_unknown_host_is_refused_with_a_reason(client, network):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "evil.example.com" in response.content.decode()


def test_host_added_in_the_console_is_served_at_once(
    client, network, operator, django_capture_on_commit_callbacks
):
    from shuyun.federation import services

    assert client.get("/", HTTP_HOST="lib.zhuji.example").status_code == 400
    look = services.SiteLook(title="诸暨", hosts=["zhuji.localhost", "lib.zhuji.example"])
    with django_capture_on_commit_callbacks(execute=True):
        services.save_branch_site(operator, network["ZJ-SX-ZJ"], look)
    assert client.get("/", HTTP_HOST="lib.zhuji.example").status_code == 200


def test_home_is_chinese_by_default_and_english_when_chosen(client, network):
    # An English browser still gets Chinese until the reader picks English with the switch.
    assert "成员馆" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get("/").content.decode()
    assert "Member libraries" in english and "Zhejiang Library" in english


def test_page_views_are_recorded(client, network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/", HTTP_HOST="sx.localhost")
    event = Event.objects.get(kind=EventKind.PAGE_VIEW)
    assert event.library.code == "ZJ-SX" and event.details == {"page": "home"}


def test_site_is_cached_and_refreshed_after_a_change(
    client, network, operator, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from shuyun.federation import services
    from shuyun.federation.sites import site_for_host

    assert site_for_host("sx.localhost").title == "绍兴图书馆 · 书云"
    with django_assert_num_queries(0):
        assert site_for_host("sx.localhost").library.code == "ZJ-SX"
    look = services.SiteLook(title="绍兴图书馆新站", hosts=["sx.localhost"])
    with django_capture_on_commit_callbacks(execute=True):
        services.save_branch_site(operator, network["ZJ-SX"], look)
    assert site_for_host("sx.localhost").title == "绍兴图书馆新站"
