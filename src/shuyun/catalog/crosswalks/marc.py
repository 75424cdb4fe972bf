"""MARC records (MARC 21 and UNIMARC/CNMARC alike) read from ISO 2709 bytes or MARCXML.

A small reader of our own rather than pymarc's, because ingest must keep up with 8,000 records/s
and pymarc's parse alone runs near that; `tests/catalog/test_marc.py` holds it to the same fields
as pymarc on every real sample pymarc reads. pymarc is used for MARC-8 decoding and for writing
MARCXML on export.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pymarc
from lxml import etree
from pymarc.marc8 import MARC8ToUnicode

from shuyun.catalog.records import MappingError

FIELD_END = 0x1E
SUBFIELD_MARK = "\x1f"
Decoder = Callable[[bytes, str], str]


@dataclass(slots=True)
class MarcField:
    tag: str
    ind1: str = " "
    ind2: str = " "
    subfields: list[tuple[str, str]] = field(default_factory=list)
    data: str = ""  # the value of a control field (001-009)

    def values(self, *codes: str) -> list[str]:
        return [value for code, value in self.subfields if code in codes]

    def first(self, code: str) -> str:
        for c, value in self.subfields:  # a loop: next() over a generator costs twice as much
            if c == code:
                return value
        return ""


@dataclass(slots=True)
class MarcRecord:
    leader: str
    fields: list[MarcField]
    _by_tag: dict[str, list[MarcField]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self._by_tag:
            return  # given by the reader, which builds it along with the fields
        for f in self.fields:
            self._by_tag.setdefault(f.tag, []).append(f)

    def get(self, tag: str) -> list[MarcField]:
        return self._by_tag.get(tag, [])

    def has(self, tag: str) -> bool:
        return tag in self._by_tag

    def control(self, tag: str) -> str:
        found = self._by_tag.get(tag)
        return found[0].data if found else ""

    def values(self, tag: str, *codes: str) -> list[str]:
        return [v for f in self._by_tag.get(tag, ()) for c, v in f.subfields if c in codes]

    def first(self, tag: str, code: str) -> str:
        for f in self._by_tag.get(tag, ()):
            for c, value in f.subfields:
                if c == code:
                    return value
        return ""


def is_control_tag(tag: str) -> bool:
    return tag.startswith("00")


def decode_utf8(data: bytes, tag: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MappingError(f"field {tag}: invalid UTF-8 at byte {exc.start}") from exc


def decode_utf8_or_gb18030(data: bytes, tag: str) -> str:
    """Chinese UNIMARC files come as UTF-8 or as legacy GB2312/GBK/GB18030 (a superset)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise MappingError(
                f"field {tag}: neither UTF-8 nor GB18030 at byte {exc.start}"
            ) from exc


def _decode_marc8(tag: str, parts: list[bytes]) -> list[str]:
    """MARC-8 subfields of one field (escapes carry over between them); bad bytes raise.

    pymarc's converter reports truncated multibyte (CJK) characters only on stderr, so that
    report is captured and turned into an error naming the field.
    """
    converter = MARC8ToUnicode(quiet=True)
    complaints = io.StringIO()
    try:
        with contextlib.redirect_stderr(complaints):
            decoded = [converter.translate(p) if p else "" for p in parts]
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        raise MappingError(f"field {tag}: broken MARC-8 escape sequence ({exc})") from exc
    if complaints.getvalue():
        first = complaints.getvalue().splitlines()[0]
        raise MappingError(f"field {tag}: broken MARC-8 text ({first})")
    return decoded


def _fields(
    chunks: list[tuple[str, bytes]], decode: Decoder, marc8: bool, utf8: bool
) -> tuple[list[MarcField], dict[str, list[MarcField]]]:
    """The fields of an ISO 2709 record, in order and by tag.

    One loop over the fields with the common case (text known to be valid UTF-8) decoded
    inline: this is the innermost loop of ingest, run twenty times a record.
    """
    fields: list[MarcField] = []
    by_tag: dict[str, list[MarcField]] = {}
    tag = ""
    try:
        for tag, chunk in chunks:
            if tag[:2] == "00":  # control field
                made = MarcField(tag, data=chunk.decode() if utf8 else decode(chunk, tag))
            else:
                if len(chunk) < 2:
                    raise MappingError(f"field {tag}: no indicators")
                if marc8:
                    parts = _decode_marc8(tag, chunk[2:].split(b"\x1f"))
                else:
                    parts = (chunk[2:].decode() if utf8 else decode(chunk[2:], tag)).split("\x1f")
                subfields = [(part[0], part[1:]) for part in parts[1:] if part]
                made = MarcField(tag, chr(chunk[0]), chr(chunk[1]), subfields)
            fields.append(made)
            if tag in by_tag:
                by_tag[tag].append(made)
            else:
                by_tag[tag] = [made]
    except UnicodeDecodeError as exc:  # a field cut mid-character by a wrong directory
        raise MappingError(f"field {tag}: invalid UTF-8 at byte {exc.start}") from exc
    return fields, by_tag


