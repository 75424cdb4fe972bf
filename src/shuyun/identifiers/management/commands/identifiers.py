"""`shuyun identifiers register FILE --library CODE` and `shuyun identifiers check-links`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shuyun.federation.models import Library
from shuyun.identifiers import batches, health, linkcheck
from shuyun.identifiers.access import Registrant

CHECK_CHUNK = 500


class Command(BaseCommand):
    help = "Register identifiers in batches, and check that their locations answer."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        register = actions.add_parser("register", help="register a CSV or JSON batch")
        register.add_argument("file", type=Path)
        register.add_argument("--library", required=True, help="code of the registering library")
        register.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="store nothing if any row is bad (default: store good rows, report the rest)",
        )
        check = actions.add_parser("check-links", help="HEAD/GET every location, mark broken ones")
        check.add_argument("--limit", type=int, default=10_000, help="locations per run")
        check.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
        check.add_argument("--concurrency", type=int, default=8, help="requests in flight")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "register":
            self._register(options["file"], options["library"], options["all_or_nothing"])
        else:
            self._check_links(options["limit"], options["timeout"], options["concurrency"])

    def _register(self, path: Path, code: str, all_or_nothing: bool) -> None:
        library = Library.objects.filter(code=code.upper()).first()
        if library is None:
            raise CommandError(f"No library with code {code}.")
        try:
            rows = batches.read_batch(path.read_bytes(), path.name)
            registrant = Registrant(library=library, user=None, via=f"command {path.name}")
            report = batches.register_batch(registrant, rows, all_or_nothing=all_or_nothing)
        except (OSError, batches.BatchFileError, ValidationError) as exc:
            raise CommandError(str(exc)) from None
        for line, message in report.errors:
            self.stderr.write(f"{path.name}:{line}: {message}")
        for line, handle, same in report.flagged:
            self.stdout.write(
                f"{path.name}:{line}: {handle} needs confirmation (same work as {', '.join(same)})"
            )
        self.stdout.write(f"registered {len(report.created)}, rejected {len(report.errors)} rows")
        if report.errors and all_or_nothing:
            raise CommandError("Nothing was registered: correct the rows above and run again.")

    def _check_links(self, limit: int, timeout: float, concurrency: int) -> None:
        due = health.locations_due(limit)
        broken = changed = 0
        for start in range(0, len(due), CHECK_CHUNK):
            results = linkcheck.check_urls(
                due[start : start + CHECK_CHUNK], timeout=timeout, concurrency=concurrency
            )
            changed += health.record_link_results(results)
            broken += sum(result.broken for result in results)
        self.stdout.write(
            f"checked {len(due)} locations: {broken} broken, {changed} identifiers re-ordered"
        )
