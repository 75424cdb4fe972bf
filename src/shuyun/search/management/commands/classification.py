"""`shuyun classification import FILE`: load a full CLC scheme (a JSON tree of classes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shuyun.search import services


class Command(BaseCommand):
    help = "Load a classification scheme from a JSON tree, replacing the one loaded before."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = services.import_classification(options["file"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        for problem in report.skipped[:20]:
            self.stderr.write(f"skipped {problem}")
        self.stdout.write(
            self.style.SUCCESS(f"loaded {report.loaded} classes, skipped {len(report.skipped)}")
        )
