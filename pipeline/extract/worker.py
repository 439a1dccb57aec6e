"""The worker side of `pipeline.run.Sandbox`: cap the process's memory, load the pipeline, serve batches.

Started by the sandbox as a fresh interpreter (``python -c ...worker import
main``) talking over a socket whose descriptor it is given, so a worker shares
no state with its parent and can be started from anywhere, a Dask worker
included; it lives in `extract` so that a worker imports only the NLP stages,
not the graph, export and page libraries of `run`. The first message is
``(model, knowledge, limits, batch_size, privacy)``. It caps its own address space (``RLIMIT_AS``) before loading
the model, then answers each batch with a stream of messages that let the
parent keep a wall clock per file and know which file was in hand if the
worker dies:

- ``("ready", pid)`` once the pipeline is loaded, or ``("failed", reason, message)``;
- ``("start", i)`` before reading file i, ``("extend", i, seconds)`` when an OCR page earns it more time;
- ``("outcome", i, data, is_record)`` for every file, ``("nlp", [i...])`` before the NLP of the batch;
- ``("done", peak_rss_bytes)`` at the end of the batch.
"""

from __future__ import annotations

import os
import resource
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pipeline.extract.privacy import Privacy
from pipeline.extract.processor import MemoProcessor, Outcome, Prepared, file_error
from pipeline.ingest import Limits, peak_rss
from pipeline.knowledge import Knowledge, adopt
from pipeline.schema import MemoRecord

# Extra seconds a file may take for each page it sends to OCR.
OCR_PAGE_SECONDS = 30.0


def cap_memory(max_memory: int | None) -> None:
    """Limit this process's address space to `max_memory` bytes (allocations beyond raise MemoryError)."""
    if not max_memory:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main() -> None:
    """Entry point of a worker process: the socket's descriptor is the first argument."""
    conn = Connection(int(sys.argv[1]))
    try:
        model, knowledge, limits, batch_size, privacy = conn.recv()
    except (EOFError, OSError):
        return
    serve(conn, model, knowledge, limits, batch_size, privacy)


def serve(conn: Connection, model: str | None, knowledge: Knowledge, limits: Limits, batch_size: int,
          privacy: Privacy | None = None) -> None:
    """The worker's main loop: one job (a batch) at a time until the parent sends None or goes away."""
    try:
        cap_memory(limits.max_memory)
        processor = MemoProcessor(model, adopt(knowledge), batch_size, limits, privacy)
    except BaseException as exc:  # noqa: BLE001  the parent must hear why the worker cannot start
        error = file_error("", exc)
        conn.send(("failed", error.reason, error.message))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        kind, items = job
        _batch(conn, processor, kind, items)
        conn.send(("done", peak_rss()))


def _batch(conn: Connection, processor: MemoProcessor, kind: str, items: list[tuple[int, Any]]) -> None:
    """Read every file of the batch, then send the ones that read well through the NLP together."""
    ready: list[tuple[int, str, Prepared]] = []
    for index, item in items:
        conn.send(("start", index))

        def extend(what: str, page: int, index: int = index) -> None:
            if what == "ocr_page":
                conn.send(("extend", index, OCR_PAGE_SECONDS))

        where = item if kind == "paths" else item[0]
        try:
            if kind == "paths":
                prepared = processor.prepare(Path(item), progress=extend)
            else:
                prepared = processor.prepare_bytes(item[1], name=item[0], progress=extend)
        except (Exception, MemoryError) as exc:  # noqa: BLE001  one bad file never ends the batch
            _send(conn, index, file_error(where, exc))
            continue
        ready.append((index, where, prepared))
    conn.send(("nlp", [index for index, _, _ in ready]))
    outcomes = processor.extract([p for _, _, p in ready], [where for _, where, _ in ready])
    for (index, _, _), outcome in zip(ready, outcomes, strict=True):
        _send(conn, index, outcome)


def _send(conn: Connection, index: int, outcome: Outcome) -> None:
    conn.send(("outcome", index, outcome.to_dict(), isinstance(outcome, MemoRecord)))
