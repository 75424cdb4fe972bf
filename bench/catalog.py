"""Metadata warehouse: MARC ingest end to end against pymarc's bare parse, peak memory, harvest.

`python -m bench catalog` builds a 100,000-record MARC file by repeating real records (Blacklight,
marc4j, pymarc samples) with new ids and ISBNs, then measures in the same run:
- pymarc's bare parse of the file (the baseline),
- `shuyun import` end to end (split, parse, map, cluster, store in SQLite) in a fresh process,
  the warehouse alone, with the peak RSS while importing, by the wall clock and by CPU time
  (the machine is shared),
- the same on 20,000 records with search indexing and identifiers answering `works_changed`,
- harvesting 10,000 Dublin Core records from a local OAI-PMH server in pages of 500 (the
  warehouse alone), against a bare lxml parse of the same pages.
For the 1,000,000-record run: `SHUYUN_BENCH_MARC_RECORDS=1000000 python -m bench catalog`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bench.harness import setup_django, write_section

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SOURCES = [
    "blacklight-marc-testdata/test_data.utf8.mrc",
    "marc4j-testdata/pride-and-prejudice-fixed.mrc",
    "pymarc-testdata/test.dat",
    "pymarc-testdata/marc.dat",
]
DEFAULT_RECORDS = 100_000
RECORDS = int(os.environ.get("SHUYUN_BENCH_MARC_RECORDS", str(DEFAULT_RECORDS)))
HARVEST_RECORDS, PAGE = 10_000, 500
RECEIVER_RECORDS = min(RECORDS, 20_000)


def _isbn13(n: int) -> str:
    body = f"978{n % 10**9:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def rebuilt(raw: bytes, replace: dict[str, bytes]) -> bytes:
    """An ISO 2709 record with some fields' data replaced, directory and leader recomputed."""
    end = raw.index(b"\x1e", 24)
    base = end + 1
    fields = []
    for i in range(24, end, 12):
        tag = raw[i : i + 3].decode()
        length, start = int(raw[i + 3 : i + 7]), int(raw[i + 7 : i + 12])
        fields.append((tag, replace.get(tag, raw[base + start : base + start + length])))
    directory, data = b"", b""
    for tag, value in fields:
        directory += f"{tag}{len(value):04d}{len(data):05d}".encode()
        data += value
    new_base = 24 + len(directory) + 1
    total = new_base + len(data) + 1
    leader = f"{total:05d}".encode() + raw[5:12] + f"{new_base:05d}".encode() + raw[17:24]
    return leader + directory + b"\x1e" + data + b"\x1d"


def real_records() -> list[bytes]:
    records = []
    for name in SOURCES:
        parts = (SHARED_DATA / name).read_bytes().split(b"\x1d")
        records += [part.lstrip() + b"\x1d" for part in parts if len(part.strip()) > 24]
    return records


def build_file(path: Path, count: int) -> None:
    originals = real_records()
    with path.open("wb") as out:
        for n in range(count):
            raw = originals[n % len(originals)]
            replace = {"001": f"bench{n:09d}\x1e".encode()}
            end = raw.index(b"\x1e")
            if b"020" in {raw[i : i + 3] for i in range(24, end, 12)}:
                replace["020"] = f"  \x1fa{_isbn13(n)}\x1e".encode()
            out.write(rebuilt(raw, replace))


def pymarc_parse_rates(path: Path) -> tuple[float, float]:
    """Records/s of pymarc's bare parse: by the wall clock and by this process's CPU time."""
    import pymarc

    start, cpu = time.perf_counter(), time.process_time()
    with path.open("rb") as stream:
        count = sum(1 for record in pymarc.MARCReader(stream, to_unicode=True) if record)
    return count / (time.perf_counter() - start), count / (time.process_time() - cpu)


