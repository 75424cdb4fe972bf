"""Writing OAI-PMH responses: the envelope streamed with lxml's incremental writer.

A list response is written record by record into a small buffer that is handed to the server
whenever it fills, so memory stays flat however large a page of records is. Records (header and
metadata) come as XML text from `record_xml` and go into the buffer as they are; the envelope's
few elements are built with lxml.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime

from lxml import etree

from shuyun.catalog.models import Record
from shuyun.oai import xmltext
from shuyun.oai.formats import XSI_NS, MetadataFormat
from shuyun.oai.protocol import ErrorCode, format_datestamp
from shuyun.oai.sets import SetCatalogue, type_spec
from shuyun.oai.xmltext import clean

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
FLUSH_BYTES = 64 * 1024


def oai(name: str) -> str:
    return f"{{{OAI_NS}}}{name}"


def element(name: str, text: str = "", **attributes: str) -> etree._Element:
    node = etree.Element(oai(name), attrib=attributes, nsmap={None: OAI_NS})
    if text:
        node.text = clean(text)
    return node


def child(parent: etree._Element, name: str, text: str = "", **attributes: str) -> etree._Element:
    node = etree.SubElement(parent, oai(name), attrib=attributes)
    if text:
        node.text = clean(text)
    return node


def header_xml(record: Record, catalogue: SetCatalogue, identifier: str) -> str:
    """A record's `header`, in the OAI namespace of the envelope it is written into."""
    opening = '<header status="deleted">' if record.deleted else "<header>"
    return "".join(
        (
            opening,
            xmltext.element("identifier", identifier),
            xmltext.element("datestamp", format_datestamp(record.updated_at)),
            xmltext.element("setSpec", catalogue.spec_of[record.library_id]),
            xmltext.element("setSpec", type_spec(record.resource_type)),
            "</header>",
        )
    )


def record_xml(
    record: Record,
    catalogue: SetCatalogue,
    identifier: str,
    metadata_format: MetadataFormat,
) -> bytes:
    """A `record`: its header and, unless the record is deleted, its metadata in the format."""
    head = header_xml(record, catalogue, identifier)
    if record.deleted:
        return f"<record>{head}</record>".encode()
    metadata = metadata_format.write(record)
    return f"<record>{head}<metadata>{metadata}</metadata></record>".encode()


def resumption_token(
    token: str, complete_list_size: int, cursor: int, expires: datetime | None
) -> etree._Element:
    """The token element; an empty token (with the counts) closes a list that was resumed."""
    attributes = {"completeListSize": str(complete_list_size), "cursor": str(cursor)}
    if expires is not None:
        attributes["expirationDate"] = format_datestamp(expires)
    return element("resumptionToken", token, **attributes)


class _Buffer:
    """A write target that hands its bytes over and forgets them."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def _request_element(base_url: str, arguments: Mapping[str, str]) -> etree._Element:
    return element("request", base_url, **arguments)


def stream(
    base_url: str,
    response_date: datetime,
    arguments: Mapping[str, str],
    verb: str,
    children: Iterable[etree._Element | bytes],
) -> Iterator[bytes]:
    """The response to a request that succeeded: `children` inside the verb's element, lxml
    elements or XML text already encoded (which goes into the buffer after what lxml holds)."""
    buffer = _Buffer()
    with etree.xmlfile(buffer, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(
            oai("OAI-PMH"),
            {f"{{{XSI_NS}}}schemaLocation": f"{OAI_NS} {OAI_SCHEMA}"},
            nsmap={None: OAI_NS, "xsi": XSI_NS},
        ):
            xf.write(element("responseDate", format_datestamp(response_date)))
            xf.write(_request_element(base_url, arguments))
            with xf.element(oai(verb)):
                for node in children:
                    if isinstance(node, bytes):
                        xf.flush()
                        buffer.write(node)
                    else:
                        xf.write(node)
                    if buffer.size >= FLUSH_BYTES:
                        xf.flush()
                        yield buffer.take()
    yield buffer.take()


def error_document(
    base_url: str,
    response_date: datetime,
    arguments: Mapping[str, str],
    code: ErrorCode,
    message: str,
) -> bytes:
    """An error response. After badVerb or badArgument the request element carries no
    attributes (protocol section 3.6), since they may be what was wrong."""
    root = etree.Element(oai("OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    child(root, "responseDate", format_datestamp(response_date))
    echoed = {} if code in (ErrorCode.BAD_VERB, ErrorCode.BAD_ARGUMENT) else arguments
    root.append(_request_element(base_url, echoed))
    child(root, "error", message, code=code.value)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)
