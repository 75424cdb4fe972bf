"""`shuyun import ZJ-SX file.mrc|.xml|.csv|.xlsx`: load a file of records into a library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shuyun.catalog.crosswalks import SourceFormat
from shuyun.federation.models import Library
from shuyun.harvest import services
from shuyun.harvest.files import UnreadableFile


class Command(BaseCommand):
    help = "Import MARC 21 / CNMARC (ISO 2709 or XML), Dublin Core, CSV or XLSX records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("library", help="library code, e.g. ZJ-SX")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format", choices=[f.value for f in SourceFormat], help="default: from the file"
        )
        parser.add_argument(
            "--mapping",
            type=Path,
            help='JSON file mapping spreadsheet columns to fields, e.g. {"题名": "title"}',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        library = Library.objects.filter(code=options["library"]).first()
        if library is None:
            raise CommandError(f"No library with code {options['library']}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        mapping = json.loads(options["mapping"].read_text()) if options["mapping"] else None
        chosen = SourceFormat(options["format"]) if options["format"] else None
        try:
            job = services.import_file(library, path, source_format=chosen, mapping=mapping)
        except (UnreadableFile, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{library.code} ← {path.name} ({job.source_format}): {job.summary()}")
        for entry in job.quarantined_records.all()[:20]:
            self.stdout.write(f"  quarantined: {entry.reason}")
