"""Analysing works for the index, in a pool of processes when there are many of them.

Segmenting, folding and pinyin run in Python and hold the GIL, so a rebuild analyses in worker
processes while the parent turns analysed documents into tantivy's and tantivy indexes them in its
own threads. Works are read from their source in the calling thread, in order, with a bounded
number of chunks in flight (a warehouse cursor is not shared with another thread, and a million
works do not all wait in memory). A small batch is analysed in-process: starting workers costs
more than it saves.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from multiprocessing.pool import AsyncResult

from shuyun.catalog.documents import WorkDocument
from shuyun.search.schema import IndexDocument, LibraryPlace, build

PARALLEL_MIN = 2_000  # works below which one process analyses them all
CHUNK = 250  # works per task sent to a worker
IN_FLIGHT_PER_WORKER = 4

_worker_places: Mapping[str, LibraryPlace] = {}


def analysed(
    documents: Iterable[WorkDocument],
    places: Mapping[str, LibraryPlace],
    workers: int = 1,
    parallel_min: int | None = None,
) -> Iterator[IndexDocument]:
    """The index documents of `documents`, in order, analysed by up to `workers` processes."""
    parallel_min = PARALLEL_MIN if parallel_min is None else parallel_min
    source = iter(documents)
    head = list(itertools.islice(source, parallel_min))
    if workers < 2 or len(head) < parallel_min:
        yield from (build(document, places) for document in itertools.chain(head, source))
        return
    yield from _in_pool(itertools.chain(head, source), places, workers)


def _in_pool(
    documents: Iterator[WorkDocument], places: Mapping[str, LibraryPlace], workers: int
) -> Iterator[IndexDocument]:
    # forkserver, not fork: the parent may already run tantivy's indexing threads.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["shuyun.search.schema"])
    with context.Pool(workers, initializer=_start_worker, initargs=(dict(places),)) as pool:
        pending: deque[AsyncResult[list[IndexDocument]]] = deque()
        while chunk := list(itertools.islice(documents, CHUNK)):
            pending.append(pool.apply_async(_build_chunk, (chunk,)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _start_worker(places: Mapping[str, LibraryPlace]) -> None:
    global _worker_places  # noqa: PLW0603 - a worker process's one piece of state
    _worker_places = places


def _build_chunk(chunk: list[WorkDocument]) -> list[IndexDocument]:
    return [build(document, _worker_places) for document in chunk]
