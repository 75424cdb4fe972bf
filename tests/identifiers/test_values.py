"""Location URLs: the registry's quick check agrees with Django's URLValidator."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from hypothesis import given
from hypothesis import strategies as st

from shuyun.identifiers import values

DJANGO = URLValidator(schemes=["http", "https"])
HOSTS = [
    "sx.example.org",
    "绍兴图书馆.中国",
    "localhost",
    "127.0.0.1",
    "256.1.1.1",
    "[::1]",
    "[::1",
    "[fe80::zz]",
    "-bad.example.org",
    "a" * 250 + ".org",
    "x",
    "",
    "sx.example.org.",
]
PIECES = ["/", "?", "#", "@", ":", " ", "\t", "\n", "a", "中", "%20", "8080", "://", "/x/"]


def _django_accepts(url: str) -> bool:
    try:
        DJANGO(url)
    except ValidationError:
        return False
    return True


def _we_accept(url: str) -> bool:
    try:
        values.clean_url(url)
    except ValueError:
        return False
    return True


@given(
    scheme=st.sampled_from(["http", "https", "HTTPS", "ftp", "ht/tp", ""]),
    userinfo=st.sampled_from(["", "user@", "user:pw@", "a?b@", "a b@", "@"]),
    host=st.sampled_from(HOSTS),
    port=st.sampled_from(["", ":80", ":123456", ":x"]),
    rest=st.lists(st.sampled_from(PIECES), max_size=6).map("".join),
)
def test_url_check_agrees_with_django(scheme, userinfo, host, port, rest):
    url = f"{scheme}://{userinfo}{host}{port}{rest}".strip()
    if url.startswith("/"):
        return  # platform paths are ours alone
    assert _we_accept(url) == _django_accepts(url), url


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://sx.example.org/objects/1?x=1#p", True),
        ("/works/12/", True),
        ("https://sx.example.org/a b", False),
        ("ftp://sx.example.org/", False),
        ("https://" + "a" * 2100 + ".org/", False),
        ("https://sx.example.org/" + "a" * 2100, False),
    ],
)
def test_examples(url, accepted):
    assert _we_accept(url) == accepted
