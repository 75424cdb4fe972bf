"""Reader sign-in throughput: card over SIP2 on loopback (a real pysip2 server), ID number +
password (argon2 dominates), and ID-number validation. Ratios are against baselines measured in
the same run: the bare SIP2 exchange, and one bare argon2 verification."""

from __future__ import annotations

import datetime as dt
import os
import platform
import tempfile
import time
from collections.abc import Callable
from typing import Any

import django

N_SIP2 = 200
N_ID_SIGN_INS = 20
N_VALIDATIONS = 50_000
ID_NUMBER = "11010519491231002X"
PASSWORD = "a long enough passphrase"  # noqa: S105 - the benchmark reader's own


def rate(label: str, n: int, action: Callable[[int], Any]) -> float:
    started = time.perf_counter()
    for i in range(n):
        action(i)
    per_second = n / (time.perf_counter() - started)
    print(f"  {label:<48} {per_second:>10,.1f} /s")
    return per_second


def setup_django() -> None:
    os.environ["SHUYUN_DATA_DIR"] = tempfile.mkdtemp(prefix="shuyun-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyun.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit


def id_validation() -> float:
    from shuyun.accounts import idnumber

    numbers = [f"3306{n % 100:02d}19{50 + n % 50:02d}0101{n % 1000:03d}" for n in range(1000)]
    numbers = [first17 + idnumber.check_character(first17) for first17 in numbers]
    return rate("ID numbers validated", N_VALIDATIONS, lambda i: idnumber.parse(numbers[i % 1000]))


def id_sign_ins() -> tuple[float, float]:
    from django.contrib.auth import authenticate
    from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
    from django.test import RequestFactory

    from shuyun.accounts import backends, readers
    from shuyun.accounts.models import User

    hasher = Argon2PasswordHasher()
    print(
        f"  argon2id: time_cost={hasher.time_cost} memory_cost={hasher.memory_cost} KiB "
        f"parallelism={hasher.parallelism}"
    )
    reader = User.objects.get(username="wangxiaoming")
    readers.set_national_id(reader, ID_NUMBER, PASSWORD)
    encoded = make_password(PASSWORD)
    baseline = rate(
        "baseline: one argon2 verification",
        N_ID_SIGN_INS,
        lambda i: hasher.verify(PASSWORD, encoded),
    )
    request = RequestFactory().post("/account/sign-in/", REMOTE_ADDR="10.1.0.1")
    credentials = backends.national_id_credentials(ID_NUMBER, PASSWORD)

    def sign_in(i: int) -> None:
        assert authenticate(request, **credentials) == reader

    return rate("sign-ins by ID number + password", N_ID_SIGN_INS, sign_in), baseline


def card_sign_ins() -> tuple[float, float, float]:
    from django.contrib.auth import authenticate
    from django.test import RequestFactory
    from tests.peers.sip2_server import LOGIN_PASSWORD, LOGIN_USER, Ils, Patron, running_ils

    from shuyun.accounts import backends, cards, services, sip2
    from shuyun.accounts.models import User
    from shuyun.federation import services as federation_services
    from shuyun.federation.models import Library

    operator = User.objects.get(username="operator")
    library = Library.objects.get(code="ZJ-SX-SY")  # a library whose cards the demo does not keep
    ils = Ils("ZJSXSY", {f"33060{n:05d}": Patron(f"读者{n}", "246810") for n in range(N_SIP2)})
    with running_ils(ils):
        federation_services.update_private_settings(
            operator,
            library,
            sip2_host="127.0.0.1",
            sip2_port=ils.port,
            sip2_institution=ils.institution,
        )
        services.set_sign_in_policy(
            operator, library, sip2_login_user=LOGIN_USER, sip2_login_password=LOGIN_PASSWORD
        )
        settings = cards.sip2_settings(library)
        assert settings is not None
        baseline = rate(
            "baseline: bare SIP2 93+63 exchange",
            N_SIP2,
            lambda i: sip2.check_patron(settings, f"33060{i:05d}", "246810"),
        )
        request = RequestFactory().post("/account/sign-in/", REMOTE_ADDR="10.1.0.2")

        def sign_in(i: int) -> None:
            creds = backends.card_credentials(library, f"33060{i:05d}", "246810", True)
            assert authenticate(request, **creds) is not None

        first = rate("first card sign-ins over SIP2 (opens account)", N_SIP2, sign_in)
        again = rate("card sign-ins over SIP2 (account exists)", N_SIP2, sign_in)
    return first, again, baseline


def main() -> None:
    import logging

    logging.disable(logging.INFO)  # the SIP2 server logs every connection
    setup_django()
    today = dt.datetime.now(dt.UTC).date()
    print(f"accounts · {today} · {os.cpu_count()} cores · Python {platform.python_version()}")
    validations = id_validation()
    id_rate, argon2_rate = id_sign_ins()
    first, again, sip2_rate = card_sign_ins()
    print(f"  ID sign-in / bare argon2 verify           {id_rate / argon2_rate:>10.2f}")
    print(f"  card sign-in (existing) / bare SIP2        {again / sip2_rate:>10.2f}")
    print(f"  validations per ID sign-in                 {validations / id_rate:>10,.0f}")


if __name__ == "__main__":
    main()
