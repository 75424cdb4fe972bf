"""OAI sets: one per member library in the hierarchy, and one per resource type.

A library's setSpec follows the federation tree below the national library: provinces are top
level (`ZJ`), and each library below adds its own code's last part (`ZJ-SX` → `ZJ:SX`,
`ZJ-SX-ZJ` → `ZJ:SX:ZJ`). The national library and its own outlets keep its code at the top
(`NLC`, `NLC:B1`). Resource types are `type:book`, `type:audio`, … under `type`. A set holds
the records of its library and of every library below it; lower-case `type` cannot clash with
library codes, which are upper case.
"""

from __future__ import annotations

from dataclasses import dataclass

from shuyun.catalog.models import ResourceType
from shuyun.federation.models import Level, Library

TYPE_SET = "type"


@dataclass(frozen=True)
class OAISet:
    spec: str
    name: str


def _relative(code: str, parent_code: str) -> str:
    prefix = f"{parent_code}-"
    return code[len(prefix) :] if code.startswith(prefix) else code


class SetCatalogue:
    """The network's library sets, loaded once per request (a few thousand libraries at most)."""

    def __init__(self, libraries: list[Library]) -> None:
        by_pk = {library.pk: library for library in libraries}
        self.spec_of: dict[int, str] = {}
        self.names: dict[str, str] = {}
        # Parents come before children in path order, so each parent's spec is known first.
        for library in sorted(libraries, key=lambda lib: lib.depth):
            parent = by_pk.get(library.parent_id) if library.parent_id else None
            top_level = parent is None or (
                parent.parent_id is None and library.level == Level.PROVINCIAL
            )
            if top_level or parent is None:
                spec = library.code
            else:
                spec = f"{self.spec_of[parent.pk]}:{_relative(library.code, parent.code)}"
            self.spec_of[library.pk] = spec
            self.names[spec] = library.name_zh

    @classmethod
    def load(cls) -> SetCatalogue:
        return cls(list(Library.objects.only("pk", "code", "name_zh", "level", "parent", "depth")))

    def library_ids(self, spec: str) -> list[int]:
        """Libraries whose records are in the set `spec` (the library and those below it)."""
        below = f"{spec}:"
        return [pk for pk, own in self.spec_of.items() if own == spec or own.startswith(below)]

    def library_sets(self, held_library_ids: set[int]) -> list[OAISet]:
        """The sets of libraries holding records, with every set above them."""
        specs: set[str] = set()
        for pk in held_library_ids:
            parts = self.spec_of[pk].split(":")
            specs.update(":".join(parts[: n + 1]) for n in range(len(parts)))
        return [OAISet(spec, self.names[spec]) for spec in sorted(specs) if spec in self.names]


def type_spec(resource_type: str) -> str:
    return f"{TYPE_SET}:{resource_type}"


def resource_type_of(spec: str) -> str | None:
    """The resource type a `type:…` set selects; None for other specs or unknown types."""
    head, _, value = spec.partition(":")
    return value if head == TYPE_SET and value in ResourceType.values else None


def type_sets(held_types: set[str]) -> list[OAISet]:
    if not held_types:
        return []
    labels = dict(ResourceType.choices)
    sets = [OAISet(TYPE_SET, "Resource types")]
    return sets + [
        OAISet(type_spec(value), str(labels[value]))
        for value in sorted(held_types)
        if value in labels
    ]
