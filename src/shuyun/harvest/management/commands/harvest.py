"""`shuyun harvest ZJ-SX [--full]`: harvest a library's OAI-PMH sources."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shuyun.federation.models import Library
from shuyun.harvest.harvesting import harvest_library


class Command(BaseCommand):
    help = "Harvest every active OAI-PMH source of a library (incrementally unless --full)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("library", help="library code, e.g. ZJ-SX")
        parser.add_argument(
            "--full", action="store_true", help="ignore the last harvest date and any stored token"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        library = Library.objects.filter(code=options["library"]).first()
        if library is None:
            raise CommandError(f"No library with code {options['library']}.")
        jobs = harvest_library(library, full=options["full"])
        if not jobs:
            self.stdout.write(f"{library.code} has no active harvest sources.")
        for job in jobs:
            line = f"{job.label}: {job.summary()}"
            if job.message:
                self.stderr.write(f"{line} — stopped: {job.message} (run again to resume)")
            else:
                self.stdout.write(line)
