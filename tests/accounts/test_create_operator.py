from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from shuyun.accounts.models import Role, User


def answer(monkeypatch: pytest.MonkeyPatch, *passwords: str) -> None:
    replies = iter(passwords)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(replies))


@pytest.mark.django_db
def test_first_operator_is_created_once(monkeypatch):
    answer(monkeypatch, "a long enough secret 1", "a long enough secret 1")
    call_command("createoperator", "root-operator")
    assert User.objects.get(username="root-operator").role == Role.PLATFORM_OPERATOR
    answer(monkeypatch, "a long enough secret 2", "a long enough secret 2")
    with pytest.raises(CommandError, match="exists already"):
        call_command("createoperator", "second")


@pytest.mark.django_db
def test_weak_or_mismatched_passwords_are_refused(monkeypatch):
    answer(monkeypatch, "12345678", "12345678")
    with pytest.raises(CommandError, match="太常见"):
        call_command("createoperator", "root-operator")
    answer(monkeypatch, "a long enough secret", "another one")
    with pytest.raises(CommandError, match="differ"):
        call_command("createoperator", "root-operator")
    assert not User.objects.exists()
