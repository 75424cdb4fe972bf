"""The console: staff only, the tree, editing, import and export through the pages."""

from __future__ import annotations

import io

from shuyun.accounts.models import Role
from tests.conftest import TEST_PASSWORD


def test_anonymous_is_sent_to_sign_in(client, network):
    for url in ("/console/", "/console/libraries/", "/console/libraries/ZJ-SX/edit/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/console/sign-in/")


def test_reader_is_refused(client, network, person):
    client.force_login(person(Role.READER, "ZJ-SX"))
    assert client.get("/console/").status_code == 403


def test_hubei_operator_cannot_open_zhejiang_pages(client, network, person):
    client.force_login(person(Role.PROVINCIAL_OPERATOR, "HB"))
    assert client.get("/console/libraries/ZJ-SX/").status_code == 403
    assert client.get("/console/libraries/ZJ-SX/children/").status_code == 403
    response = client.post("/console/libraries/ZJ-SX/edit/", {"name_zh": "x"})
    assert response.status_code == 403
    tree = client.get("/console/libraries/").content.decode()
    assert "湖北省图书馆" in tree and "浙江图书馆" not in tree


def test_tree_shows_volume_against_target(client, network, operator, django_assert_max_num_queries):
    client.force_login(operator)
    with django_assert_max_num_queries(8):
        page = client.get("/console/libraries/").content.decode()
    assert 'data-code="ZJ"' in page and "下级 17 个" in page  # 11 cities and 6 counties below
    assert 'data-code="ZJ-SX"' not in page  # deeper levels load when opened
    with django_assert_max_num_queries(8):
        children = client.get("/console/libraries/ZJ-SX/children/").content.decode()
    assert 'data-code="ZJ-SX-ZJ"' in children
    assert "7.4 / 10 TB" in children  # Zhuji against Zhejiang's county target


def test_sign_in_page_signs_staff_in(client, network, person):
    admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
    response = client.post(
        "/console/sign-in/", {"username": admin.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/console/"
    assert "library-count" in client.get("/console/").content.decode()


def test_repeated_wrong_passwords_lock_the_account(client, network, person):
    admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
    for _ in range(5):
        client.post("/console/sign-in/", {"username": admin.username, "password": "wrong"})
    response = client.post(
        "/console/sign-in/", {"username": admin.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "/console/" not in response.get("Location", "")


def test_edit_saves_through_the_write_path(client, network, person):
    admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
    client.force_login(admin)
    page = client.get("/console/libraries/ZJ-SX/edit/").content.decode()
    assert 'name="level"' in page and "disabled" in page
    form = {
        "name_zh": "绍兴图书馆",
        "name_en": "Shaoxing Library",
        "level": "city",
        "status": "active",
        "division_code": "330600",
        "resource_volume_tb": "35.5",
        "private-contact_phone": "0575-12345678",
    }
    response = client.post("/console/libraries/ZJ-SX/edit/", form)
    assert response.status_code == 302
    network["ZJ-SX"].refresh_from_db()
    assert str(network["ZJ-SX"].resource_volume_tb) == "35.50"
    assert network["ZJ-SX"].private.contact_phone == "0575-12345678"
    bad = client.post("/console/libraries/ZJ-SX/edit/", {**form, "division_code": "3306"})
    assert bad.status_code == 200 and "必须是六位数字" in bad.content.decode()


def test_import_page_reports_lines(client, network, operator):
    client.force_login(operator)
    upload = io.BytesIO("code,name_zh,level,parent\nZJ-NB-YY,余姚,town,ZJ-NB\n".encode())
    upload.name = "bad.csv"
    page = client.post("/console/libraries/import/", {"file": upload}).content.decode()
    assert "import-report" in page and "&#x27;town&#x27; is not one of" in page


def test_export_is_scoped_csv(client, network, person):
    client.force_login(person(Role.PROVINCIAL_OPERATOR, "HB"))
    response = client.get("/console/libraries/export.csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("code,name_zh,name_en,level,parent")
    assert "HB,湖北省图书馆" in text and "ZJ-SX" not in text


def test_operator_adds_a_library_in_the_console(client, network, person):
    client.force_login(person(Role.PROVINCIAL_OPERATOR, "ZJ"))
    form = {"code": "ZJ-NB-YY", "name_zh": "余姚市图书馆", "level": "county"}
    form |= {"parent": network["ZJ-NB"].pk, "status": "active", "resource_volume_tb": "0"}
    response = client.post("/console/libraries/ZJ-NB/add/", form)
    assert response.status_code == 302 and response["Location"].endswith("/ZJ-NB-YY/")
    assert network["ZJ-NB"].children.filter(code="ZJ-NB-YY").exists()


def test_outsiders_cannot_add_or_set_targets(client, network, person):
    client.force_login(person(Role.PROVINCIAL_OPERATOR, "HB"))
    assert client.get("/console/libraries/ZJ-NB/add/").status_code == 403
    assert client.post("/console/libraries/ZJ/targets/", {"city": "1"}).status_code == 403
    client.force_login(person(Role.LIBRARY_ADMIN, "ZJ"))
    assert client.post("/console/libraries/ZJ/targets/", {"city": "1"}).status_code == 403


def test_province_sets_its_own_targets(client, network, person):
    from shuyun.federation.tree import TargetTable

    client.force_login(person(Role.PROVINCIAL_OPERATOR, "HB"))
    response = client.post("/console/libraries/HB/targets/", {"city": "45", "county": ""})
    assert response.status_code == 302
    hubei_city = network["HB"].__class__(code="HB-WH", level="city", path="/NLC/HB/HB-WH/")
    assert str(TargetTable.load().target_for(hubei_city)) == "45.00"


def test_branch_site_logo_appears_on_its_pages(client, network, person, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(person(Role.LIBRARY_ADMIN, "ZJ-SX"))
    logo = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    logo.name = "shaoxing.svg"
    form = {"title": "绍兴图书馆 · 书云", "primary_color": "#2f6b4f", "accent_color": "#e8c547"}
    form |= {"hosts": "sx.localhost\nshaoxing.localhost", "logo": logo}
    response = client.post("/console/libraries/ZJ-SX/site/", form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = client.get("/", HTTP_HOST="sx.localhost").content.decode()
    assert '<img src="/media/site-logos/shaoxing' in page
