"""`shuyun serve`: the portal, console, API and protocol endpoints on one production WSGI server.

gunicorn runs several worker processes, each with a few threads: Python runs one thread at a time
per process, so processes are what put every core to work.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication

from shuyun.wsgi import application


class ShuyunServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        return application


class Command(BaseCommand):
    help = "Serve Shuyun with gunicorn (static files through WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="processes (default: cores)"
        )
        parser.add_argument("--threads", type=int, default=4, help="threads per process")

    def handle(
        self, *args: Any, host: str, port: int, workers: int, threads: int, **options: Any
    ) -> None:
        self.stdout.write(f"Serving Shuyun on http://{host}:{port}/ ({workers} × {threads})")
        self.stdout.flush()
        # On SIGTERM gunicorn stops its workers gracefully; each exits normally, so exit handlers
        # run there (queued service events are written).
        ShuyunServer(
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "shuyun",
            }
        ).run()
