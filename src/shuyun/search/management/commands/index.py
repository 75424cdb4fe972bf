"""`shuyun index --rebuild`: build the search index afresh from the warehouse and swap it in."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shuyun.search import services
from shuyun.search.backend import get_backend


class Command(BaseCommand):
    help = "Rebuild the search index from the warehouse; searches go on answering meanwhile."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="build a new index and swap it in"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["rebuild"]:
            self.stdout.write(f"{get_backend().document_count()} works in the index")
            return
        started = time.perf_counter()
        count = services.rebuild_index()
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"indexed {count} works in {elapsed:.1f} s"))
