"""Delegation, registration, duplicates, changes, versions and who may do what."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shuyun.accounts.models import Role
from shuyun.catalog.signals import works_changed
from shuyun.identifiers import delegation, services
from shuyun.identifiers.models import Identifier, Location, ResourceType
from tests.identifiers.conftest import ROOT, an_object

SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def test_prefixes_are_delegated_down_the_hierarchy(prefixes):
    assert prefixes["ZJ-SX"].name == f"{ROOT}.zj.sx"
    assert prefixes["ZJ-SX"].parent == prefixes["ZJ"]


def test_operators_delegate_only_within_their_scope(prefixes, network, person):
    hubei_operator = person(Role.PROVINCIAL_OPERATOR, "HB")
    with pytest.raises(PermissionDenied):
        delegation.delegate_prefix(hubei_operator, prefixes["ZJ"], network["ZJ-HZ"], "hz")
    admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
    with pytest.raises(PermissionDenied):
        delegation.delegate_prefix(admin, prefixes["ZJ-SX"], network["ZJ-SX-ZJ"], "zhuji")
    with pytest.raises(PermissionDenied):
        delegation.configure_root_prefix(hubei_operator, "20.500.999", network["HB"])
    with pytest.raises(ValidationError, match="taken"):
        delegation.delegate_prefix(
            person(Role.PROVINCIAL_OPERATOR, "ZJ"), prefixes["ZJ"], network["ZJ-HZ"], "sx"
        )


def test_register_mints_a_checked_suffix_and_records_a_version(prefixes, registrant):
    done = services.register_identifier(registrant("ZJ-SX"), an_object(sha256=SHA.upper()))
    identifier = done.identifier
    assert identifier.handle.startswith(f"{ROOT}.zj.sx/") and identifier.minted
    assert identifier.sha256 == SHA
    version = identifier.versions.get()
    assert version.number == 1 and version.via == "test" and version.change == "register"
    assert version.values["locations"][0]["url"] == "https://sx.example.org/obj/1"


def test_same_sha256_is_refused_with_the_existing_identifier(prefixes, registrant):
    first = services.register_identifier(registrant("ZJ-SX"), an_object(sha256=SHA)).identifier
    with pytest.raises(services.DuplicateContent) as refused:
        services.register_identifier(
            registrant("HB"), an_object("https://hb.example.org/x", sha256=SHA)
        )
    assert refused.value.existing == first.handle
    assert Identifier.objects.count() == 1


def test_chosen_suffix_is_normalised_and_unique(prefixes, registrant):
    done = services.register_identifier(registrant("ZJ-SX"), an_object(suffix="LuXun/全集-１"))
    assert done.identifier.handle == f"{ROOT}.zj.sx/luxun/全集-1"
    with pytest.raises(ValidationError, match="already registered"):
        services.register_identifier(registrant("ZJ-SX"), an_object(suffix="luxun/全集-1"))


def test_bad_fields_are_named(prefixes, registrant):
    data = an_object("ftp://x", sha256="abc", resource_type="scroll", suffix="a b")
    with pytest.raises(ValidationError) as refused:
        services.register_identifier(registrant("ZJ-SX"), data)
    assert set(refused.value.message_dict) == {
        "suffix",
        "sha256",
        "resource_type",
        "locations[1].url",
    }


def test_a_library_without_prefix_cannot_register(prefixes, registrant):
    with pytest.raises(ValidationError, match="no identifier prefix"):
        services.register_identifier(registrant("ZJ-HZ"), an_object())


def test_another_library_cannot_touch_the_prefix(prefixes, registrant):
    handle = services.register_identifier(registrant("ZJ-SX"), an_object()).identifier.handle
    for outsider in ("HB", "ZJ"):  # another province, and even the provincial library above
        with pytest.raises(PermissionDenied, match="own prefix"):
            services.withdraw_identifier(registrant(outsider), handle, "not ours")
        with pytest.raises(PermissionDenied):
            services.update_identifier(
                registrant(outsider), handle, an_object("https://evil.example/")
            )
    assert Identifier.objects.get(handle=handle).status == "active"


def test_update_and_withdraw_are_versioned(prefixes, registrant):
    sx = registrant("ZJ-SX")
    handle = services.register_identifier(sx, an_object()).identifier.handle
    moved = an_object("https://new.example.org/obj/1")
    services.update_identifier(sx, handle, moved)
    services.withdraw_identifier(sx, handle, "版权到期")
    identifier = Identifier.objects.get(handle=handle)
    assert identifier.status == "withdrawn" and identifier.version == 3
    changes = list(identifier.versions.values_list("number", "change"))
    assert changes == [(1, "register"), (2, "update"), (3, "withdraw")]
    assert identifier.versions.get(number=2).values["locations"][0]["url"].startswith("https://new")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.update_identifier(sx, handle, moved)


def test_same_work_is_flagged_for_confirmation(prefixes, registrant):
    first = services.register_identifier(registrant("HB"), an_object(work_id=42)).identifier
    second = services.register_identifier(registrant("ZJ-SX"), an_object(work_id=42))
    assert second.same_work == [first.handle]
    assert second.identifier.needs_confirmation and not first.needs_confirmation
    confirmed = services.confirm_identifier(registrant("ZJ-SX"), second.identifier.handle)
    assert not confirmed.needs_confirmation and confirmed.version == 2


def test_warehouse_works_get_identifiers_once(prefixes, django_capture_on_commit_callbacks):
    works_changed.send(sender=None, work_ids=[7, 8])
    works_changed.send(sender=None, work_ids=[8, 9])
    works = Identifier.objects.filter(resource_type=ResourceType.WORK).order_by("work_id")
    assert [w.work_id for w in works] == [7, 8, 9]
    assert all(w.handle.startswith(f"{ROOT}/") for w in works)
    assert Location.objects.get(identifier=works[0]).url == "/works/7/"
    # An object of work 8 registered later is flagged; the work's own identifier is not counted.
    assert services.same_work_handles(8) == []
