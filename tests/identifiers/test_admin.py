"""The Django admin shows identifiers read-only."""

from __future__ import annotations

from shuyun.accounts.models import User
from shuyun.identifiers import services
from shuyun.identifiers.models import Identifier
from tests.identifiers.conftest import an_object


def test_admin_lists_identifiers_but_changes_nothing(client, prefixes, registrant):
    identifier = services.register_identifier(registrant("ZJ-SX"), an_object()).identifier
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    listing = client.get("/admin/identifiers/identifier/")
    assert listing.status_code == 200 and identifier.handle in listing.content.decode()
    page = client.get(f"/admin/identifiers/identifier/{identifier.pk}/change/")
    assert page.status_code == 200 and "https://sx.example.org/obj/1" in page.content.decode()
    assert client.get("/admin/identifiers/identifier/add/").status_code == 403
    client.post(f"/admin/identifiers/identifier/{identifier.pk}/change/", {"title": "改"})
    assert client.get("/admin/identifiers/prefix/").status_code == 200
    assert Identifier.objects.get().title == identifier.title
