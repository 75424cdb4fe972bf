"""Console pages of the warehouse, and who may see them: outsiders are refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from shuyun.accounts.models import Role, User
from shuyun.catalog.models import Record
from shuyun.federation.models import Library
from shuyun.harvest import access
from shuyun.harvest.models import HarvestSource, QuarantinedRecord
from shuyun.harvest.services import import_file
from tests.conftest import SHARED_DATA

BAD = SHARED_DATA / "pymarc-testdata/bad_records.mrc"


@pytest.fixture
def loaded(network: dict[str, Library]) -> dict[str, Library]:
    import_file(network["ZJ-SX"], BAD)
    import_file(network["ZJ-SX"], SHARED_DATA / "dp2-sru-cnmarc/sample_dc.xml")
    import_file(network["ZJ"], SHARED_DATA / "dp2-sru-cnmarc/sample_cnmarcxml.xml")
    return network


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_librarian_sees_own_quarantine_and_reprocesses(
    loaded: dict[str, Library],
    person: Callable[[Role, str], User],
    django_assert_max_num_queries: object,
) -> None:
    client = signed_in(person(Role.LIBRARIAN, "ZJ-SX"))
    with django_assert_max_num_queries(18):  # type: ignore[operator]
        page = client.get("/console/catalog/libraries/ZJ-SX/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "field 245: no title" in text and "file:bad_records.mrc" in text
    assert 'name="endpoint"' not in text  # librarians do not configure sources
    # Resource types by their Chinese names (the console's default language), not stored codes.
    badges = text.split('data-testid="by-type"')[1].split("</p>")[0]
    assert ">图书 " in badges and ">book " not in badges
    ids = list(QuarantinedRecord.objects.values_list("pk", flat=True))
    response = client.post("/console/catalog/libraries/ZJ-SX/reprocess/", {"entry": ids})
    assert response.status_code == 302
    assert QuarantinedRecord.objects.filter(resolved_at__isnull=True).count() == len(ids)


@pytest.mark.parametrize(
    ("role", "code"),
    [(Role.LIBRARIAN, "ZJ-NB"), (Role.LIBRARY_ADMIN, "ZJ-SX-ZJ"), (Role.PROVINCIAL_OPERATOR, "HB")],
)
def test_outsiders_are_refused(
    loaded: dict[str, Library], person: Callable[[Role, str], User], role: Role, code: str
) -> None:
    outsider = person(role, code)
    client = signed_in(outsider)
    assert client.get("/console/catalog/libraries/ZJ-SX/").status_code == 403
    assert (
        client.post("/console/catalog/libraries/ZJ-SX/reprocess/", {"entry": [1]}).status_code
        == 403
    )
    assert not access.can_view_library_data(outsider, loaded["ZJ-SX"])


def test_readers_and_anonymous_are_refused(
    loaded: dict[str, Library], person: Callable[[Role, str], User]
) -> None:
    assert (
        signed_in(person(Role.READER, "ZJ-SX")).get("/console/catalog/libraries/ZJ-SX/").status_code
        == 403
    )
    anonymous = Client().get("/console/catalog/libraries/ZJ-SX/")
    assert anonymous.status_code == 302 and "/console/sign-in/" in anonymous["Location"]
    assert Client().get("/console/catalog/").status_code == 302


def test_provincial_operator_adds_a_source(
    loaded: dict[str, Library], person: Callable[[Role, str], User]
) -> None:
    client = signed_in(person(Role.PROVINCIAL_OPERATOR, "ZJ"))
    response = client.post(
        "/console/catalog/libraries/ZJ-SX/",
        {
            "name": "opac",
            "endpoint": "https://opac.example.org/oai",
            "metadata_prefix": "marc21",
            "schedule": "daily",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert HarvestSource.objects.get(library=loaded["ZJ-SX"]).metadata_prefix == "marc21"


def test_quality_overview_is_scoped(
    loaded: dict[str, Library],
    person: Callable[[Role, str], User],
    django_assert_max_num_queries: object,
) -> None:
    client = signed_in(person(Role.LIBRARY_ADMIN, "ZJ-SX"))
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        page = client.get("/console/catalog/")
    text = page.content.decode()
    assert "绍兴图书馆" in text and "浙江图书馆" not in text.split('data-testid="quality"')[1]


def test_cluster_page_split_and_merge(
    loaded: dict[str, Library], operator: User, django_assert_max_num_queries: object
) -> None:
    record = Record.objects.get(library=loaded["ZJ-SX"], source_id="990002180740203961")
    client = signed_in(operator)
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        page = client.get(f"/console/catalog/works/{record.work_id}/")
    assert "ISBN 相同：9787503717444" in page.content.decode()  # explained, in Chinese by default
    response = client.post(
        f"/console/catalog/works/{record.work_id}/split/", {"record": [record.pk]}
    )
    record.refresh_from_db()
    assert response["Location"] == f"/console/catalog/works/{record.work_id}/"
    other = Record.objects.get(library=loaded["ZJ"], source_id="990002180740203961")
    assert other.work_id != record.work_id
    client.post(f"/console/catalog/works/{other.work_id}/merge/", {"other": record.work_id})
    record.refresh_from_db()
    assert record.work_id == other.work_id


def test_librarian_sees_clusters_but_cannot_split(
    loaded: dict[str, Library], person: Callable[[Role, str], User]
) -> None:
    record = Record.objects.get(library=loaded["ZJ-SX"], source_id="990002180740203961")
    client = signed_in(person(Role.LIBRARIAN, "ZJ-SX"))
    page = client.get(f"/console/catalog/works/{record.work_id}/")
    assert page.status_code == 200 and 'name="record"' not in page.content.decode()
    assert (
        client.post(
            f"/console/catalog/works/{record.work_id}/split/", {"record": [record.pk]}
        ).status_code
        == 403
    )
