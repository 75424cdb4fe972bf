"""`shuyun harvest ZJ-SX [--full]` and `shuyun harvest --due`: harvest OAI-PMH sources."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shuyun.federation.models import Library
from shuyun.harvest.harvesting import harvest_library
from shuyun.harvest.models import Job
from shuyun.harvest.schedules import harvest_due_sources


class Command(BaseCommand):
    help = (
        "Harvest every active OAI-PMH source of a library (incrementally unless --full), or, "
        "with --due, every source whose schedule says it is due (what cron or a timer runs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("library", nargs="?", help="library code, e.g. ZJ-SX")
        parser.add_argument(
            "--full", action="store_true", help="ignore the last harvest date and any stored token"
        )
        parser.add_argument(
            "--due",
            action="store_true",
            help="harvest the sources (of the library, if given) whose daily or weekly "
            "schedule is due, incrementally",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        library = self._library(options["library"])
        if options["due"]:
            if options["full"]:
                raise CommandError("--due harvests incrementally; --full is for one library.")
            jobs = harvest_due_sources(library=library)
            if not jobs:
                self.stdout.write("No harvest source is due.")
        elif library is None:
            raise CommandError("Name a library (e.g. ZJ-SX) or use --due.")
        else:
            jobs = harvest_library(library, full=options["full"])
            if not jobs:
                self.stdout.write(f"{library.code} has no active harvest sources.")
        self._report(jobs)

    def _library(self, code: str | None) -> Library | None:
        if code is None:
            return None
        library = Library.objects.filter(code=code).first()
        if library is None:
            raise CommandError(f"No library with code {code}.")
        return library

    def _report(self, jobs: list[Job]) -> None:
        for job in jobs:
            line = f"{job.library.code} {job.label}: {job.summary()}"
            if job.message:
                self.stderr.write(f"{line} — stopped: {job.message} (run again to resume)")
            else:
                self.stdout.write(line)
