"""Metadata formats the provider disseminates: a registry of typed prefixes, each with its writer.

A format is registered explicitly below; ListMetadataFormats, GetRecord and the list verbs only
ever look formats up here. Writers turn one warehouse record into the XML text of its metadata
(with its own namespace declarations): `oai_dc` from the unified fields, `marcxml` from the
verbatim source where it is MARC (MARC 21 or CNMARC, ISO 2709 or MARCXML) and from the unified
fields otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from shuyun.catalog.crosswalks.marc import MarcRecord, is_control_tag
from shuyun.catalog.export import marc_record_of
from shuyun.catalog.models import Record
from shuyun.oai.xmltext import attribute, clean, element, text

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
MARC_NS = "http://www.loc.gov/MARC21/slim"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


class MetadataPrefix(StrEnum):
    OAI_DC = "oai_dc"
    MARCXML = "marcxml"


Writer = Callable[[Record], str]


@dataclass(frozen=True)
class MetadataFormat:
    prefix: MetadataPrefix
    schema: str
    namespace: str
    write: Writer
    # Record columns the writer reads (besides the header's), so a page loads nothing else.
    columns: tuple[str, ...]
    supports: Callable[[Record], bool] = lambda record: True


class FormatRegistry:
    """The formats a provider offers, in registration order."""

    def __init__(self) -> None:
        self._formats: dict[MetadataPrefix, MetadataFormat] = {}

    def register(self, metadata_format: MetadataFormat) -> None:
        if metadata_format.prefix in self._formats:
            raise ValueError(f"metadata format {metadata_format.prefix} is registered twice")
        self._formats[metadata_format.prefix] = metadata_format

    def get(self, prefix: str) -> MetadataFormat | None:
        try:
            return self._formats.get(MetadataPrefix(prefix))
        except ValueError:
            return None

    def __iter__(self) -> Iterator[MetadataFormat]:
        return iter(self._formats.values())

    def for_record(self, record: Record) -> list[MetadataFormat]:
        return [f for f in self._formats.values() if f.supports(record)]


# DCMI Type Vocabulary terms for the warehouse's resource types; other types are Text.
DCMI_TYPES = {
    "audio": "Sound",
    "video": "MovingImage",
    "image": "StillImage",
    "map": "StillImage",
    "electronic": "Software",
}


def _dc_values(record: Record) -> Iterator[tuple[str, object]]:
    yield "title", record.title
    yield from (("title", title) for title in record.other_titles)
    yield from (("creator", creator.get("name", "")) for creator in record.creators)
    yield from (("subject", subject) for subject in record.subjects)
    yield from (("subject", number) for number in record.clc)
    yield "description", record.abstract
    yield "publisher", record.publisher
    yield "date", record.year or ""
    yield "type", DCMI_TYPES.get(record.resource_type, "Text")
    yield "type", record.resource_type
    yield "format", record.extent
    yield from (("identifier", f"urn:isbn:{isbn}") for isbn in record.isbns)
    yield from (("identifier", f"urn:issn:{issn}") for issn in record.issns)
    yield from (("identifier", link) for link in record.links)
    yield "language", record.language
    yield "rights", record.rights


_DC_OPEN = (
    f'<oai_dc:dc xmlns:oai_dc="{OAI_DC_NS}" xmlns:dc="{DC_NS}" xmlns:xsi="{XSI_NS}"'
    f' xsi:schemaLocation="{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd">'
)


def write_oai_dc(record: Record) -> str:
    parts = [_DC_OPEN]
    for name, value in _dc_values(record):
        if written := text(clean(value).strip()):
            parts.append(f"<dc:{name}>{written}</dc:{name}>")
    parts.append("</oai_dc:dc>")
    return "".join(parts)


def marcxml(marc: MarcRecord) -> str:
    """A MARCXML `record` (the slim schema, which UNIMARC/CNMARC records use too)."""
    parts = [f'<marc:record xmlns:marc="{MARC_NS}">', element("marc:leader", marc.leader)]
    for marc_field in marc.fields:
        tag = attribute(marc_field.tag)
        if is_control_tag(marc_field.tag):
            data = text(marc_field.data)
            parts.append(f'<marc:controlfield tag="{tag}">{data}</marc:controlfield>')
            continue
        ind1, ind2 = attribute(marc_field.ind1 or " "), attribute(marc_field.ind2 or " ")
        parts.append(f'<marc:datafield tag="{tag}" ind1="{ind1}" ind2="{ind2}">')
        parts += [
            f'<marc:subfield code="{attribute(code)}">{text(value)}</marc:subfield>'
            for code, value in marc_field.subfields
        ]
        parts.append("</marc:datafield>")
    parts.append("</marc:record>")
    return "".join(parts)


def write_marcxml(record: Record) -> str:
    return marcxml(marc_record_of(record))


_UNIFIED = (
    *("title", "other_titles", "creators", "subjects", "clc", "abstract", "publisher", "year"),
    *("resource_type", "extent", "isbns", "issns", "links", "language", "rights", "place"),
)

OAI_DC = MetadataFormat(
    prefix=MetadataPrefix.OAI_DC,
    schema="http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    namespace=OAI_DC_NS,
    write=write_oai_dc,
    columns=_UNIFIED,
)
MARCXML = MetadataFormat(
    prefix=MetadataPrefix.MARCXML,
    schema="http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd",
    namespace=MARC_NS,
    write=write_marcxml,
    columns=(*_UNIFIED, "raw", "source_id", "source_format"),
)

registry = FormatRegistry()
registry.register(OAI_DC)
registry.register(MARCXML)
