"""`python -m bench [NAME …]`: run the registered benchmarks (all by default)."""

from __future__ import annotations

import importlib
import sys

# Each benchmark is a module of this package with a main(); add yours here.
BENCHMARKS = ["identifiers"]


def run(names: list[str]) -> None:
    for name in names or BENCHMARKS:
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; known: {', '.join(BENCHMARKS)}")
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    run(sys.argv[1:])
