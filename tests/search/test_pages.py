"""The reader pages and the API: results, record, classes, suggestions, events recorded."""

from __future__ import annotations

from django.test import Client

from shuyun.analytics.models import Event, EventKind
from shuyun.catalog.documents import WorkDocument
from shuyun.federation.models import Library


def test_results_page_highlights_and_offers_facets(
    client: Client,
    indexed: list[WorkDocument],
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
) -> None:
    with django_assert_max_num_queries(6), django_capture_on_commit_callbacks(execute=True):
        response = client.get("/search/", {"q": "中國發展報告"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>中国发展报告</mark>" in page
    assert 'data-facet="clc"' in page and "F 经济" in page
    assert 'id="sy-facets"' in page  # the offcanvas drawer on phones
    event = Event.objects.get(kind=EventKind.SEARCH)
    assert event.details == {"q": "中國發展報告", "total": 9}


def test_facet_link_narrows_and_can_be_undone(client: Client, indexed: list[WorkDocument]) -> None:
    response = client.get("/search/", {"q": "中国发展报告", "clc": "D"})
    assert response.context["found"].page.total == 1
    links = {
        value.value: url
        for facet, values in response.context["facets"]
        if facet.name == "clc"
        for value, url in values
    }
    assert "clc=" not in links["D"]  # the selected value's link switches it off
    assert "clc=D" in links["F"] and "clc=F" in links["F"]  # another value adds to it


def test_empty_result_suggests_and_explains_folding(
    client: Client, indexed: list[WorkDocument]
) -> None:
    page = client.get("/search/", {"q": "登鸛雀樓記"}).content.decode()
    assert 'data-testid="did-you-mean"' in page and "登鸛雀樓" in page
    assert "登鹳雀楼记" in page


def test_branch_site_offers_the_whole_network(
    client: Client, indexed: list[WorkDocument], network: dict[str, Library]
) -> None:
    page = client.get("/search/", {"q": "中国发展报告"}, HTTP_HOST="sx.localhost").content.decode()
    assert 'data-testid="whole-network"' in page and "scope=network" in page


def test_work_page_lists_holdings_nearest_first_and_records_the_view(
    client: Client,
    indexed: list[WorkDocument],
    network: dict[str, Library],
    django_capture_on_commit_callbacks,
) -> None:
    work = next(d for d in indexed if len({h.library_code for h in d.holdings}) >= 5)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/search/work/{work.work_id}/", HTTP_HOST="sx.localhost")
    assert response.status_code == 200
    rows = response.context["holdings"]
    distances = [row.distance_km for row in rows if row.code != "ZJ-SX"]
    assert distances == sorted(distances)
    assert Event.objects.filter(kind=EventKind.VIEW, details__work_id=work.work_id).exists()
    assert client.get("/search/work/999999/").status_code == 404


def test_class_browse_counts_and_drills_down(client: Client, indexed: list[WorkDocument]) -> None:
    top = client.get("/search/classes/").context["children"]
    assert len(top) == 22 and {n.code: n.count for n in top}["I"] > 1000
    children = client.get("/search/classes/I2/").context["children"]
    assert [(n.code, n.count) for n in children] == [("I22", {n.code: n.count for n in top}["I"])]
    assert client.get("/search/subjects/").context["subjects"][0].count > 1


def test_suggestions_complete_pinyin_as_you_type(
    client: Client, indexed: list[WorkDocument]
) -> None:
    page = client.get("/search/suggest/", {"q": "jingye"}).content.decode()
    assert '<option value="靜夜思">' in page


def test_api_search_with_filters_facets_and_cursor(
    client: Client,
    indexed: list[WorkDocument],
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
) -> None:
    query = {"q": "pride", "limit": 3, "language": ["eng"]}
    with django_assert_max_num_queries(6), django_capture_on_commit_callbacks(execute=True):
        first = client.get("/api/v1/search", query).json()
    assert first["total"] > 3 and len(first["hits"]) == 3
    assert [v for v in first["facets"]["language"] if v["selected"]][0]["value"] == "eng"
    with django_capture_on_commit_callbacks(execute=True):
        second = client.get("/api/v1/search", {**query, "cursor": first["next_cursor"]}).json()
    assert not {h["work"]["work_id"] for h in first["hits"]} & {
        h["work"]["work_id"] for h in second["hits"]
    }
    assert Event.objects.filter(kind=EventKind.SEARCH, details__via="api").count() == 2


def test_api_suggest(client: Client, indexed: list[WorkDocument]) -> None:
    found = client.get("/api/v1/suggest", {"q": "chab"}).json()
    assert found[0] == {"text": "Chabon, Michael", "kind": "creator", "count": 3}
    assert client.get("/api/v1/suggest", {"q": "x", "limit": 500}).status_code == 422
