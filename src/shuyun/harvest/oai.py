"""An OAI-PMH 2.0 client: streaming lxml parse, retries with backoff and Retry-After.

A page is parsed as it arrives (records are cleared once read), and only returned whole: a
truncated or broken response is fetched again rather than half used.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import IO, TypeVar
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from lxml import etree

OAI = "{http://www.openarchives.org/OAI/2.0/}"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
FINE_GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
T = TypeVar("T")


class OAIError(Exception):
    """The repository answered with an OAI-PMH error (badArgument, badResumptionToken, …)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class HarvestError(Exception):
    """The repository could not be reached or answered garbage, after every retry."""


@dataclass(frozen=True)
class Identify:
    repository_name: str
    base_url: str
    protocol_version: str
    granularity: str
    earliest_datestamp: str
    deleted_record: str


@dataclass(frozen=True)
class OAIRecord:
    identifier: str
    datestamp: datetime | None
    deleted: bool
    sets: tuple[str, ...]
    metadata: bytes  # the metadata element's child as received; empty for deleted records


@dataclass
class Page:
    response_date: datetime | None = None
    records: list[OAIRecord] = field(default_factory=list)
    token: str = ""
    complete_list_size: int | None = None


def parse_datestamp(text: str | None) -> datetime | None:
    value = (text or "").strip()
    for pattern in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S.%fZ"):
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def format_datestamp(moment: datetime, granularity: str) -> str:
    """`from`/`until` as fine as the repository says it supports, never finer."""
    moment = moment.astimezone(UTC)
    if granularity == FINE_GRANULARITY:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%Y-%m-%d")


def retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


IDENTIFY_FIELDS = (
    "repositoryName",
    "baseURL",
    "protocolVersion",
    "granularity",
    "earliestDatestamp",
    "deletedRecord",
)


def _texts(element: etree._Element, *names: str) -> tuple[str, ...]:
    return tuple((element.findtext(f"{OAI}{name}") or "").strip() for name in names)


def _check_error(element: etree._Element) -> None:
    if element.tag == f"{OAI}error":
        raise OAIError(element.get("code", "unknown"), (element.text or "").strip())


def _record(element: etree._Element) -> OAIRecord:
    header = element.find(f"{OAI}header")
    if header is None:
        raise OAIError("badRecord", "a record without a header")
    metadata = element.find(f"{OAI}metadata")
    payload = metadata[0] if metadata is not None and len(metadata) else None
    return OAIRecord(
        identifier=(header.findtext(f"{OAI}identifier") or "").strip(),
        datestamp=parse_datestamp(header.findtext(f"{OAI}datestamp")),
        deleted=header.get("status") == "deleted",
        sets=tuple(s.text or "" for s in header.findall(f"{OAI}setSpec")),
        metadata=etree.tostring(payload, encoding="utf-8") if payload is not None else b"",
    )


def parse_list_page(stream: IO[bytes], item_tag: str) -> tuple[Page, list[etree._Element]]:
    """A ListRecords/ListSets/ListMetadataFormats page; records are parsed and cleared as read."""
    page = Page()
    items: list[etree._Element] = []
    for _event, element in etree.iterparse(stream, events=("end",)):
        tag = element.tag
        if tag == f"{OAI}responseDate":
            page.response_date = parse_datestamp(element.text)
        elif tag == f"{OAI}error":
            _check_error(element)
        elif tag == f"{OAI}record" and item_tag == tag:
            page.records.append(_record(element))
            element.clear(keep_tail=True)
        elif tag == item_tag:
            items.append(element)
        elif tag == f"{OAI}resumptionToken":
            page.token = (element.text or "").strip()
            size = element.get("completeListSize", "")
            page.complete_list_size = int(size) if size.isdigit() else None
    return page, items


