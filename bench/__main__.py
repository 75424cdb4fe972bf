"""`make bench`: run every registered benchmark (or those named on the command line)."""

from __future__ import annotations

import importlib
import sys

# Each module has a main() that measures and writes its section of bench/RESULTS.md.
BENCHMARKS = {
    "federation": "bench.federation",
    "search": "bench.search",
    "catalog": "bench.catalog",
    "identifiers": "bench.identifiers",
    "accounts": "bench.accounts",
    "oai": "bench.oai",
}


def run(names: list[str]) -> None:
    for name in names or list(BENCHMARKS):
        print(f"== {name}", flush=True)
        importlib.import_module(BENCHMARKS[name]).main()


if __name__ == "__main__":
    run(sys.argv[1:])
