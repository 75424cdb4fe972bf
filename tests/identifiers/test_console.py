"""Console pages: registration, batch upload, withdrawal, locations, delegation, monthly report."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from shuyun.accounts.models import Role
from shuyun.identifiers import services
from shuyun.identifiers.models import Identifier
from tests.identifiers.conftest import ROOT, an_object


def test_outsiders_are_refused(client, prefixes, person, registrant):
    handle = services.register_identifier(registrant("ZJ-SX"), an_object()).identifier.handle
    assert client.get("/console/identifiers/")["Location"].startswith("/console/sign-in/")
    client.force_login(person(Role.READER, "ZJ-SX"))
    assert client.get("/console/identifiers/").status_code == 403
    client.force_login(person(Role.LIBRARIAN, "HB"))
    assert client.get(f"/console/identifiers/i/{handle}").status_code == 403
    response = client.post(f"/console/identifiers/i/{handle}", {"reason": "x"})
    assert response.status_code == 403
    assert Identifier.objects.get(handle=handle).status == "active"


def test_librarian_registers_and_sees_the_duplicate(client, prefixes, person):
    client.force_login(person(Role.LIBRARIAN, "ZJ-SX"))
    form = {
        "title": "越缦堂日记",
        "resource_type": "book",
        "urls": "https://sx.example.org/y/1",
        "sha256": "b" * 64,
    }
    response = client.post("/console/identifiers/register/", form)
    identifier = Identifier.objects.get()
    assert response["Location"] == f"/console/identifiers/i/{identifier.handle}"
    again = client.post("/console/identifiers/register/", form).content.decode()
    assert 'data-testid="existing"' in again and identifier.handle in again
    detail = client.post(f"/console/identifiers/i/{identifier.handle}", {"reason": "错误登记"})
    assert detail.status_code == 302
    identifier.refresh_from_db()
    assert identifier.status == "withdrawn"


def test_librarian_edits_locations_and_outsiders_cannot(
    client, prefixes, person, registrant, django_capture_on_commit_callbacks
):
    handle = services.register_identifier(registrant("ZJ-SX"), an_object()).identifier.handle
    page = f"/console/identifiers/locations/{handle}"
    client.force_login(person(Role.LIBRARIAN, "HB"))
    assert client.get(page).status_code == 403
    assert client.post(page, {"locations": "https://evil.example/"}).status_code == 403
    client.force_login(person(Role.LIBRARIAN, "ZJ-SX"))
    assert "https://sx.example.org/obj/1 ZJ-SX" in client.get(page).content.decode()
    bad = client.post(page, {"locations": "https://sx.example.org/ok\nnot-a-url"})
    assert "locations[2].url" in bad.content.decode()
    new = "https://nlc.example.org/copy nlc\n\nhttps://sx.example.org/new"
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(page, {"locations": new})
    assert saved["Location"] == f"/console/identifiers/i/{handle}"
    identifier = Identifier.objects.get(handle=handle)
    assert identifier.version == 2
    assert [(loc.url, loc.library.code, loc.priority) for loc in identifier.locations.all()] == [
        ("https://nlc.example.org/copy", "NLC", 0),
        ("https://sx.example.org/new", "ZJ-SX", 1),
    ]
    assert client.get(f"/id/{handle}")["Location"] == "https://nlc.example.org/copy"


def test_batch_page_reports_rows(client, prefixes, person, django_assert_max_num_queries):
    client.force_login(person(Role.LIBRARIAN, "ZJ-SX"))
    csv = "title,url\n甲,https://sx.example.org/1\n乙,nonsense\n".encode()
    with django_assert_max_num_queries(25):
        page = client.post(
            "/console/identifiers/batch/", {"file": SimpleUploadedFile("b.csv", csv)}
        ).content.decode()
    assert "3: locations[1].url" in page
    assert Identifier.objects.count() == 1


def test_provincial_operator_delegates_in_the_console(client, prefixes, person):
    client.force_login(person(Role.PROVINCIAL_OPERATOR, "ZJ"))
    client.post(
        "/console/identifiers/prefixes/",
        {"delegate": "1", "library": "zj-sx-zj", "segment": "zhuji"},
    )
    page = client.get("/console/identifiers/prefixes/").content.decode()
    assert f"{ROOT}.zj.sx.zhuji" in page
    client.force_login(person(Role.PROVINCIAL_OPERATOR, "HB"))
    client.post(
        "/console/identifiers/prefixes/", {"delegate": "1", "library": "ZJ-HZ", "segment": "hz"}
    )
    assert f"{ROOT}.zj.hz" not in client.get("/console/identifiers/prefixes/").content.decode()


def test_monthly_report_counts_resolutions_per_prefix(
    client,
    prefixes,
    person,
    registrant,
    operator,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    handle = services.register_identifier(registrant("ZJ-SX"), an_object()).identifier.handle
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.get(f"/id/{handle}")
    client.force_login(operator)
    with django_assert_max_num_queries(12):
        page = client.get("/console/identifiers/report/").content.decode()
    row = page.split(f'data-prefix="{ROOT}.zj.sx"')[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split('text-end">')[1:]]
    assert cells[:4] == ["3", "1", "1", "1"]  # resolutions, resolved, registered, active
    client.force_login(person(Role.PROVINCIAL_OPERATOR, "HB"))
    assert f"{ROOT}.zj.sx" not in client.get("/console/identifiers/report/").content.decode()
