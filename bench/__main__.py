"""Run the registered benchmarks: `python -m bench` (all) or `python -m bench accounts`."""

from __future__ import annotations

import importlib
import sys

# Each entry is a module under bench/ with a main(); add yours here.
BENCHMARKS = ["accounts"]


def run(names: list[str]) -> None:
    for name in names or BENCHMARKS:
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARKS)}")
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    run(sys.argv[1:])