class OAIClient:
    def __init__(
        self,
        base_url: str,
        *,
        retries: int = 5,
        backoff: float = 1.0,
        max_wait: float = 600.0,
        timeout: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.timeout = timeout
        self.sleep = sleep

    def _call(self, params: dict[str, str], parse: Callable[[IO[bytes]], T]) -> T:
        url = f"{self.base_url}?{urlencode(params)}"
        request = Request(url, headers={"User-Agent": "Shuyun OAI-PMH harvester"})  # noqa: S310
        for attempt in range(self.retries + 1):
            try:
                with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - operator-set URL
                    return parse(response)
            except HTTPError as exc:
                if exc.code not in RETRY_STATUSES or attempt == self.retries:
                    raise HarvestError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
                wait = retry_after_seconds(exc.headers.get("Retry-After"))
            except etree.XMLSyntaxError as exc:
                if attempt == self.retries:
                    raise HarvestError(f"{url}: response is not well-formed XML ({exc})") from exc
                wait = None
            except (URLError, OSError, http.client.HTTPException) as exc:
                if attempt == self.retries:
                    raise HarvestError(f"{url}: {exc}") from exc
                wait = None
            self.sleep(min(self.max_wait, wait if wait is not None else self.backoff * 2**attempt))
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def identify(self) -> Identify:
        def parse(stream: IO[bytes]) -> Identify:
            root = etree.parse(stream).getroot()
            for error in root.iter(f"{OAI}error"):
                _check_error(error)
            node = root.find(f"{OAI}Identify")
            if node is None:
                raise OAIError("badResponse", "no Identify element")
            return Identify(*_texts(node, *IDENTIFY_FIELDS))

        return self._call({"verb": "Identify"}, parse)

    def _pages(
        self, params: dict[str, str], item_tag: str
    ) -> Iterator[tuple[Page, list[etree._Element]]]:
        verb = params["verb"]
        while True:
            try:
                page, items = self._call(params, lambda s: parse_list_page(s, item_tag))
            except OAIError as exc:
                if exc.code == "noRecordsMatch":
                    return
                raise
            yield page, items
            if not page.token:
                return
            params = {"verb": verb, "resumptionToken": page.token}

    def list_metadata_formats(self) -> list[tuple[str, ...]]:
        """(prefix, schema, namespace) of every format the repository offers."""
        pages = self._pages({"verb": "ListMetadataFormats"}, f"{OAI}metadataFormat")
        fields = ("metadataPrefix", "schema", "metadataNamespace")
        return [_texts(e, *fields) for _page, items in pages for e in items]

    def list_sets(self) -> Iterator[tuple[str, str]]:
        """(setSpec, setName), following resumption tokens."""
        for _page, items in self._pages({"verb": "ListSets"}, f"{OAI}set"):
            for element in items:
                yield (
                    element.findtext(f"{OAI}setSpec") or "",
                    element.findtext(f"{OAI}setName") or "",
                )

    def get_record(self, identifier: str, metadata_prefix: str) -> OAIRecord:
        params = {"verb": "GetRecord", "identifier": identifier, "metadataPrefix": metadata_prefix}
        page, _items = self._call(params, lambda s: parse_list_page(s, f"{OAI}record"))
        if not page.records:
            raise OAIError("badResponse", "GetRecord answered without a record")
        return page.records[0]

    def list_records(
        self,
        metadata_prefix: str,
        *,
        set_spec: str = "",
        from_: str = "",
        until: str = "",
        resumption_token: str = "",
    ) -> Iterator[Page]:
        """Pages of records; with `resumption_token`, go on from where an earlier run stopped."""
        if resumption_token:
            params = {"verb": "ListRecords", "resumptionToken": resumption_token}
        else:
            params = {"verb": "ListRecords", "metadataPrefix": metadata_prefix}
            optional = {"set": set_spec, "from": from_, "until": until}
            params.update({name: value for name, value in optional.items() if value})
        for page, _items in self._pages(params, f"{OAI}record"):
            yield page
