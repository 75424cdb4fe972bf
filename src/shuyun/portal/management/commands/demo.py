"""`shuyun demo`: load the demo federation with real sample data; safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shuyun.accounts import demo as accounts_demo
from shuyun.federation import demo as federation_demo
from shuyun.identifiers import demo as identifiers_demo


class Command(BaseCommand):
    help = (
        "Load the demo network (libraries, branch sites, accounts); running it again adds nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        operator = accounts_demo.demo_operator()
        libraries = federation_demo.load_network(operator)
        self.stdout.write(f"network: {len(libraries)} libraries")
        handles = identifiers_demo.load_identifiers(
            operator, {library.code: library for library in libraries}
        )
        self.stdout.write(f"identifiers: {', '.join(f'/id/{handle}' for handle in handles)}")
        credentials = accounts_demo.load_accounts(operator)
        self.stdout.write(self.style.SUCCESS("Demo accounts (user name / password):"))
        for username, password in credentials.items():
            self.stdout.write(f"  {username:<18} {password}")
        self.stdout.write(
            "Console: http://127.0.0.1:8000/console/  ·  Branch site: http://sx.localhost:8000/"
        )
