"""Dublin Core (oai_dc, srw_dc or any element holding dc:* children) to the unified record."""

from __future__ import annotations

import re

from lxml import etree

from shuyun.catalog.crosswalks.common import year_in
from shuyun.catalog.identifiers import normalise_isbn, normalise_issn
from shuyun.catalog.records import Creator, MappingError, RecordData, fallback_source_id, unique

DC_NS = "http://purl.org/dc/elements/1.1/"
# "叶震 主编": a name followed by a short role word, as Chinese catalogues write contributors.
_NAME_AND_ROLE = re.compile(r"^(?P<name>.+?)\s+(?P<role>[\u4e00-\u9fff]{1,3})$")
LANGUAGES = {"zh": "chi", "zho": "chi", "en": "eng", "ja": "jpn", "fr": "fre", "de": "ger"}
TYPES = {
    "text": "book",
    "book": "book",
    "article": "journal",
    "journal": "journal",
    "thesis": "thesis",
    "doctoralthesis": "thesis",
    "masterthesis": "thesis",
    "sound": "audio",
    "movingimage": "video",
    "video": "video",
    "image": "image",
    "stillimage": "image",
}


def _elements(raw: bytes) -> dict[str, list[str]]:
    try:
        root = etree.fromstring(raw)
    except etree.XMLSyntaxError as exc:
        raise MappingError(f"not well-formed XML: {exc}") from exc
    values: dict[str, list[str]] = {}
    for element in root.iter(f"{{{DC_NS}}}*"):
        text = " ".join((element.text or "").split())
        if text:
            values.setdefault(etree.QName(element).localname, []).append(text)
    return values


def _creator(value: str, default_role: str) -> Creator:
    match = _NAME_AND_ROLE.match(value)
    return Creator(match["name"], match["role"]) if match else Creator(value, default_role)


def _resource_type(types: list[str]) -> str:
    for value in types:
        key = re.sub(r"[^a-z]", "", value.lower().rsplit("/", 1)[-1])
        if key in TYPES:
            return TYPES[key]
    return "other"


def dc_to_record(raw: bytes) -> RecordData:
    dc = _elements(raw)
    titles = dc.get("title", [])
    if not titles:
        raise MappingError("dc:title: no title")
    identifiers = dc.get("identifier", [])
    language = dc.get("language", [""])[0].lower()
    publishers = dc.get("publisher", [])
    return RecordData(
        source_format="oai_dc",
        raw=raw,
        source_id=identifiers[0] if identifiers else fallback_source_id(raw),
        title=titles[0],
        other_titles=unique(titles[1:]),
        creators=[_creator(v, "creator") for v in dc.get("creator", [])]
        + [_creator(v, "contributor") for v in dc.get("contributor", [])],
        subjects=unique(dc.get("subject", [])),
        isbns=unique(
            [i for v in identifiers if (i := normalise_isbn(v)) and "issn" not in v.lower()]
        ),
        issns=unique([i for v in identifiers if "issn" in v.lower() and (i := normalise_issn(v))]),
        links=unique([v for v in identifiers if v.startswith(("http://", "https://"))]),
        language=LANGUAGES.get(language, language[:3]),
        # Catalogues that derive DC from ISBD write "place" then "publisher"; the last is the name.
        publisher=publishers[-1] if publishers else "",
        place=publishers[0] if len(publishers) > 1 else "",
        year=next((y for v in dc.get("date", []) if (y := year_in(v))), None),
        resource_type=_resource_type(dc.get("type", [])),
        abstract=" ".join(dc.get("description", [])),
        rights=" ".join(dc.get("rights", [])),
    )
