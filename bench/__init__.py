"""Benchmarks: `python -m bench [name…]` runs the registered modules (see __main__)."""
