"""`shuyun serve`: the portal, console, API and protocol endpoints on one production WSGI server."""

from __future__ import annotations

import signal
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from waitress import serve

from shuyun.wsgi import application


class Command(BaseCommand):
    help = "Serve Shuyun with waitress (static files through WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
        self.stdout.write(f"Serving Shuyun on http://{host}:{port}/")
        # Stop on SIGTERM as on Ctrl-C, so exit handlers run (queued service events are written).
        signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
        serve(application, host=host, port=port, threads=threads, ident="shuyun")