def ingest_in_child(path: Path, *, receivers: bool = False) -> dict[str, Any]:
    """`import_file` in a fresh process, so its peak RSS is the ingest's own."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.catalog", "ingest", str(path), *(["receivers"] * receivers)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def warehouse_alone() -> None:
    """Disconnect what answers works_changed: search indexing and identifier minting are other
    apps' work, measured by their own benchmarks."""
    from shuyun.catalog.signals import works_changed

    works_changed.receivers = []
    works_changed.sender_receivers_cache.clear()


def memory_mb(name: str) -> float:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, from Linux's /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(name)


def ingest_child(path: Path, receivers: bool) -> None:
    data_dir = setup_django()
    from shuyun.accounts import demo as accounts_demo
    from shuyun.federation import demo as federation_demo
    from shuyun.harvest.services import import_file

    if not receivers:
        warehouse_alone()
    libraries = federation_demo.load_network(accounts_demo.demo_operator())
    library = next(lib for lib in libraries if lib.code == "ZJ-SX")
    # Setting up (Argon2 hashing the demo passwords takes 100 MB for a moment) is not ingest.
    Path("/proc/self/clear_refs").write_text("5")
    start_mb = memory_mb("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    job = import_file(library, path)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    peak_mb = memory_mb("VmHWM")
    total = job.added + job.updated + job.unchanged + job.quarantined
    result = {"records": total, "seconds": seconds, "cpu_seconds": cpu_seconds}
    result |= {"peak_mb": peak_mb, "start_mb": start_mb}
    result |= {"added": job.added, "quarantined": job.quarantined}
    result["db_mb"] = sum(f.stat().st_size for f in data_dir.glob("shuyun.sqlite3*")) / 2**20
    shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(result))


def _renumbered(dc: str, n: int) -> str:
    """A sample record with new identifiers, so every harvested record is a record of its own."""
    return dc.replace("990002", f"{n:06d}")


