"""OAI-PMH 2.0 requests: verbs, their arguments, datestamps and the protocol's error codes.

Parsing refuses exactly what section 3 of the protocol says a repository must refuse: a missing,
repeated or unknown verb is badVerb; a repeated, unknown or missing argument, a resumptionToken
beside other arguments, or a malformed or mixed-granularity date is badArgument.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
_SECONDS = "%Y-%m-%dT%H:%M:%SZ"
_DAY = "%Y-%m-%d"


class Verb(StrEnum):
    IDENTIFY = "Identify"
    LIST_METADATA_FORMATS = "ListMetadataFormats"
    LIST_SETS = "ListSets"
    GET_RECORD = "GetRecord"
    LIST_IDENTIFIERS = "ListIdentifiers"
    LIST_RECORDS = "ListRecords"


class ErrorCode(StrEnum):
    BAD_ARGUMENT = "badArgument"
    BAD_RESUMPTION_TOKEN = "badResumptionToken"  # noqa: S105 - an error code, not a secret
    BAD_VERB = "badVerb"
    CANNOT_DISSEMINATE_FORMAT = "cannotDisseminateFormat"
    ID_DOES_NOT_EXIST = "idDoesNotExist"
    NO_RECORDS_MATCH = "noRecordsMatch"
    NO_METADATA_FORMATS = "noMetadataFormats"
    NO_SET_HIERARCHY = "noSetHierarchy"


class ProtocolError(Exception):
    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Arguments:
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    exclusive: str = ""  # an argument that must come alone (resumptionToken)


_LIST = Arguments(
    required=frozenset({"metadataPrefix"}),
    optional=frozenset({"from", "until", "set"}),
    exclusive="resumptionToken",
)
ARGUMENTS: dict[Verb, Arguments] = {
    Verb.IDENTIFY: Arguments(),
    Verb.LIST_METADATA_FORMATS: Arguments(optional=frozenset({"identifier"})),
    Verb.LIST_SETS: Arguments(exclusive="resumptionToken"),
    Verb.GET_RECORD: Arguments(required=frozenset({"identifier", "metadataPrefix"})),
    Verb.LIST_IDENTIFIERS: _LIST,
    Verb.LIST_RECORDS: _LIST,
}


@dataclass(frozen=True)
class OAIRequest:
    verb: Verb
    arguments: dict[str, str]

    def get(self, name: str) -> str:
        return self.arguments.get(name, "")


def _verb(values: Sequence[str]) -> Verb:
    if len(values) != 1:
        raise ProtocolError(ErrorCode.BAD_VERB, "Give the verb argument exactly once.")
    try:
        return Verb(values[0])
    except ValueError:
        raise ProtocolError(ErrorCode.BAD_VERB, f"{values[0]!r} is not an OAI-PMH verb.") from None


def _check_arguments(verb: Verb, arguments: dict[str, str]) -> None:
    allowed = ARGUMENTS[verb]
    names = set(arguments)
    unknown = names - allowed.required - allowed.optional - {allowed.exclusive}
    if unknown:
        raise ProtocolError(
            ErrorCode.BAD_ARGUMENT, f"{verb} does not take {', '.join(sorted(unknown))}."
        )
    if allowed.exclusive and allowed.exclusive in names:
        if len(names) > 1:
            raise ProtocolError(
                ErrorCode.BAD_ARGUMENT, f"{allowed.exclusive} is an exclusive argument."
            )
        return
    missing = allowed.required - names
    if missing:
        raise ProtocolError(ErrorCode.BAD_ARGUMENT, f"{verb} needs {', '.join(sorted(missing))}.")


def parse_request(params: Mapping[str, Sequence[str]]) -> OAIRequest:
    """The request's verb and arguments, or the ProtocolError the protocol prescribes."""
    verb = _verb(params.get("verb", []))
    arguments: dict[str, str] = {}
    for name, values in params.items():
        if name == "verb":
            continue
        if len(values) != 1:
            raise ProtocolError(ErrorCode.BAD_ARGUMENT, f"The argument {name} is repeated.")
        arguments[name] = values[0]
    _check_arguments(verb, arguments)
    return OAIRequest(verb, arguments)


@dataclass(frozen=True)
class Window:
    """A from/until selection as half-open instants: start <= datestamp < end."""

    start: datetime | None = None
    end: datetime | None = None


def _parse_datestamp(name: str, text: str) -> tuple[datetime, bool]:
    """The instant and whether it was given to the second (else to the day)."""
    for pattern, fine in ((_SECONDS, True), (_DAY, False)):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC), fine
        except ValueError:
            continue
    raise ProtocolError(
        ErrorCode.BAD_ARGUMENT,
        f"{name}={text!r} is neither YYYY-MM-DD nor YYYY-MM-DDThh:mm:ssZ.",
    )


def parse_window(from_text: str, until_text: str) -> Window:
    """The datestamp window of `from`/`until`, both inclusive at the granularity they are given.

    `until=2024-05-01` includes the whole day and `until=2024-05-01T10:00:00Z` the whole second,
    since datestamps are shown to the second but stored finer.
    """
    start = end = None
    fineness = set()
    if from_text:
        start, fine = _parse_datestamp("from", from_text)
        fineness.add(fine)
    if until_text:
        until, fine = _parse_datestamp("until", until_text)
        fineness.add(fine)
        end = until + (timedelta(seconds=1) if fine else timedelta(days=1))
    if len(fineness) > 1:
        raise ProtocolError(ErrorCode.BAD_ARGUMENT, "from and until differ in granularity.")
    if start is not None and end is not None and start >= end:
        raise ProtocolError(ErrorCode.BAD_ARGUMENT, "from is later than until.")
    return Window(start, end)


def format_datestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_SECONDS)
