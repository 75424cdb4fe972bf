"""GET /id/<prefix>/<suffix>: redirect, branch-site preference, Handle JSON, info, 410, 404."""

from __future__ import annotations

from shuyun.analytics.models import Event, EventKind
from shuyun.identifiers import health, services
from shuyun.identifiers.linkcheck import LinkResult
from shuyun.identifiers.values import LocationInput
from tests.identifiers.conftest import ROOT, an_object


def _two_copies(registrant):
    data = an_object("https://nlc.example.org/a")
    data.locations[0].library = "NLC"
    data.locations.append(LocationInput("https://sx.example.org/a", library="ZJ-SX", priority=5))
    return services.register_identifier(registrant("ZJ-SX"), data).identifier


def test_redirects_to_the_best_location_and_records_the_resolution(
    client, prefixes, registrant, django_capture_on_commit_callbacks
):
    identifier = _two_copies(registrant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/id/{identifier.handle}")
    assert response.status_code == 302 and response["Location"] == "https://nlc.example.org/a"
    event = Event.objects.get(kind=EventKind.RESOLVE)
    assert event.object_id == str(identifier.pk) and event.library.code == "ZJ-SX"
    assert event.details == {"prefix": f"{ROOT}.zj.sx", "how": "redirect"}


def test_upper_case_and_full_width_input_resolve(client, prefixes, registrant):
    identifier = _two_copies(registrant)
    shouted = identifier.handle.upper().replace("1", "１")
    assert client.get(f"/id/{shouted}").status_code == 302


def test_branch_site_gets_its_own_library_copy(client, prefixes, registrant):
    identifier = _two_copies(registrant)
    response = client.get(f"/id/{identifier.handle}", HTTP_HOST="sx.localhost")
    assert response["Location"] == "https://sx.example.org/a"
    response = client.get(f"/id/{identifier.handle}", HTTP_HOST="zj.localhost")
    assert response["Location"] == "https://nlc.example.org/a"


def test_broken_locations_are_skipped(
    client, prefixes, registrant, django_capture_on_commit_callbacks
):
    identifier = _two_copies(registrant)
    first = identifier.locations.get(priority=0)
    assert client.get(f"/id/{identifier.handle}")["Location"] == "https://nlc.example.org/a"
    with django_capture_on_commit_callbacks(execute=True):
        health.record_link_results([LinkResult(first.pk, 404, "HTTP 404")])
    assert client.get(f"/id/{identifier.handle}")["Location"] == "https://sx.example.org/a"
    with django_capture_on_commit_callbacks(execute=True):
        health.record_link_results([LinkResult(first.pk, 200, "")])
    assert client.get(f"/id/{identifier.handle}")["Location"] == "https://nlc.example.org/a"


def test_changes_reach_resolution_once_committed(
    client, prefixes, registrant, django_capture_on_commit_callbacks
):
    sx = registrant("ZJ-SX")
    handle = services.register_identifier(sx, an_object()).identifier.handle
    assert client.get(f"/id/{handle}")["Location"] == "https://sx.example.org/obj/1"  # cached
    with django_capture_on_commit_callbacks(execute=True):
        services.update_identifier(sx, handle, an_object("https://sx.example.org/moved"))
    assert client.get(f"/id/{handle}")["Location"] == "https://sx.example.org/moved"
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_identifier(sx, handle, "重复登记")
    assert client.get(f"/id/{handle}").status_code == 410


def test_handle_json_shape(client, prefixes, registrant):
    identifier = services.register_identifier(
        registrant("ZJ-SX"), an_object(sha256="a" * 64, work_id=3)
    ).identifier
    for response in (
        client.get(f"/id/{identifier.handle}", HTTP_ACCEPT="application/json"),
        client.get(f"/id/{identifier.handle}", {"format": "json"}),
        client.get(f"/api/handles/{identifier.handle}"),
    ):
        body = response.json()
        assert response.status_code == 200
        assert body["responseCode"] == 1 and body["handle"] == identifier.handle
        url = body["values"][0]
        assert url["index"] == 1 and url["type"] == "URL" and url["ttl"] == 86400
        assert url["data"] == {"format": "string", "value": "https://sx.example.org/obj/1"}
        assert url["timestamp"].endswith("Z")
        types = {value["type"]: value["data"]["value"] for value in body["values"]}
        assert types["CHECKSUM"] == "sha256:" + "a" * 64
        assert types["WORK"] == "http://testserver/works/3/"
    only_urls = client.get(f"/api/handles/{identifier.handle}", {"type": "URL"}).json()
    assert [value["type"] for value in only_urls["values"]] == ["URL"]
    missing = client.get(f"/api/handles/{ROOT}.zj.sx/nothing-here")
    assert missing.status_code == 404 and missing.json()["responseCode"] == 100


def test_info_states_the_persistence_commitment(client, prefixes, registrant):
    identifier = _two_copies(registrant)
    page = client.get(f"/id/{identifier.handle}", {"info": ""}).content.decode()
    assert 'data-testid="persistence"' in page and "绍兴图书馆" in page
    assert "https://sx.example.org/a" in page


def test_withdrawn_answers_410_with_a_tombstone(client, prefixes, registrant):
    identifier = _two_copies(registrant)
    services.withdraw_identifier(registrant("ZJ-SX"), identifier.handle, "重复登记，已合并")
    response = client.get(f"/id/{identifier.handle}")
    assert response.status_code == 410
    assert "重复登记，已合并" in response.content.decode()
    assert client.get(f"/id/{identifier.handle}", {"format": "json"}).status_code == 410
    assert not Event.objects.filter(kind=EventKind.RESOLVE).exists()


def test_unknown_identifiers_get_help(client, prefixes, registrant):
    identifier = services.register_identifier(registrant("ZJ-SX"), an_object()).identifier
    prefix, suffix = identifier.handle.split("/")
    wrong_check = suffix[:-1] + ("b" if suffix[-1] != "b" else "c")
    page = client.get(f"/id/{prefix}/{wrong_check}")
    assert page.status_code == 404
    text = page.content.decode()
    assert 'data-testid="check-mismatch"' in text and identifier.handle in text  # did you mean
    page = client.get("/id/99.999/anything")
    assert page.status_code == 404 and 'data-testid="unknown-prefix"' in page.content.decode()
    page = client.get(f"/id/{prefix}/a%3Fb")
    assert 'data-testid="syntax-error"' in page.content.decode()
    assert client.get(f"/id/{prefix}/never-registered").status_code == 404


def test_resolution_is_one_query_and_one_event(
    client, prefixes, registrant, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    identifier = services.register_identifier(registrant("ZJ-SX"), an_object()).identifier
    with django_assert_max_num_queries(2), django_capture_on_commit_callbacks(execute=True):
        assert client.get(f"/id/{identifier.handle}").status_code == 302  # lookup + event row
