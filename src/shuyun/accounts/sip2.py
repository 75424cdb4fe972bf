"""A small SIP2 (3M Standard Interchange Protocol 2.00) client: log in (93/94) and check a
patron's card and password (63/64 patron information, or 23/24 patron status).

Messages are `str` from the first byte read: the library's ILS character set (cp850 for Sierra,
UTF-8 or GB18030 for Chinese systems) is decoded at the socket.
"""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

MAX_MESSAGE_BYTES = 65536
FIELD_DELIMITER = "|"
TAG = re.compile(r"[A-Z][A-Z0-9]")
TRAILER = re.compile(r"\|?(?:AY(?P<seq>\d))?AZ(?P<checksum>[0-9A-Fa-f]{4})$")
PatronMessage = Literal["63", "23"]

# Fixed-length part of each response we read, after the two-character message code.
FIXED_LENGTHS = {"94": 1, "64": 59, "24": 35, "36": 19, "96": 0}
PATRON_STATUS_LENGTH = 14


class Sip2Error(Exception):
    """The ILS could not be reached or did not answer as SIP2 says it must."""


@dataclass(frozen=True)
class Sip2Settings:
    host: str
    port: int
    institution: str
    use_tls: bool = False
    # PEM certificates to trust for TLS instead of the system's CAs (an ILS with a private CA).
    ca_certificates: str = ""
    login_user: str = ""
    login_password: str = ""
    location: str = ""
    encoding: str = "utf-8"
    timeout: float = 5.0
    patron_message: PatronMessage = "63"
    verify_checksums: bool = True


@dataclass
class Sip2Response:
    code: str
    fixed: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def first(self, tag: str) -> str | None:
        values = self.fields.get(tag)
        return values[0] if values else None

    def flag(self, tag: str) -> bool:
        return (self.first(tag) or "").strip().upper() == "Y"


@dataclass(frozen=True)
class PatronCheck:
    """What the ILS says about a card and password."""

    card_number: str
    valid_patron: bool
    valid_password: bool
    name: str
    institution: str
    blocked: bool
    messages: tuple[str, ...]

    @property
    def accepted(self) -> bool:
        return self.valid_patron and self.valid_password


def checksum(message_through_az: str, encoding: str = "utf-8") -> str:
    """Two's complement of the byte sum, as four upper-case hex digits."""
    return format(-sum(message_through_az.encode(encoding)) & 0xFFFF, "04X")


def build(code_and_fixed: str, fields: list[tuple[str, str]], sequence: int, encoding: str) -> str:
    """A request with error detection (AY sequence, AZ checksum), without the final CR."""
    body = code_and_fixed + "".join(f"{tag}{value}{FIELD_DELIMITER}" for tag, value in fields)
    body += f"AY{sequence % 10}AZ"
    return body + checksum(body, encoding)


def sip_timestamp(moment: datetime) -> str:
    """YYYYMMDDZZZZHHMMSS with a blank zone: the ILS reads it as its local time."""
    return moment.strftime("%Y%m%d") + "    " + moment.strftime("%H%M%S")


def parse(message: str, *, encoding: str = "utf-8", verify_checksum: bool = True) -> Sip2Response:
    """Split a response into code, fixed part and fields; Sip2Error says what is malformed."""
    message = message.rstrip("\r\n")
    code = message[:2]
    if code not in FIXED_LENGTHS:
        raise Sip2Error(f"Unexpected SIP2 message code {code!r} in {message[:40]!r}.")
    message = _strip_trailer(message, encoding, verify_checksum)
    fixed_end = 2 + FIXED_LENGTHS[code]
    if len(message) < fixed_end:
        raise Sip2Error(
            f"SIP2 {code} message is {len(message)} characters long; its fixed fields need "
            f"{fixed_end}."
        )
    fixed = message[2:fixed_end]
    if code in ("64", "24"):
        _check_patron_fixed(code, fixed)
    return Sip2Response(code, fixed, _split_fields(message[fixed_end:]))


def _strip_trailer(message: str, encoding: str, verify: bool) -> str:
    match = TRAILER.search(message)
    if match is None:
        return message
    if verify:
        through_az = message[: match.end() - 4]
        expected = checksum(through_az, encoding)
        if match["checksum"].upper() != expected:
            raise Sip2Error(
                f"SIP2 checksum is {match['checksum']} but the message sums to {expected}."
            )
    return message[: match.start()]


def _check_patron_fixed(code: str, fixed: str) -> None:
    status = fixed[:PATRON_STATUS_LENGTH]
    for position, flag in enumerate(status, start=1):
        if flag not in "YN ":
            raise Sip2Error(
                f"SIP2 {code} patron status (14 fixed characters) has {flag!r} at position "
                f"{position}: the fixed fields are misaligned."
            )
    date = fixed[PATRON_STATUS_LENGTH + 3 : PATRON_STATUS_LENGTH + 11]
    if not date.isdigit():
        raise Sip2Error(f"SIP2 {code} transaction date starts with {date!r}, not YYYYMMDD.")


def _split_fields(variable: str) -> dict[str, list[str]]:
    """Fields are `TAGvalue|`; a piece that does not start with a tag continues the value before
    it (some ILSs leave a '|' inside an e-mail address)."""
    pieces: list[list[str]] = []
    for piece in variable.split(FIELD_DELIMITER):
        if TAG.match(piece):
            pieces.append([piece[:2], piece[2:]])
        elif pieces:
            pieces[-1][1] += FIELD_DELIMITER + piece
        elif piece:
            raise Sip2Error(f"SIP2 fields start with {piece[:20]!r}, which is not a field tag.")
    fields: dict[str, list[str]] = {}
    for tag, value in pieces:
        fields.setdefault(tag, []).append(value)
    return fields


