"""Prefixes delegated down the demo network, and registrants acting for its libraries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shuyun.accounts.models import Role, User
from shuyun.federation.models import Library
from shuyun.identifiers import delegation
from shuyun.identifiers.access import Registrant
from shuyun.identifiers.models import Prefix, ResourceType
from shuyun.identifiers.values import IdentifierInput, LocationInput

ROOT = "20.500.12345"


@pytest.fixture
def prefixes(network: dict[str, Library], operator: User, person) -> dict[str, Prefix]:
    """Root at the National Library; ZJ and HB from the platform operator; Shaoxing from
    Zhejiang's provincial operator (delegation down the hierarchy)."""
    root = delegation.configure_root_prefix(operator, ROOT, network["NLC"])
    zj = delegation.delegate_prefix(operator, root, network["ZJ"], "zj")
    hb = delegation.delegate_prefix(operator, root, network["HB"], "hb")
    zj_operator = person(Role.PROVINCIAL_OPERATOR, "ZJ")
    sx = delegation.delegate_prefix(zj_operator, zj, network["ZJ-SX"], "SX")
    return {"NLC": root, "ZJ": zj, "HB": hb, "ZJ-SX": sx}


@pytest.fixture
def registrant(network: dict[str, Library]) -> Callable[[str], Registrant]:
    def make(code: str) -> Registrant:
        return Registrant(library=network[code], user=None, via="test")

    return make


def an_object(url: str = "https://sx.example.org/obj/1", **fields: object) -> IdentifierInput:
    values = {"title": "越中杂识", "resource_type": ResourceType.BOOK, **fields}
    return IdentifierInput(locations=[LocationInput(url)], **values)  # type: ignore[arg-type]
