"""Demo accounts: one per staff role and a few readers, with passwords generated on first load."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from django.conf import settings

from shuyun.accounts import services
from shuyun.accounts.models import ReaderCard, Role, User
from shuyun.federation.models import Library

CREDENTIALS_FILE = "demo-credentials.json"

DEMO_ACCOUNTS = [
    # username, role, library code, display name
    ("zj-operator", Role.PROVINCIAL_OPERATOR, "ZJ", "浙江省运维"),
    ("hb-operator", Role.PROVINCIAL_OPERATOR, "HB", "湖北省运维"),
    ("sx-admin", Role.LIBRARY_ADMIN, "ZJ-SX", "绍兴馆管理员"),
    ("zhuji-librarian", Role.LIBRARIAN, "ZJ-SX-ZJ", "诸暨馆馆员"),
    ("wangxiaoming", Role.READER, "ZJ-SX", "王小明"),
    ("lihua", Role.READER, "ZJ-SX-ZJ", "李华"),
]
OPERATOR_USERNAME = "operator"
# Reader cards kept on the platform (the demo runs no ILS): user name, library, card number.
DEMO_CARDS = [
    ("wangxiaoming", "ZJ-SX", "3306000001"),
    ("lihua", "ZJ-SX-ZJ", "3306810007"),
]


def _credentials_path() -> Path:
    return Path(settings.DATA_DIR) / CREDENTIALS_FILE


def _load_credentials() -> dict[str, str]:
    path = _credentials_path()
    return json.loads(path.read_text()) if path.exists() else {}


def _save_credentials(credentials: dict[str, str]) -> None:
    path = _credentials_path()
    path.write_text(json.dumps(credentials, ensure_ascii=False, indent=2))
    path.chmod(0o600)


def _new_password() -> str:
    return f"sy-{secrets.token_urlsafe(9)}"


def demo_operator() -> User:
    """The demo's platform operator, made before the network exists (so without a library yet)."""
    existing = User.objects.filter(username=OPERATOR_USERNAME).first()
    if existing:
        return existing
    credentials = _load_credentials()
    credentials[OPERATOR_USERNAME] = _new_password()
    operator = services.create_first_operator(OPERATOR_USERNAME, credentials[OPERATOR_USERNAME])
    _save_credentials(credentials)
    return operator


def load_accounts(operator: User) -> dict[str, str]:
    """Create the demo accounts that do not exist yet; return every demo credential."""
    if operator.library is None:
        services.move_account(operator, operator, Library.objects.get(code="NLC"))
    credentials = _load_credentials()
    for username, role, code, display_name in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        credentials[username] = _new_password()
        services.create_account(
            operator,
            username=username,
            password=credentials[username],
            role=role,
            library=Library.objects.get(code=code),
            display_name=display_name,
        )
        _save_credentials(credentials)
    return credentials


def _card_key(code: str, number: str) -> str:
    return f"card {code} {number}"


def load_cards(operator: User) -> dict[str, str]:
    """Give the demo readers their reader cards (PINs generated once); return card → PIN."""
    credentials = _load_credentials()
    for username, code, number in DEMO_CARDS:
        library = Library.objects.get(code=code)
        if ReaderCard.objects.filter(library=library, number=number).exists():
            continue
        pin = f"{secrets.randbelow(10**6):06d}"
        reader = User.objects.get(username=username)
        services.issue_platform_card(operator, reader, library, number, pin)
        credentials[_card_key(code, number)] = pin
        _save_credentials(credentials)
    return {key: value for key, value in credentials.items() if key.startswith("card ")}


def sign_in_help(cards: dict[str, str]) -> list[str]:
    """How to sign in as a demo reader, for the demo command to print."""
    lines = ["Reader sign-in: http://sx.localhost:8000/account/sign-in/ (Shaoxing's branch site)"]
    for key, pin in cards.items():
        _, code, number = key.split(" ")
        lines.append(f"  reader card {number} of {code}, password {pin}")
    lines.append("  or any mobile number: the one-time code is written to the server log")
    return lines
