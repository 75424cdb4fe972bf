"""`shuyun demo`: load the demo federation with real sample data; safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shuyun.accounts import demo as accounts_demo
from shuyun.catalog import demo as catalog_demo
from shuyun.federation import demo as federation_demo
from shuyun.identifiers import demo as identifiers_demo
from shuyun.search import demo as search_demo


class Command(BaseCommand):
    help = (
        "Load the demo network (libraries, branch sites, accounts); running it again adds nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        operator = accounts_demo.demo_operator()
        libraries = federation_demo.load_network(operator)
        self.stdout.write(f"network: {len(libraries)} libraries")
        # Before the catalogue, so its works get identifiers under the root prefix as they land.
        handles = identifiers_demo.load_identifiers(
            operator, {library.code: library for library in libraries}
        )
        self.stdout.write(f"identifiers: {', '.join(f'/id/{handle}' for handle in handles)}")
        for job in catalog_demo.load_catalog(libraries):
            self.stdout.write(f"records: {job.library.code} ← {job.label}: {job.summary()}")
        indexed = search_demo.load_index()
        self.stdout.write(f"search index: {indexed} works")
        credentials = accounts_demo.load_accounts(operator)
        self.stdout.write(self.style.SUCCESS("Demo accounts (user name / password):"))
        for username, password in credentials.items():
            if not username.startswith("card "):
                self.stdout.write(f"  {username:<18} {password}")
        for line in accounts_demo.sign_in_help(accounts_demo.load_cards(operator)):
            self.stdout.write(line)
        self.stdout.write(
            "Console: http://127.0.0.1:8000/console/  ·  Branch site: http://sx.localhost:8000/"
        )
