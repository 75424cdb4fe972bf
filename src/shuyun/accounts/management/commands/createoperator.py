"""`shuyun createoperator USERNAME`: the first platform operator of a new deployment."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shuyun.accounts import services
from shuyun.federation import access as federation_access


class Command(BaseCommand):
    help = "Create the platform's first operator (asks for the password)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--library", help="code of the national library, if already registered")

    def handle(self, *args: Any, username: str, library: str | None, **options: Any) -> None:
        home = federation_access.get_library(library) if library else None
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        try:
            services.create_first_operator(username, password, home)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(self.style.SUCCESS(f"Platform operator {username} created."))
