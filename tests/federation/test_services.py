"""The registry's write path: placement rules, subtree moves, targets, branch sites."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shuyun.accounts.models import Role
from shuyun.analytics.models import Event, EventKind
from shuyun.federation import services
from shuyun.federation.models import Level, Library
from shuyun.federation.tree import TargetTable, build_tree


def test_demo_network_has_real_shape(network):
    assert network["ZJ-SX-ZJ"].path == "/NLC/ZJ/ZJ-SX/ZJ-SX-ZJ/"
    assert network["ZJ-SX-ZJ"].ancestor_codes == ["NLC", "ZJ", "ZJ-SX"]
    assert network["ZJ-SX-ZJ"].province_code == "ZJ"
    assert Library.objects.filter(parent__code="ZJ", level=Level.CITY).count() == 11
    assert network["ZJ-SX-ZJ"].division_code == "330681"


def test_loading_the_demo_twice_adds_nothing(network, operator):
    from shuyun.federation import demo

    before = Library.objects.count()
    demo.load_network(operator)
    assert Library.objects.count() == before


def test_county_cannot_sit_under_a_province(network, operator):
    with pytest.raises(ValidationError, match="county library cannot sit under a provincial"):
        services.create_library(
            operator, parent=network["ZJ"], code="ZJ-XX", name_zh="某县图书馆", level=Level.COUNTY
        )
    assert not Library.objects.filter(code="ZJ-XX").exists()


def test_moving_a_city_moves_its_counties(network, operator):
    services.update_library(operator, network["ZJ-SX"], parent=network["FJ"])
    zhuji = Library.objects.get(code="ZJ-SX-ZJ")
    assert zhuji.path == "/NLC/FJ/ZJ-SX/ZJ-SX-ZJ/"
    assert zhuji.province_code == "FJ"
    assert Library.objects.filter(path__startswith="/NLC/FJ/").count() == 1 + 1 + 6


def test_a_library_cannot_move_under_its_own_descendant(network, operator):
    with pytest.raises(ValidationError):
        services.update_library(operator, network["ZJ-SX"], parent=network["ZJ-SX-ZJ"])
    assert Library.objects.get(code="ZJ-SX").path == "/NLC/ZJ/ZJ-SX/"


def test_library_admin_edits_profile_but_not_structure(network, person):
    admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
    services.update_library(admin, network["ZJ-SX"], resource_volume_tb=Decimal("40.5"))
    assert Library.objects.get(code="ZJ-SX").resource_volume_tb == Decimal("40.5")
    with pytest.raises(PermissionDenied, match="Only an operator"):
        services.update_library(admin, network["ZJ-SX"], status="suspended")


def test_outsider_edit_is_refused_and_nothing_changes(network, person):
    hubei = person(Role.PROVINCIAL_OPERATOR, "HB")
    with pytest.raises(PermissionDenied):
        services.update_library(hubei, network["ZJ-SX"], name_zh="改名")
    with pytest.raises(PermissionDenied):
        services.update_private_settings(hubei, network["ZJ-SX"], sip2_host="evil.example")
    assert Library.objects.get(code="ZJ-SX").name_zh == "绍兴图书馆"


def test_zhejiang_targets_override_the_national_plan(network):
    targets = TargetTable.load()
    assert targets.target_for(network["ZJ"]) == Decimal(200)
    assert targets.target_for(network["ZJ-SX"]) == Decimal(60)
    assert targets.target_for(network["ZJ-SX-ZJ"]) == Decimal(10)
    assert targets.target_for(network["HB"]) == Decimal(100)
    assert targets.target_for(network["NLC"]) is None


def test_tree_counts_levels_below(network, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        roots = build_tree(Library.objects.all())
    (nlc,) = roots
    zhejiang = next(node for node in nlc.children if node.library.code == "ZJ")
    assert zhejiang.levels_below == {Level.CITY: 11, Level.COUNTY: 6}
    assert nlc.members_below == 8 + 11 + 6


def test_branch_site_hosts_are_unique_across_libraries(network, operator):
    look = services.SiteLook(title="x", hosts=["sx.localhost"])
    with pytest.raises(ValidationError, match="already belongs"):
        services.save_branch_site(operator, network["ZJ-HZ"], look)


@pytest.mark.django_db(transaction=True)
def test_changes_are_logged_after_commit_only(operator):
    services.create_library(
        operator, parent=None, code="NLC", name_zh="国家图书馆", level=Level.NATIONAL
    )
    event = Event.objects.get(kind=EventKind.ADMIN_CHANGE)
    assert event.details == {"action": "create"}
    assert event.actor == operator
    with pytest.raises(ValidationError):
        services.create_library(
            operator, parent=None, code="bad code", name_zh="x", level=Level.NATIONAL
        )
    assert Event.objects.filter(kind=EventKind.ADMIN_CHANGE).count() == 1