def oai_pages() -> list[bytes]:
    from lxml import etree

    root = etree.parse(str(SHARED_DATA / "dp2-sru-cnmarc/sample_dc.xml")).getroot()
    samples = [
        etree.tostring(dc, encoding="unicode")
        for dc in root.iter("{info:srw/schema/1/dc-schema}dc")
    ]
    pages = []
    for page in range(HARVEST_RECORDS // PAGE):
        records = "".join(
            f"<record><header><identifier>oai:bench:{n}</identifier>"
            f"<datestamp>2021-08-04T00:00:00Z</datestamp></header>"
            f"<metadata>{_renumbered(samples[n % len(samples)], n)}</metadata></record>"
            for n in range(page * PAGE, (page + 1) * PAGE)
        )
        token = (
            f"<resumptionToken>{page + 1}</resumptionToken>"
            if page + 1 < HARVEST_RECORDS // PAGE
            else ""
        )
        pages.append(
            (
                '<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
                f"<responseDate>2021-08-04T00:00:00Z</responseDate><ListRecords>{records}{token}"
                "</ListRecords></OAI-PMH>"
            ).encode()
        )
    return pages


@contextmanager
def serving(pages: list[bytes]) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            query = parse_qs(urlsplit(self.path).query)
            body = pages[int(query.get("resumptionToken", ["0"])[0])]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/oai"
    finally:
        server.shutdown()


def harvest_rates() -> tuple[float, float]:
    from lxml import etree

    from shuyun.accounts import demo as accounts_demo
    from shuyun.federation import demo as federation_demo
    from shuyun.harvest.harvesting import harvest_source
    from shuyun.harvest.services import create_source

    pages = oai_pages()
    start = time.perf_counter()
    for page in pages:
        etree.parse(BytesIO(page))
    bare = HARVEST_RECORDS / (time.perf_counter() - start)
    libraries = federation_demo.load_network(accounts_demo.demo_operator())
    library = next(lib for lib in libraries if lib.code == "ZJ-NB")
    with serving(pages) as url:
        source = create_source(None, library, name="bench", endpoint=url)
        source.granularity = "YYYY-MM-DDThh:mm:ssZ"
        start = time.perf_counter()
        job = harvest_source(source)
        rate = (job.added + job.updated) / (time.perf_counter() - start)
    return rate, bare


def ingest_rows(baseline: tuple[float, float], ingest: dict[str, Any]) -> list[tuple[str, ...]]:
    wall = ingest["records"] / ingest["seconds"]
    cpu = ingest["records"] / ingest["cpu_seconds"]
    return [
        ("what", "records/s (wall)", "ratio", "records/s (CPU time)", "ratio"),
        ("---", "---:", "---:", "---:", "---:"),
        (
            "pymarc `MARCReader` bare parse of the file (baseline)",
            f"{baseline[0]:,.0f}",
            "1.00",
            f"{baseline[1]:,.0f}",
            "1.00",
        ),
        (
            "`shuyun import` end to end: split, parse, map, cluster, store, version check",
            f"{wall:,.0f}",
            f"{wall / baseline[0]:.2f}",
            f"{cpu:,.0f}",
            f"{cpu / baseline[1]:.2f}",
        ),
    ]


def table(rows: list[tuple[str, ...]]) -> str:
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="shuyun-bench-marc-") as folder:
        path = Path(folder) / "records.mrc"
        build_file(path, RECORDS)
        size_mb = path.stat().st_size / 2**20
        baseline = pymarc_parse_rates(path)
        ingest = ingest_in_child(path)
        load = os.getloadavg()[0]
        small = Path(folder) / "small.mrc"
        build_file(small, RECEIVER_RECORDS)
        with_receivers = ingest_in_child(small, receivers=True)
    setup_django()
    warehouse_alone()
    harvest, bare_parse = harvest_rates()
    receivers_rate = with_receivers["records"] / with_receivers["cpu_seconds"]
    harvest_row = (
        f"| harvest of {HARVEST_RECORDS:,} Dublin Core records from a local OAI-PMH server, "
        f"pages of {PAGE} | {harvest:,.0f} | {harvest / bare_parse:.3f} of a bare lxml parse "
        f"({bare_parse:,.0f}/s) |"
    )
    body = f"""
{RECORDS:,} MARC 21 records ({size_mb:.0f} MB) built by repeating {len(real_records())} real records
(Blacklight, marc4j, pymarc samples) with new 001s and ISBNs. SQLite, one process. The machine
was shared (load average {load:.1f} on {os.cpu_count()} cores at the end of the import), so CPU-time
rates, which a second process on the other core does not dilute, are given beside wall-clock ones.

{table(ingest_rows(baseline, ingest))}

Peak RSS of the import process while importing: {ingest["peak_mb"]:.0f} MB, of which
{ingest["start_mb"]:.0f} MB were there before the import began (Django with every app loaded)
({ingest["added"]:,} records added, {ingest["quarantined"]:,} quarantined; database
{ingest["db_mb"]:.0f} MB).
The import above is the warehouse alone. With the apps that answer `works_changed` connected
(search re-indexes each batch's works after its commit; identifiers mint none without a root
prefix), {RECEIVER_RECORDS:,} records import at {receivers_rate:,.0f} records/s of CPU time.

| harvest (the warehouse alone, as above) | records/s | ratio |
| --- | ---: | ---: |
{harvest_row}

Run `SHUYUN_BENCH_MARC_RECORDS=1000000 python -m bench catalog` for the million-record file.
"""
    title = "Metadata warehouse: MARC ingest and OAI-PMH harvest"
    if RECORDS != DEFAULT_RECORDS:  # the million-record run keeps a section of its own
        title += f" ({RECORDS:,} records)"
    write_section(title, body)
    print(body)


if __name__ == "__main__":
    if sys.argv[1:2] == ["ingest"]:
        ingest_child(Path(sys.argv[2]), receivers=sys.argv[3:4] == ["receivers"])
    else:
        main()
