"""XML written as text, for the per-record parts of responses.

Building an lxml element per field and subfield cost more than everything else on a page
(profiled with bench/oai.py: ~0.2-0.6 ms per MARC record), so headers and metadata are written
as strings with the escaping XML 1.0 requires, and handed to the envelope's writer as bytes.
"""

from __future__ import annotations

import re

# Characters XML 1.0 forbids; MARC sources carry stray control characters (MARC-8 escapes).
_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
_NOT_XML = re.compile(f"[{_FORBIDDEN}]")
# Most values need no escaping at all: one scan tells, before any replacing.
_TEXT_SPECIAL = re.compile(f"[&<>\r{_FORBIDDEN}]")
_ATTRIBUTE_SPECIAL = re.compile(f'[&<>"\r\n\t{_FORBIDDEN}]')


def clean(value: object) -> str:
    """Text that XML 1.0 can carry: forbidden control characters dropped."""
    return _NOT_XML.sub("", str(value))


def _escape(value: str) -> str:
    return (
        clean(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


def text(value: object) -> str:
    """`value` as character data. A carriage return is written as a reference, since parsers
    turn a literal one into a line feed."""
    value = str(value)
    return value if _TEXT_SPECIAL.search(value) is None else _escape(value)


def attribute(value: object) -> str:
    """`value` for a double-quoted attribute; whitespace other than spaces as references, since
    parsers normalise it to spaces."""
    value = str(value)
    if _ATTRIBUTE_SPECIAL.search(value) is None:
        return value
    return _escape(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def element(name: str, value: object) -> str:
    """`<name>value</name>`, in the namespace in scope where it is written."""
    return f"<{name}>{text(value)}</{name}>"
