"""The six verbs. Each checks its request and reads the warehouse before anything is written
(so every error is known up front), then returns the elements of its answer, built lazily.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from lxml import etree

from shuyun.catalog.models import Record
from shuyun.oai import access, tokens
from shuyun.oai.formats import FormatRegistry, MetadataFormat
from shuyun.oai.protocol import (
    GRANULARITY,
    ErrorCode,
    OAIRequest,
    ProtocolError,
    Verb,
    format_datestamp,
    parse_window,
)
from shuyun.oai.responses import child, element, header_xml, record_xml, resumption_token
from shuyun.oai.sets import SetCatalogue, type_sets

OAI_IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"


@dataclass
class Context:
    """What a verb needs besides its request: the formats on offer and the endpoint's address."""

    registry: FormatRegistry
    base_url: str
    page_size: int
    # Filled by the list verbs for the usage count: how many records the response carries.
    stats: dict[str, Any] = field(default_factory=dict)


# lxml elements, or XML text already encoded (records and headers).
Answer = Iterable[etree._Element | bytes]
Handler = Callable[[OAIRequest, Context], Answer]


def identify(request: OAIRequest, context: Context) -> Answer:
    earliest = access.earliest_datestamp() or timezone.now()
    node = element("Identify")
    child(node, "repositoryName", settings.SHUYUN_OAI_REPOSITORY_NAME)
    child(node, "baseURL", context.base_url)
    child(node, "protocolVersion", "2.0")
    child(node, "adminEmail", settings.SHUYUN_OAI_ADMIN_EMAIL)
    child(node, "earliestDatestamp", format_datestamp(earliest))
    child(node, "deletedRecord", "persistent")
    child(node, "granularity", GRANULARITY)
    child(node, "description").append(_oai_identifier_description())
    return list(node)


def _oai_identifier_description() -> etree._Element:
    root = etree.Element(f"{{{OAI_IDENTIFIER_NS}}}oai-identifier", nsmap={None: OAI_IDENTIFIER_NS})
    root.set(
        "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation",
        f"{OAI_IDENTIFIER_NS} {OAI_IDENTIFIER_SCHEMA}",
    )
    repository_id = settings.SHUYUN_OAI_REPOSITORY_ID
    for name, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", repository_id),
        ("delimiter", ":"),
        ("sampleIdentifier", access.identifier_of(1)),
    ):
        etree.SubElement(root, f"{{{OAI_IDENTIFIER_NS}}}{name}").text = text
    return root


def _format_element(metadata_format: MetadataFormat) -> etree._Element:
    node = element("metadataFormat")
    child(node, "metadataPrefix", metadata_format.prefix.value)
    child(node, "schema", metadata_format.schema)
    child(node, "metadataNamespace", metadata_format.namespace)
    return node


def list_metadata_formats(request: OAIRequest, context: Context) -> Answer:
    formats = list(context.registry)
    if identifier := request.get("identifier"):
        columns = tuple({c for f in formats for c in f.columns})
        record = access.get_item(identifier, columns)
        if record is None:
            raise ProtocolError(ErrorCode.ID_DOES_NOT_EXIST, f"No item {identifier!r}.")
        formats = context.registry.for_record(record)
    if not formats:
        raise ProtocolError(ErrorCode.NO_METADATA_FORMATS, "No metadata formats for this item.")
    return [_format_element(f) for f in formats]


def list_sets(request: OAIRequest, context: Context) -> Answer:
    if request.get("resumptionToken"):
        # Every set fits in one response, so no token of ours can be pending.
        raise ProtocolError(ErrorCode.BAD_RESUMPTION_TOKEN, "ListSets issues no tokens.")
    catalogue = SetCatalogue.load()
    sets = [
        *catalogue.library_sets(access.held_library_ids()),
        *type_sets(access.held_resource_types()),
    ]
    if not sets:
        raise ProtocolError(ErrorCode.NO_SET_HIERARCHY, "The repository holds no sets yet.")
    nodes = []
    for oai_set in sets:
        node = element("set")
        child(node, "setSpec", oai_set.spec)
        child(node, "setName", oai_set.name)
        nodes.append(node)
    return nodes


def _format(registry: FormatRegistry, prefix: str) -> MetadataFormat:
    metadata_format = registry.get(prefix)
    if metadata_format is None:
        raise ProtocolError(
            ErrorCode.CANNOT_DISSEMINATE_FORMAT, f"This repository does not offer {prefix!r}."
        )
    return metadata_format


