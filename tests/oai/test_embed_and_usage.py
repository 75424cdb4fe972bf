"""Embedded search for member libraries' sites, the console pages, and usage counting."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from shuyun.accounts.models import Role, User
from shuyun.analytics.models import Event, EventKind
from shuyun.catalog.models import Record
from shuyun.federation import services as federation_services
from shuyun.federation.models import ApiScope, Library
from shuyun.search import services as search_services


@pytest.fixture
def searchable(warehouse: list[Record]) -> list[Record]:
    search_services.rebuild_index()
    return warehouse


def test_script_carries_the_library_colours(client: Client, network: dict[str, Library]) -> None:
    response = client.get("/embed/ZJ-SX.js")
    assert response["Content-Type"] == "text/javascript"
    body = response.content.decode()
    assert network["ZJ-SX"].site.primary_color in body and '"ZJ-SX"' in body
    assert client.get("/embed/NOPE.js").status_code == 404


def test_embed_search_is_scoped_and_open_to_other_origins(
    client: Client, searchable: list[Record], django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        own = client.get("/embed/ZJ-SX/search", {"q": ""}).json()
    network = client.get("/embed/ZJ-SX/search", {"q": "", "scope": "network"}).json()
    assert own["total"] > 0 and network["total"] > own["total"]
    assert all(hit["held_here"] for hit in own["hits"])
    english = client.get("/embed/ZJ-SX/search", {"q": "a", "scope": "network"}).json()
    assert english["hits"] and not any(hit["held_here"] for hit in english["hits"])
    response = client.get("/embed/ZJ-SX/search", {"q": "中国"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    event = Event.objects.get(kind=EventKind.SEARCH)
    assert event.library.code == "ZJ-SX" and event.details["via"] == "embed"  # type: ignore[union-attr]


def test_only_the_embed_frame_may_be_framed(client: Client, network: dict[str, Library]) -> None:
    frame = client.get("/embed/ZJ-SX/")
    assert frame.status_code == 200 and "X-Frame-Options" not in frame
    assert client.get("/").headers["X-Frame-Options"] == "DENY"
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/libraries")


def test_librarian_copies_the_snippet_and_outsiders_are_refused(
    client: Client, network: dict[str, Library], person: Callable[[Role, str], User]
) -> None:
    client.force_login(person(Role.LIBRARIAN, "ZJ-SX"))
    page = client.get("/console/interfaces/ZJ-SX/embed/").content.decode()
    assert "http://testserver/embed/ZJ-SX.js" in page and "/embed/ZJ-SX/" in page
    for outsider in (person(Role.PROVINCIAL_OPERATOR, "HB"), person(Role.LIBRARIAN, "ZJ-SX-ZJ")):
        client.force_login(outsider)
        assert client.get("/console/interfaces/ZJ-SX/embed/").status_code == 403
        assert client.get("/console/interfaces/ZJ-SX/usage/").status_code == 403
    client.logout()
    assert client.get("/console/interfaces/ZJ-SX/usage/").status_code == 302


def test_api_calls_and_harvests_are_counted_per_key(
    client: Client,
    warehouse: list[Record],
    person: Callable[[Role, str], User],
    django_capture_on_commit_callbacks: object,
    django_assert_max_num_queries: object,
) -> None:
    admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
    library = admin.library
    assert library is not None
    sync, key = federation_services.issue_api_key(admin, library, "catalogue sync", [ApiScope.READ])
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        for _ in range(3):
            client.get("/api/v1/records", HTTP_X_API_KEY=key)
        for _ in range(2):
            client.get(
                "/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, HTTP_X_API_KEY=key
            )
        client.get("/oai", {"verb": "Identify"})  # anonymous: counted without a library
    harvest = Event.objects.filter(kind=EventKind.HARVEST, library=library).first()
    assert harvest is not None and harvest.details["records"] == len(warehouse)
    assert Event.objects.filter(kind=EventKind.HARVEST, library=None).count() == 1
    client.force_login(admin)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = client.get("/console/interfaces/ZJ-SX/usage/").content.decode()
    row = (
        f"<td><code>sy_{sync.prefix}_…</code></td><td>catalogue sync</td>"
        '<td class="text-end">3</td><td class="text-end">2</td>'
    )
    assert row in page


def test_the_library_page_links_to_its_snippet_and_usage_for_whoever_may_see_them(
    client: Client, network: dict[str, Library], person: Callable[[Role, str], User]
) -> None:
    links = ("/console/interfaces/ZJ-SX/embed/", "/console/interfaces/ZJ-SX/usage/")
    for viewer in (person(Role.LIBRARIAN, "ZJ-SX"), person(Role.PROVINCIAL_OPERATOR, "ZJ")):
        client.force_login(viewer)
        page = client.get("/console/libraries/ZJ-SX/").content.decode()
        for link in links:
            assert f'href="{link}"' in page
            assert client.get(link).status_code == 200
    # Those the library page refuses are refused the linked pages too.
    for outsider in (person(Role.PROVINCIAL_OPERATOR, "HB"), person(Role.LIBRARIAN, "ZJ-SX-ZJ")):
        client.force_login(outsider)
        assert client.get("/console/libraries/ZJ-SX/").status_code == 403
        assert all(client.get(link).status_code == 403 for link in links)
