"""What the warehouse hands to discovery: one document per work cluster.

This is the contract between `catalog` (which fills it, in `catalog.access.work_documents`) and
`search` (which indexes it). Change it in one commit with both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Holding:
    """One member library holding a record of the work."""

    library_code: str  # e.g. "ZJ-SX-ZJ"
    record_id: int  # the warehouse record of that library
    source_format: str  # the crosswalk it came through: "marc21", "cnmarc", "oai_dc", "csv", …


@dataclass(frozen=True)
class WorkDocument:
    work_id: int
    title: str  # the main title of the preferred record
    other_titles: list[str] = field(default_factory=list)  # parallel, other, series titles
    title_pinyin: str = ""  # when the source gives it (CNMARC 200 $A), else empty
    creators: list[str] = field(default_factory=list)  # display form, first is the main creator
    subjects: list[str] = field(default_factory=list)
    classifications: list[str] = field(default_factory=list)  # CLC numbers, e.g. "I207.22"
    isbns: list[str] = field(default_factory=list)  # normalised ISBN-13, no hyphens
    issns: list[str] = field(default_factory=list)
    language: str = ""  # ISO 639-2/B, e.g. "chi", "eng"
    publisher: str = ""
    place: str = ""
    year: int | None = None
    resource_type: str = ""  # catalog's ResourceType value: "book", "journal", "audio", …
    abstract: str = ""
    holdings: list[Holding] = field(default_factory=list)