def get_record(request: OAIRequest, context: Context) -> Answer:
    metadata_format = _format(context.registry, request.get("metadataPrefix"))
    identifier = request.get("identifier")
    record = access.get_item(identifier, metadata_format.columns)
    if record is None:
        raise ProtocolError(ErrorCode.ID_DOES_NOT_EXIST, f"No item {identifier!r}.")
    if not metadata_format.supports(record):
        raise ProtocolError(
            ErrorCode.CANNOT_DISSEMINATE_FORMAT,
            f"{identifier} is not available as {metadata_format.prefix}.",
        )
    context.stats["records"] = 1
    return [record_xml(record, SetCatalogue.load(), identifier, metadata_format)]


def _list_query(
    request: OAIRequest, verb: Verb
) -> tuple[tokens.ListQuery, tokens.Resumption | None]:
    if token := request.get("resumptionToken"):
        resumption = tokens.decode(token, verb)
        return resumption.query, resumption
    arguments = (request.get(name) for name in ("metadataPrefix", "set", "from", "until"))
    return tokens.ListQuery(verb, *arguments), None


@dataclass(frozen=True)
class ListPage:
    records: list[Record]
    catalogue: SetCatalogue
    metadata_format: MetadataFormat
    token: etree._Element | None


def _token(
    query: tokens.ListQuery,
    resumption: tokens.Resumption | None,
    size: int,
    page: list[Record],
    more: bool,
) -> etree._Element:
    """The token after `page` of a list whose size was counted when it was first asked for.

    While more follow, completeListSize is that count, raised when records changed meanwhile
    were sent again so that the count is reached with records still to come (the protocol lets
    the size be revised during a list); the closing token's is exactly the number of records
    sent. The size travels in the token, so the list is counted once, not once per page.
    """
    cursor = resumption.cursor if resumption else 0
    sent = cursor + len(page)
    if not more:
        return resumption_token("", sent, cursor, None)
    size = max(size, sent + 1)
    last = page[-1]
    following = tokens.issue(query, tokens.Position(last.updated_at, last.pk), sent, size)
    return resumption_token(tokens.encode(following), size, cursor, following.expires_at)


def list_page(request: OAIRequest, context: Context, verb: Verb) -> ListPage:
    """One page of a ListRecords or ListIdentifiers list, and the token that follows it."""
    query, resumption = _list_query(request, verb)
    window = parse_window(query.from_, query.until)
    metadata_format = _format(context.registry, query.prefix)
    catalogue = SetCatalogue.load()
    if query.set_spec and resumption is None and not access.holds_records():
        # Sets are the libraries and types of held records; an empty repository has none (and
        # a resumed list had records, which are never removed, only marked deleted).
        raise ProtocolError(ErrorCode.NO_SET_HIERARCHY, "The repository holds no sets yet.")
    remaining = access.after(
        access.selection(window, query.set_spec, catalogue),
        resumption.after if resumption else None,
    )
    columns = metadata_format.columns if verb == Verb.LIST_RECORDS else ()
    rows = access.page(remaining, columns, context.page_size)
    if not rows:
        raise ProtocolError(ErrorCode.NO_RECORDS_MATCH, "No records match the request.")
    records, more = rows[: context.page_size], len(rows) > context.page_size
    context.stats.update(records=len(records), set=query.set_spec)
    if resumption is None and not more:
        return ListPage(records, catalogue, metadata_format, None)
    # On the first page nothing has been skipped yet: `remaining` is the whole list.
    size = resumption.size if resumption else remaining.count()
    token = _token(query, resumption, size, records, more)
    return ListPage(records, catalogue, metadata_format, token)


def list_identifiers(request: OAIRequest, context: Context) -> Answer:
    page = list_page(request, context, Verb.LIST_IDENTIFIERS)

    def answer() -> Iterator[bytes | etree._Element]:
        for record in page.records:
            yield header_xml(record, page.catalogue, access.identifier_of(record.pk)).encode()
        if page.token is not None:
            yield page.token

    return answer()


def list_records(request: OAIRequest, context: Context) -> Answer:
    page = list_page(request, context, Verb.LIST_RECORDS)

    def answer() -> Iterator[bytes | etree._Element]:
        for record in page.records:
            identifier = access.identifier_of(record.pk)
            yield record_xml(record, page.catalogue, identifier, page.metadata_format)
        if page.token is not None:
            yield page.token

    return answer()


# The verbs and their handlers, registered explicitly.
HANDLERS: dict[Verb, Handler] = {
    Verb.IDENTIFY: identify,
    Verb.LIST_METADATA_FORMATS: list_metadata_formats,
    Verb.LIST_SETS: list_sets,
    Verb.GET_RECORD: get_record,
    Verb.LIST_IDENTIFIERS: list_identifiers,
    Verb.LIST_RECORDS: list_records,
}
