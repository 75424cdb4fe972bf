"""The demo's identifiers: the root prefix at the National Library, sub-prefixes delegated down to
Zhuji, and Shaoxing Library's registration of two public-domain lectures by Lu Xun (a native of
Shaoxing) from the shared sample data, each with the real SHA-256 of its file, resolving to the
file in its source repository. Running it again adds nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

from shuyun.accounts.models import User
from shuyun.federation.models import Library
from shuyun.identifiers import delegation, services
from shuyun.identifiers.access import Registrant
from shuyun.identifiers.models import Identifier, Prefix, ResourceType
from shuyun.identifiers.values import IdentifierInput, LocationInput

ROOT_PREFIX = "20.500.12345"
# Library code → (segment, code of the library holding the prefix above).
DELEGATIONS = {"ZJ": ("zj", "NLC"), "ZJ-SX": ("sx", "ZJ"), "ZJ-SX-ZJ": ("zhuji", "ZJ-SX")}
LECTURES_DIR = Path(settings.PROJECT_ROOT) / ".." / "shared" / "data" / "luxun-lectures-pd"
SOURCE = "https://github.com/hmtx233/luxunwenji/blob/fc0a910213df6708e0b892b0c7b594a9a044836a/"


@dataclass(frozen=True)
class Lecture:
    file: str
    title: str
    source_path: str  # in the source repository (see the sample's README)
    suffix: str


LECTURES = [
    Lecture(
        "娜拉走后怎样.md",
        "娜拉走后怎样",
        "docs/essays/fen/娜拉走后怎样.md",
        "luxun/娜拉走后怎样",
    ),
    Lecture(
        "一九二七年_革命时代的文学.md",
        "革命时代的文学",
        "docs/essays/erji/一九二七年_革命时代的文学.md",
        "",  # minted
    ),
]


def load_identifiers(operator: User, libraries: dict[str, Library]) -> list[str]:
    """Prefixes for NLC, ZJ, ZJ-SX and ZJ-SX-ZJ, then the lectures' identifiers (their handles)."""
    _delegate_prefixes(operator, libraries)
    registrant = Registrant(library=libraries["ZJ-SX"], user=None, via="demo")
    return [handle for lecture in LECTURES if (handle := _register(registrant, lecture))]


def _delegate_prefixes(operator: User, libraries: dict[str, Library]) -> None:
    held = {prefix.library.code: prefix for prefix in Prefix.objects.select_related("library")}
    root = next((prefix for prefix in held.values() if prefix.is_root), None)
    held["NLC"] = root or delegation.configure_root_prefix(operator, ROOT_PREFIX, libraries["NLC"])
    for code, (segment, above) in DELEGATIONS.items():
        if code not in held:
            held[code] = delegation.delegate_prefix(operator, held[above], libraries[code], segment)


def _register(registrant: Registrant, lecture: Lecture) -> str:
    path = LECTURES_DIR / lecture.file
    if not path.exists():  # a deployment without the shared sample data
        return ""
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    existing = Identifier.objects.filter(sha256=sha256).values_list("handle", flat=True).first()
    if existing is not None:
        return existing
    data = IdentifierInput(
        locations=[LocationInput(SOURCE + quote(lecture.source_path))],
        suffix=lecture.suffix,
        title=lecture.title,
        resource_type=ResourceType.OTHER,
        sha256=sha256,
    )
    return services.register_identifier(registrant, data).identifier.handle