def patron_check(response: Sip2Response, card_number: str) -> PatronCheck:
    if response.code not in ("64", "24"):
        raise Sip2Error(f"Expected a patron response (64 or 24), got {response.code}.")
    return PatronCheck(
        card_number=response.first("AA") or card_number,
        valid_patron=response.flag("BL"),
        valid_password=response.flag("CQ"),
        name=(response.first("AE") or "").strip(),
        institution=(response.first("AO") or "").strip(),
        blocked="Y" in response.fixed[:4],  # charge, renewal, recall or hold privileges denied
        messages=tuple(response.fields.get("AF", [])),
    )


class Sip2Client:
    """One connection to one library's ILS; use as a context manager."""

    def __init__(self, settings: Sip2Settings) -> None:
        self.settings = settings
        self.sequence = 0
        self._socket: socket.socket | None = None
        self._buffer = b""

    def __enter__(self) -> Sip2Client:
        self._socket = self._connect()
        if self.settings.login_user:
            self.login()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def _connect(self) -> socket.socket:
        where = f"{self.settings.host}:{self.settings.port}"
        try:
            sock = socket.create_connection(
                (self.settings.host, self.settings.port), timeout=self.settings.timeout
            )
        except OSError as exc:
            raise Sip2Error(f"Cannot reach the library system at {where}: {exc}") from exc
        if not self.settings.use_tls:
            return sock
        try:
            return self._tls_context().wrap_socket(sock, server_hostname=self.settings.host)
        except ssl.SSLCertVerificationError as exc:
            sock.close()
            raise Sip2Error(
                f"The library system at {where} presented a TLS certificate that could not be "
                f"verified ({exc.verify_message}); check the CA certificates of the library's "
                "sign-in policy."
            ) from exc
        except OSError as exc:  # ssl.SSLError included
            sock.close()
            raise Sip2Error(
                f"The TLS handshake with the library system at {where} failed: {exc}"
            ) from exc

    def _tls_context(self) -> ssl.SSLContext:
        try:
            return trust_context(self.settings.ca_certificates)
        except ValueError as exc:
            raise Sip2Error(str(exc)) from exc

    def login(self) -> None:
        fields = [("CN", self.settings.login_user), ("CO", self.settings.login_password)]
        if self.settings.location:
            fields.append(("CP", self.settings.location))
        response = self.exchange("9300", fields)
        if response.code != "94" or response.fixed != "1":
            raise Sip2Error("The library system refused the SIP2 login (94 with ok=0).")

    def check_patron(self, card_number: str, password: str) -> PatronCheck:
        """Ask the ILS whether the card exists (BL) and the password is right (CQ)."""
        now = sip_timestamp(datetime.now())  # noqa: DTZ005 - SIP2 dates are the ILS's local time
        head = "63001" + now + " " * 10 if self.settings.patron_message == "63" else "23001" + now
        fields = [
            ("AO", self.settings.institution),
            ("AA", card_number),
            ("AC", ""),
            ("AD", password),
        ]
        return patron_check(self.exchange(head, fields), card_number)

    def exchange(self, head: str, fields: list[tuple[str, str]]) -> Sip2Response:
        request = build(head, fields, self.sequence, self.settings.encoding)
        self.sequence += 1
        self._send(request + "\r")
        reply = self._receive()
        return parse(
            reply,
            encoding=self.settings.encoding,
            verify_checksum=self.settings.verify_checksums,
        )

    def _send(self, message: str) -> None:
        assert self._socket is not None  # noqa: S101 - only called inside the context manager
        try:
            self._socket.sendall(message.encode(self.settings.encoding))
        except OSError as exc:
            raise Sip2Error(f"Lost the library system while sending: {exc}") from exc

    def _receive(self) -> str:
        assert self._socket is not None  # noqa: S101 - only called inside the context manager
        while b"\r" not in self._buffer:
            if len(self._buffer) > MAX_MESSAGE_BYTES:
                raise Sip2Error("The library system sent more than 64 KiB without a CR.")
            try:
                chunk = self._socket.recv(4096)
            except TimeoutError as exc:
                raise Sip2Error(
                    f"The library system did not answer within {self.settings.timeout:g} s."
                ) from exc
            except OSError as exc:
                raise Sip2Error(f"Lost the library system while reading: {exc}") from exc
            if not chunk:
                raise Sip2Error("The library system closed the connection without answering.")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\r")
        try:
            return line.decode(self.settings.encoding).lstrip("\n")
        except UnicodeDecodeError as exc:
            raise Sip2Error(
                f"The library system's answer is not {self.settings.encoding}: {exc}"
            ) from exc


def trust_context(ca_certificates: str) -> ssl.SSLContext:
    """A client TLS context trusting `ca_certificates` (PEM), or the system's CAs when empty;
    ValueError says why the PEM text cannot be used."""
    try:
        return ssl.create_default_context(cadata=ca_certificates or None)
    except (ssl.SSLError, ValueError) as exc:
        raise ValueError(f"The CA certificates are not usable PEM certificates: {exc}") from exc


@contextmanager
def connect(settings: Sip2Settings) -> Iterator[Sip2Client]:
    with Sip2Client(settings) as client:
        yield client


def check_patron(settings: Sip2Settings, card_number: str, password: str) -> PatronCheck:
    """Open a connection, log in if configured, check one card and password, close."""
    with connect(settings) as client:
        return client.check_patron(card_number, password)
