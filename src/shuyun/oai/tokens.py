"""Resumption tokens: the original list request plus a position in (datestamp, id) order.

A token says "records of this query after (datestamp D, id N)", not "skip K rows", so records
added, changed or deleted while a harvester pages through a list never shift it: nothing is
skipped, and a record changed meanwhile moves behind the position and is harvested again in its
new state. A token also carries the cursor and the list's size as counted on its first page
(see `verbs._token`), so a page never counts the list again. Tokens are signed (tampering is
badResumptionToken) and expire after a day.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import datetime

from django.core import signing

from shuyun.oai.protocol import ErrorCode, ProtocolError, Verb

SALT = "shuyun.oai.resumption"
LIFETIME_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ListQuery:
    """The selective-harvesting arguments of a list request, as the harvester gave them."""

    verb: Verb
    prefix: str
    set_spec: str = ""
    from_: str = ""
    until: str = ""


@dataclass(frozen=True)
class Position:
    datestamp: datetime
    record_id: int


@dataclass(frozen=True)
class Resumption:
    query: ListQuery
    after: Position
    cursor: int  # records sent before the next page
    size: int  # completeListSize: the list's size when first asked for, revised upwards
    expires: int  # Unix time

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.expires).astimezone()


def issue(query: ListQuery, after: Position, cursor: int, size: int) -> Resumption:
    return Resumption(query, after, cursor, size, int(time.time()) + LIFETIME_SECONDS)


def encode(resumption: Resumption) -> str:
    query = asdict(resumption.query)
    payload = {
        "q": [query["verb"], query["prefix"], query["set_spec"], query["from_"], query["until"]],
        "d": resumption.after.datestamp.isoformat(),
        "i": resumption.after.record_id,
        "c": resumption.cursor,
        "n": resumption.size,
        "e": resumption.expires,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def _bad(message: str) -> ProtocolError:
    return ProtocolError(ErrorCode.BAD_RESUMPTION_TOKEN, message)


def decode(token: str, verb: Verb) -> Resumption:
    """The resumption a token stands for, if it is ours, for this verb and not expired."""
    try:
        payload = signing.loads(token, salt=SALT)
        verb_name, prefix, set_spec, from_, until = payload["q"]
        resumption = Resumption(
            ListQuery(Verb(verb_name), prefix, set_spec, from_, until),
            Position(datetime.fromisoformat(payload["d"]), int(payload["i"])),
            int(payload["c"]),
            int(payload["n"]),
            int(payload["e"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise _bad("The resumptionToken is not one this repository issued.") from None
    if resumption.query.verb != verb:
        raise _bad(f"The resumptionToken belongs to {resumption.query.verb}, not {verb}.")
    if resumption.expires < time.time():
        raise _bad("The resumptionToken has expired; start the list again.")
    return resumption
