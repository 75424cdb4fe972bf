"""Shared fixtures: the named demo network everyone knows, and people in each role."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

from shuyun.accounts.models import Role, User
from shuyun.federation import demo as federation_demo
from shuyun.federation.models import Library

TEST_PASSWORD = "correct horse battery staple"
# Real sample files written by others (see its README): ../shared/data from the project root.
SHARED_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def pytest_configure(config: pytest.Config) -> None:
    # Templates resolve static files through the finders, so tests need no collectstatic run;
    # a fast hasher keeps sign-ins cheap (argon2 is measured in bench/, not here).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Service events are written as soon as they are committed (tests/analytics cover batching).
    settings.SHUYUN_EVENT_BATCH_SIZE = 1


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {settings.DATABASES['default']['ENGINE']} · CI={os.environ.get('CI', '')}"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache (host map, rate limits), as after a deploy."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.create_user("operator", password=TEST_PASSWORD, role=Role.PLATFORM_OPERATOR)


@pytest.fixture
def network(operator: User) -> dict[str, Library]:
    """The demo network, loaded through the real write path."""
    libraries = federation_demo.load_network(operator)
    operator.library = next(lib for lib in libraries if lib.code == "NLC")
    operator.save(update_fields=["library"])
    return {library.code: library for library in libraries}


@pytest.fixture
def person(network: dict[str, Library]) -> Callable[[Role, str], User]:
    """Make an account with `role` at the library with `code`."""
    counter = iter(range(1, 10_000))

    def make(role: Role, code: str) -> User:
        return User.objects.create_user(
            f"{role}-{code.lower()}-{next(counter)}",
            password=TEST_PASSWORD,
            role=role,
            library=network[code],
        )

    return make
