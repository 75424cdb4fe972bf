"""Open interfaces: Sickle harvesting the OAI-PMH provider over loopback, and API searches/s.

A warehouse of SHUYUN_BENCH_OAI_RECORDS records (default 100,000; set 1000000 for the million)
is made by repeating real records from ../shared/data over ten libraries, indexed for search,
and served by `shuyun serve` (gunicorn, SQLite unless SHUYUN_DATABASE_URL says otherwise).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

from bench.harness import cpu_seconds, machine, process_tree, setup_django, write_section

RECORDS = int(os.environ.get("SHUYUN_BENCH_OAI_RECORDS", "100000"))
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SAMPLES = [
    ("ZJ", "dp2-sru-cnmarc/sample_cnmarcxml.xml"),
    ("ZJ-SX", "dp2-sru-cnmarc/sample_dc.xml"),
    ("NLC", "blacklight-marc-testdata/test_data.utf8.mrc"),
    ("ZJ-NB", "pymarc-testdata/test.dat"),
]
LIBRARIES = ["NLC", "ZJ", "ZJ-SX", "ZJ-SX-ZJ", "ZJ-HZ", "ZJ-NB", "FJ", "HB", "LN", "SD"]
BATCH = 5000
SEARCH_SECONDS = 10
CLIENTS = 8
TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>")


def build_warehouse() -> None:
    from shuyun.accounts.models import Role, User
    from shuyun.catalog.models import Record, Work
    from shuyun.federation import demo
    from shuyun.harvest.services import import_file

    operator = User.objects.create_user("bench-operator", role=Role.PLATFORM_OPERATOR)
    libraries = {library.code: library for library in demo.load_network(operator)}
    for code, name in SAMPLES:
        import_file(libraries[code], SHARED / name)
    templates = list(Record.objects.filter(deleted=False))
    Record.objects.all().delete()
    skip = {"id", "pk", "work", "library", "source_id", "created_at", "updated_at"}
    names = [f.attname for f in Record._meta.concrete_fields if f.name not in skip]
    made = 0
    sources = cycle(templates)
    owners = cycle(libraries[code] for code in LIBRARIES)
    while made < RECORDS:
        size = min(BATCH, RECORDS - made)
        works = Work.objects.bulk_create([Work() for _ in range(size)])
        rows = []
        for work in works:
            template = next(sources)
            values = {name: getattr(template, name) for name in names}
            values.pop("work_id", None)
            rows.append(
                Record(work=work, library=next(owners), source_id=f"bench-{made}", **values)
            )
            made += 1
        Record.objects.bulk_create(rows)
    print(f"warehouse: {made} records", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    shuyun = Path(sys.executable).parent / "shuyun"
    # A benchmark is one address making a burst: no rate limit may stop it.
    unlimited = "100000000/m"
    env = {**os.environ, "SHUYUN_API_ANONYMOUS_RATE": unlimited, "SHUYUN_API_KEY_RATE": unlimited}
    server = subprocess.Popen(
        [str(shuyun), "serve", "--port", str(port), "--threads", "4"], env=env
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("shuyun serve did not start")


def peak_rss_mb(pid: int) -> float:
    """The largest peak resident size among the server and its worker processes."""
    peaks = [0.0]
    for member in process_tree(pid):
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks)


def sickle_harvest(base: str, prefix: str, **params: str) -> tuple[int, float]:
    from sickle import Sickle

    start = time.perf_counter()
    count = sum(1 for _ in Sickle(base, max_retries=0).ListRecords(metadataPrefix=prefix, **params))
    return count, time.perf_counter() - start


def raw_harvest(base: str, prefix: str) -> tuple[int, float]:
    """Every page fetched and its token read with a regex, no XML parsing: the server's pace."""
    start = time.perf_counter()
    query = {"verb": "ListRecords", "metadataPrefix": prefix}
    count = 0
    while True:
        with urlopen(f"{base}?{urlencode(query)}") as response:  # noqa: S310 - loopback only
            body = response.read()
        count += body.count(b"<header")
        match = TOKEN.search(body)
        if not match:
            return count, time.perf_counter() - start
        query = {"verb": "ListRecords", "resumptionToken": match.group(1).decode()}


