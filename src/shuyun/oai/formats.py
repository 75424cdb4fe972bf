"""Metadata formats the provider disseminates: a registry of typed prefixes, each with its writer.

A format is registered explicitly below; ListMetadataFormats, GetRecord and the list verbs only
ever look formats up here. Writers build one lxml element per record from the warehouse record:
`oai_dc` from the unified fields, `marcxml` from the verbatim source where it is MARC (MARC 21 or
CNMARC) and from the unified fields otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from shuyun.catalog.crosswalks.marc import MarcRecord
from shuyun.catalog.export import marc_record_of
from shuyun.catalog.models import Record

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
MARC_NS = "http://www.loc.gov/MARC21/slim"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
# Characters XML 1.0 forbids; MARC sources carry stray control characters (MARC-8 escapes).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class MetadataPrefix(StrEnum):
    OAI_DC = "oai_dc"
    MARCXML = "marcxml"


Writer = Callable[[Record], etree._Element]


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


def clean(text: object) -> str:
    """Text that XML 1.0 can carry: forbidden control characters dropped."""
    return _NOT_XML.sub("", str(text))


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


def write_oai_dc(record: Record) -> etree._Element:
    root = etree.Element(
        f"{{{OAI_DC_NS}}}dc",
        nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS},
    )
    root.set(
        f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
    )
    for name, value in _dc_values(record):
        text = clean(value).strip()
        if text:
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = text
    return root


def marc_element(marc: MarcRecord) -> etree._Element:
    """A MARCXML `record` element (the slim schema, which UNIMARC/CNMARC records use too)."""
    root = etree.Element(f"{{{MARC_NS}}}record", nsmap={"marc": MARC_NS})
    etree.SubElement(root, f"{{{MARC_NS}}}leader").text = clean(marc.leader)
    for marc_field in marc.fields:
        if marc_field.tag.startswith("00"):
            control = etree.SubElement(root, f"{{{MARC_NS}}}controlfield", tag=marc_field.tag)
            control.text = clean(marc_field.data)
            continue
        data = etree.SubElement(
            root,
            f"{{{MARC_NS}}}datafield",
            tag=marc_field.tag,
            ind1=marc_field.ind1 or " ",
            ind2=marc_field.ind2 or " ",
        )
        for code, value in marc_field.subfields:
            etree.SubElement(data, f"{{{MARC_NS}}}subfield", code=code).text = clean(value)
    return root


def write_marcxml(record: Record) -> etree._Element:
    return marc_element(marc_record_of(record))


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
