"""Shuyun's settings plus the bare baseline view, for bench/identifiers.py only."""

from shuyun.settings import *  # noqa: F403

ROOT_URLCONF = "bench.identifiers_urls"
