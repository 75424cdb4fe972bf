"""The unified record as the crosswalks produce it, before it is stored."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any


class MappingError(ValueError):
    """A source record that cannot become a unified record; the message names the field."""


@dataclass(frozen=True)
class RawItem:
    """One source record as received, with where it was found and what its envelope says."""

    raw: bytes
    position: str  # "record 12 (byte 4711)", "line 8", "page 3 record 17"
    source_id: str = ""  # from the envelope (OAI header, SRU recordIdentifier) when it has one
    datestamp: datetime | None = None
    deleted: bool = False
    sets: tuple[str, ...] = ()
    error: str = ""  # set by a reader that could not even split the record out


@dataclass
class Creator:
    name: str
    role: str = ""


@dataclass
class RecordData:
    """Every field a crosswalk can fill; list fields keep source order and have no repeats."""

    source_format: str
    raw: bytes
    source_id: str = ""
    datestamp: datetime | None = None
    deleted: bool = False
    title: str = ""
    title_pinyin: str = ""
    other_titles: list[str] = field(default_factory=list)
    creators: list[Creator] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    clc: list[str] = field(default_factory=list)
    classifications: list[dict[str, str]] = field(default_factory=list)
    isbns: list[str] = field(default_factory=list)
    issns: list[str] = field(default_factory=list)
    language: str = ""
    publisher: str = ""
    place: str = ""
    year: int | None = None
    edition: str = ""
    extent: str = ""
    resource_type: str = "other"
    abstract: str = ""
    links: list[str] = field(default_factory=list)
    rights: str = ""
    cataloguing_agency: str = ""

    @property
    def raw_digest(self) -> str:
        return hashlib.sha1(self.raw, usedforsecurity=False).hexdigest()

    def model_fields(self) -> dict[str, Any]:
        """The values of the Record columns this data fills (everything but envelope fields)."""
        # Spelled out rather than dataclasses.asdict, which deep-copies and costs a third of ingest.
        values = {name: getattr(self, name) for name in MODEL_FIELDS}
        values["creators"] = [{"name": c.name, "role": c.role} for c in self.creators]
        return values


ENVELOPE_FIELDS = frozenset({"raw", "source_id", "datestamp", "deleted", "source_format"})
MODEL_FIELDS = tuple(f.name for f in fields(RecordData) if f.name not in ENVELOPE_FIELDS)


def unique(values: list[str]) -> list[str]:
    """Drop empty strings and repeats, keeping the first occurrence's order."""
    return list(dict.fromkeys(value for value in values if value))


def fallback_source_id(raw: bytes) -> str:
    """A stable identifier for a record whose source gives none: the same bytes, the same id."""
    return "sha1:" + hashlib.sha1(raw, usedforsecurity=False).hexdigest()