def _field_chunks(raw: bytes, only: frozenset[str] | None = None) -> list[tuple[str, bytes]]:
    """(tag, bytes without the field terminator) per directory entry (with a tag in `only`, if
    given), tolerating bad lengths."""
    directory_end = raw.find(b"\x1e", 24)
    if directory_end < 0:
        raise MappingError("no end to the directory")
    directory = raw[24:directory_end]
    if len(directory) % 12:
        raise MappingError(f"directory length {len(directory)} is not a multiple of 12")
    # Trust where the directory ends over the leader's base address: Alma and others get it wrong.
    data = raw[directory_end + 1 :]
    try:
        text = directory.decode("ascii")  # once, rather than a tag at a time
    except UnicodeDecodeError as exc:
        bad = exc.start - exc.start % 12
        raise MappingError(
            f"directory entry {bad // 12 + 1} is malformed: {directory[bad : bad + 12]!r}"
        ) from exc
    chunks = []
    for i in range(0, len(text), 12):
        tag = text[i : i + 3]
        if only is not None and tag not in only:
            continue
        try:
            length, start = int(text[i + 3 : i + 7]), int(text[i + 7 : i + 12])
        except ValueError as exc:
            raise MappingError(
                f"directory entry {i // 12 + 1} is malformed: {directory[i : i + 12]!r}"
            ) from exc
        if start >= len(data):
            raise MappingError(f"field {tag}: starts at {start}, past the end of the record")
        end = start + length - 1
        if end >= len(data) or data[end] != FIELD_END:
            # A wrong length in the directory: the field still ends at its terminator.
            found = data.find(b"\x1e", start)
            end = found if found >= 0 else len(data)
        chunks.append((tag, data[start:end]))
    return chunks


def _valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def parse_iso2709(
    raw: bytes, decode: Decoder | None = None, only: frozenset[str] | None = None
) -> MarcRecord:
    """One ISO 2709 record (with or without its record terminator).

    A crosswalk passes the tags it reads as `only`: a record that is valid UTF-8 as a whole then
    leaves its other fields undecoded (a third of them), since they cannot fail to decode.
    MARC-8 and legacy-encoded records are decoded whole, so a bad byte anywhere is reported.
    """
    if len(raw) < 25:
        raise MappingError(f"record of {len(raw)} bytes is shorter than a leader")
    try:
        leader = raw[:24].decode("ascii")
    except UnicodeDecodeError as exc:
        raise MappingError("leader is not ASCII") from exc
    utf8 = _valid_utf8(raw)
    # Many systems write UTF-8 but leave leader/09 blank; MARC-8 text is rarely valid UTF-8.
    marc8 = decode is None and leader[9] != "a" and (b"\x1b" in raw or not utf8)
    chunks = _field_chunks(raw, only if utf8 and not marc8 else None)
    fields, by_tag = _fields(chunks, decode or decode_utf8, marc8, utf8)
    return MarcRecord(leader.replace("-", " "), fields, by_tag)


def _localname(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_marcxml_element(element: etree._Element) -> MarcRecord:
    leader = ""
    fields: list[MarcField] = []
    for child in element:
        name = _localname(child)
        if name == "leader":
            leader = (child.text or "").replace("-", " ")
        elif name == "controlfield":
            fields.append(MarcField(child.get("tag", ""), data=child.text or ""))
        elif name == "datafield":
            fields.append(_xml_datafield(child))
    if len(leader) != 24:
        raise MappingError(f"leader {leader!r} is not 24 characters")
    return MarcRecord(leader, fields)


def _xml_datafield(element: etree._Element) -> MarcField:
    tag = element.get("tag", "")
    subfields = []
    for sub in element:
        if _localname(sub) != "subfield":
            raise MappingError(f"field {tag}: unexpected element <{_localname(sub)}>")
        code = sub.get("code")
        if not code:
            raise MappingError(f"field {tag}: a subfield has no code")
        subfields.append((code, sub.text or ""))
    return MarcField(tag, element.get("ind1", " "), element.get("ind2", " "), subfields)


def parse_marcxml(raw: bytes) -> MarcRecord:
    try:
        element = etree.fromstring(raw)
    except etree.XMLSyntaxError as exc:
        raise MappingError(f"not well-formed XML: {exc}") from exc
    return parse_marcxml_element(element)


def parse_marc(
    raw: bytes, decode: Decoder | None = None, only: frozenset[str] | None = None
) -> MarcRecord:
    """ISO 2709 or MARCXML, told apart by the first byte (`only`: see parse_iso2709)."""
    if raw.lstrip()[:1] == b"<":
        return parse_marcxml(raw)
    return parse_iso2709(raw, decode, only)


def looks_like_unimarc(record: MarcRecord) -> bool:
    """UNIMARC/CNMARC puts the title in 200 and has no 245; MARC 21 the other way round."""
    return record.has("200") and not record.has("245")


def to_pymarc(record: MarcRecord) -> pymarc.Record:
    result = pymarc.Record(leader=record.leader, force_utf8=True)
    for f in record.fields:
        if is_control_tag(f.tag):
            result.add_field(pymarc.Field(tag=f.tag, data=f.data))
        else:
            subfields = [pymarc.Subfield(code, value) for code, value in f.subfields]
            result.add_field(
                pymarc.Field(
                    tag=f.tag, indicators=pymarc.Indicators(f.ind1, f.ind2), subfields=subfields
                )
            )
    return result
