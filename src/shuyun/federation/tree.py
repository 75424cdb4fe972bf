"""The network as a tree, with resource volume against target, built from two queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from shuyun.federation.models import NATIONAL_TARGET_TB, Library, ProvincialTarget


@dataclass
class Node:
    library: Library
    target_tb: Decimal | None
    children: list[Node] = field(default_factory=list)
    levels_below: Counter[str] = field(default_factory=Counter)

    @property
    def share_of_target(self) -> float | None:
        if not self.target_tb:
            return None
        return float(self.library.resource_volume_tb / self.target_tb)

    @property
    def members_below(self) -> int:
        return sum(self.levels_below.values())


class TargetTable:
    """Resource target per library: the province's figure for the level, else the national one."""

    def __init__(self, overrides: Iterable[tuple[str, str, Decimal]]) -> None:
        self._overrides = {(province, level): tb for province, level, tb in overrides}

    @classmethod
    def load(cls) -> TargetTable:
        return cls(ProvincialTarget.objects.values_list("province__code", "level", "target_tb"))

    def target_for(self, library: Library) -> Decimal | None:
        province = library.province_code
        if province and (province, library.level) in self._overrides:
            return self._overrides[(province, library.level)]
        return NATIONAL_TARGET_TB.get(library.level)


def build_tree(libraries: QuerySet[Library]) -> list[Node]:
    """Roots of the forest formed by `libraries` (a library whose parent is absent is a root)."""
    targets = TargetTable.load()
    nodes = {lib.pk: Node(lib, targets.target_for(lib)) for lib in libraries.order_by("path")}
    roots: list[Node] = []
    for node in nodes.values():  # ordered by path, so a parent is seen before its children
        parent = nodes.get(node.library.parent_id) if node.library.parent_id else None
        (parent.children if parent else roots).append(node)
    for root in roots:
        _count_below(root)
    return roots


def _count_below(node: Node) -> Counter[str]:
    for child in node.children:
        node.levels_below[child.library.level] += 1
        node.levels_below.update(_count_below(child))
    return node.levels_below
