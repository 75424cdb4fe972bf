"""schemathesis fuzzes the live API from its own OpenAPI document: no 500s, and every
documented response matches its schema."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from shuyun.accounts.models import Role, User
from shuyun.api import api
from shuyun.federation import services
from shuyun.federation.models import ApiScope, Library
from tests.oai.conftest import load_warehouse

EXAMPLES_PER_OPERATION = 12
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def test_fuzzing_finds_nothing(
    live_server: Any,
    network: dict[str, Library],
    person: Callable[[Role, str], User],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    for throttle in api.throttle:  # type: ignore[union-attr]  # fuzzing is a burst well past any rate limit
        monkeypatch.setattr(throttle, "num_requests", 1_000_000)
    with override_settings(SHUYUN_SEARCH_DIR=tmp_path / "search"):
        load_warehouse(network)
        admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
        _, key = services.issue_api_key(admin, network["ZJ-SX"], "fuzz", list(ApiScope))
        schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 10
        for operation in operations:

            @given(case=operation.as_strategy())
            @hypothesis_settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=True,  # the same examples on every run: CI stays repeatable
                suppress_health_check=list(HealthCheck),
            )
            def call(case: schemathesis.Case) -> None:
                case.call_and_validate(headers={"X-API-Key": key}, checks=CHECKS)

            call()


def test_ids_beyond_64_bits_are_invalid_not_a_server_error(client, network, person):
    from shuyun.accounts.models import Role

    admin = person(Role.LIBRARY_ADMIN, "ZJ-SX")
    _, key = services.issue_api_key(admin, network["ZJ-SX"], "ids", [ApiScope.READ])
    too_big = ("/api/v1/works/168330789244266723531554816", "/api/v1/records/9223372036854775808")
    for path in too_big:
        assert client.get(path, HTTP_X_API_KEY=key).status_code == 422