def requests_in_a_while(url_of: list[str]) -> tuple[int, float]:
    """GETs from CLIENTS threads cycling through the URLs for SEARCH_SECONDS, and the seconds."""
    done = [0] * CLIENTS
    stop = time.perf_counter() + SEARCH_SECONDS

    def client(number: int) -> None:
        for url in cycle(url_of[number::CLIENTS] or url_of):
            if time.perf_counter() > stop:
                return
            with urlopen(url) as response:  # noqa: S310 - loopback only
                response.read()
            done[number] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done), SEARCH_SECONDS


@dataclass(frozen=True)
class Run:
    count: int  # records or requests
    seconds: float  # wall clock
    server_cpu: float  # CPU seconds the server's processes spent meanwhile

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    @property
    def per_cpu(self) -> float:
        """Per second of the server's own CPU: what the load of other work cannot shrink."""
        return self.count / self.server_cpu


def measured(server: int, run: Callable[[], tuple[int, float]]) -> Run:
    before = cpu_seconds(server)
    count, seconds = run()
    return Run(count, seconds, cpu_seconds(server) - before)


def main() -> None:
    load_before = os.getloadavg()[0]
    setup_django()
    from shuyun.search import services as search_services

    build_warehouse()
    indexed = search_services.rebuild_index()
    print(f"indexed: {indexed} works", flush=True)
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}/oai"
    words = ["中国", "发展", "报告", "history", "统计", "经济", "art", "年鉴"]
    api = f"http://127.0.0.1:{port}/api/v1"
    searches = [f"{api}/search?{urlencode({'q': w})}" for w in words]
    try:
        raw = measured(server.pid, lambda: raw_harvest(base, "oai_dc"))
        dc = measured(server.pid, lambda: sickle_harvest(base, "oai_dc"))
        marc = measured(server.pid, lambda: sickle_harvest(base, "marcxml", set="ZJ:SX"))
        rss = peak_rss_mb(server.pid)
        search = measured(server.pid, lambda: requests_in_a_while(searches))
        bare = measured(server.pid, lambda: requests_in_a_while([f"{api}/libraries?limit=5"]))
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert raw.count == dc.count == RECORDS, (raw.count, dc.count)
    rows = [
        (
            "pages fetched, tokens read by regex, no XML parse (baseline: the server's pace)",
            f"{raw.rate:,.0f} records/s",
            f"{raw.per_cpu:,.0f}",
            "1.00",
        ),
        (
            "Sickle `ListRecords` oai_dc, the whole warehouse",
            f"{dc.rate:,.0f} records/s",
            f"{dc.per_cpu:,.0f}",
            f"{dc.rate / raw.rate:.2f}",
        ),
        (
            f"Sickle `ListRecords` marcxml, set `ZJ:SX` ({marc.count:,} records)",
            f"{marc.rate:,.0f} records/s",
            f"{marc.per_cpu:,.0f}",
            "",
        ),
        ("server peak RSS after the three harvests", f"{rss:.0f} MB", "", ""),
        (
            f"`GET /api/v1/search` ({CLIENTS} clients, {SEARCH_SECONDS} s, {len(words)} queries)",
            f"{search.rate:,.0f} requests/s",
            f"{search.per_cpu:,.0f}",
            f"{search.rate / bare.rate:.2f}",
        ),
        (
            "`GET /api/v1/libraries?limit=5` (baseline, same clients)",
            f"{bare.rate:,.0f} requests/s",
            f"{bare.per_cpu:,.0f}",
            "1.00",
        ),
    ]
    table = "\n".join(f"| {' | '.join(row)} |" for row in rows)
    write_section(
        "Open interfaces: OAI-PMH harvesting and API search",
        f"""{RECORDS:,} records ({len(LIBRARIES)} libraries, real records repeated), SQLite,
`shuyun serve` (gunicorn, 4 threads) on loopback, pages of 500, client and server on the same
2 cores. {machine()}. Load average (1 min) at the start: {load_before:.1f}, at the end:
{os.getloadavg()[0]:.1f} (other work shares the machine; the ratios were measured under the same
load). "Per server CPU-second" divides by the CPU time of the server's processes alone.

| what | figure | per server CPU-second | ratio |
| --- | ---: | ---: | ---: |
{table}

Goal of issue 7: ≥ 2,000 records/s for Sickle's ListRecords. For the million-record warehouse run
`SHUYUN_BENCH_OAI_RECORDS=1000000 python -m bench oai` (building it takes a few minutes; the
provider's cost per page does not grow with the warehouse, since a page resumes from its
(datestamp, id) position on the `record_changed_order` index; the list is counted once, on its
first page, and its size carried in the resumption token).""",
    )
