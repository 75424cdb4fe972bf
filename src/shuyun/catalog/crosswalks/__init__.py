"""The crosswalk registry: one module per source format, each turning raw bytes into a record.

`crosswalk_for(format, options)` is the only way in; ingest, harvesting and quarantine
re-processing all go through it, so a fixed mapping applies to every path alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from functools import partial

from shuyun.catalog.crosswalks import dc, marc, marc21, tabular, unimarc
from shuyun.catalog.records import RecordData

Crosswalk = Callable[[bytes], RecordData]


class SourceFormat(StrEnum):
    MARC = "marc"  # MARC 21 or UNIMARC/CNMARC, told apart record by record
    MARC21 = "marc21"
    CNMARC = "cnmarc"
    OAI_DC = "oai_dc"
    TABULAR = "csv"  # CSV or XLSX rows, through a column mapping


def _any_marc(raw: bytes) -> RecordData:
    if raw.lstrip()[:1] == b"<":
        record = marc.parse_marcxml(raw)
        if marc.looks_like_unimarc(record):
            return unimarc.map_unimarc(record, raw)
        return marc21.map_marc21(record, raw)
    if unimarc_tags(raw):
        return unimarc.unimarc_to_record(raw)
    return marc21.marc21_to_record(raw)


def unimarc_tags(raw: bytes) -> bool:
    """Whether an ISO 2709 record's directory has 200 and no 245, read before any decoding."""
    end = raw.find(b"\x1e", 24)
    tags = {raw[i : i + 3] for i in range(24, end if end > 0 else 24, 12)}
    return b"200" in tags and b"245" not in tags


def _tabular(options: Mapping[str, str]) -> Crosswalk:
    mapping = options or tabular.DEFAULT_MAPPING
    tabular.check_mapping(mapping)
    return partial(tabular.tabular_to_record, mapping=mapping)


_REGISTRY: dict[SourceFormat, Callable[[Mapping[str, str]], Crosswalk]] = {
    SourceFormat.MARC: lambda options: _any_marc,
    SourceFormat.MARC21: lambda options: marc21.marc21_to_record,
    SourceFormat.CNMARC: lambda options: unimarc.unimarc_to_record,
    SourceFormat.OAI_DC: lambda options: dc.dc_to_record,
    SourceFormat.TABULAR: _tabular,
}


def crosswalk_for(
    source_format: SourceFormat, options: Mapping[str, str] | None = None
) -> Crosswalk:
    """The crosswalk for `source_format`; `options` is the column mapping for spreadsheets."""
    return _REGISTRY[source_format](options or {})
