"""Who may see and change which library: outsiders are refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from shuyun.accounts.models import Role
from shuyun.federation import access


def test_hubei_operator_cannot_see_or_edit_zhejiang(network, person):
    hubei = person(Role.PROVINCIAL_OPERATOR, "HB")
    for code in ("ZJ", "ZJ-SX", "ZJ-SX-ZJ"):
        assert not access.can_view_private(hubei, network[code])
        assert not access.can_edit(hubei, network[code])
        with pytest.raises(PermissionDenied):
            access.get_library_for_view(hubei, code)
    assert access.can_edit(hubei, network["HB"])


def test_provincial_operator_scope_is_the_province_subtree(network, person):
    zhejiang = person(Role.PROVINCIAL_OPERATOR, "ZJ")
    scope = set(access.staff_scope(zhejiang).values_list("code", flat=True))
    assert "ZJ-SX-ZJ" in scope and "ZJ-HZ" in scope and "ZJ" in scope
    assert not scope & {"NLC", "HB", "FJ"}
    assert len(scope) == 1 + 11 + 6


def test_city_administrator_does_not_reach_member_counties(network, person):
    admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
    assert access.can_edit(admin, network["ZJ-SX"])
    assert not access.can_edit(admin, network["ZJ-SX-ZJ"])
    assert not access.can_restructure(admin, network["ZJ-SX"])


def test_librarian_reads_own_library_but_edits_nothing(network, person):
    librarian = person(Role.LIBRARIAN, "ZJ-SX-ZJ")
    assert access.can_view_private(librarian, network["ZJ-SX-ZJ"])
    assert not access.can_edit(librarian, network["ZJ-SX-ZJ"])
    assert not access.can_view_private(librarian, network["ZJ-SX"])


def test_readers_and_anonymous_have_no_staff_scope(network, person):
    from django.contrib.auth.models import AnonymousUser

    reader = person(Role.READER, "ZJ-SX")
    for outsider in (reader, AnonymousUser()):
        assert not access.staff_scope(outsider).exists()
        assert not access.can_edit(outsider, network["ZJ-SX"])
        assert not access.can_add_under(outsider, network["ZJ-SX"])


def test_unknown_code_is_not_found(network, operator):
    with pytest.raises(Http404):
        access.get_library_for_edit(operator, "NOPE")
