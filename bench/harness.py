"""What every benchmark shares: a throw-away Shuyun database, timing, and the results file."""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def setup_django() -> Path:
    """Point Shuyun at a fresh data directory (SQLite unless SHUYUN_DATABASE_URL says otherwise)."""
    data_dir = Path(tempfile.mkdtemp(prefix="shuyun-bench-"))
    os.environ["SHUYUN_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyun.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    # Pages rendered here find static files through the finders, as in development.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    return data_dir


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_section(title: str, body: str) -> None:
    """Replace this benchmark's section in bench/RESULTS.md, keeping the others."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    section = f"## {title}\n_{stamp} · {machine()}_\n\n{body.strip()}\n"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    parts = text.split("\n## ")
    kept = [parts[0].rstrip() + "\n"] + [
        "## " + part.rstrip() + "\n" for part in parts[1:] if not part.startswith(title + "\n")
    ]
    RESULTS.write_text("\n".join([*kept, section]))


def process_tree(pid: int) -> list[int]:
    """`pid` and its children (gunicorn's workers under `shuyun serve`), from Linux /proc."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        pids += [pid for child in children for pid in process_tree(int(child))]
    return pids


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a server and its worker processes (Linux /proc)."""
    ticks = 0
    for member in process_tree(pid):
        fields = Path(f"/proc/{member}/stat").read_text().rpartition(")")[2].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")
