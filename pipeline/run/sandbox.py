"""The isolation unit: one worker process holding the loaded pipeline, under a memory cap and a wall clock.

This is the unit every engine runs: the local engines of `memokg run` (one
sandbox for ``-j 1``, a pool of N for ``-j N``), `memokg extract`, and the Dask
engine's workers. Its API is small and stable::

    with Sandbox(model, knowledge, limits, batch_size=16) as box:
        for path, outcome in box.process(paths):   # exactly one outcome per path, in input order
            ...                                       # a MemoRecord or a FileError
        outcome = box.process_bytes(data, "<stdin>")  # one memo from bytes

The worker (`pipeline.extract.worker`) caps its address space at
``limits.max_memory`` (``RLIMIT_AS``) before loading the model and reads each
file of a batch in turn, then sends the batch through ``nlp.pipe`` together.
The parent keeps the wall clock: ``limits.timeout`` seconds per file to read it
(more for each page sent to OCR), and as much again per file for the batch's
NLP. A worker over time is killed (SIGKILL, no signal handlers or alarms in the
worker) and replaced. A killed or dead worker costs only the file it had in
hand (``timeout``, or ``resource_limit`` when it died under its memory cap);
the other files of its batch are done again, so each gets its own outcome.
`stats` says how many workers were started and their peak memory.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from pipeline.errors import ExtractError
from pipeline.extract import Outcome, serve
from pipeline.ingest import Limits
from pipeline.knowledge import Knowledge, load_knowledge
from pipeline.schema import FileError, MemoRecord

# Loading spaCy and the model takes a few seconds; a worker that is not ready by then will not be.
STARTUP_SECONDS = 180.0
Item = tuple[int, Any]


@dataclass
class SandboxStats:
    """What the sandbox's workers cost: how many were started, and the highest peak memory among them."""

    workers_started: int = 0
    workers_replaced: int = 0
    worker_peak_rss: int = 0


class _Lost(Exception):
    """The worker went away (killed by the clock, or died) in the middle of a batch."""

    def __init__(self, timed_out: bool, exitcode: int | None) -> None:
        super().__init__("worker lost")
        self.timed_out, self.exitcode = timed_out, exitcode


class Sandbox:
    """One worker process with the pipeline loaded, processing batches of files under `limits`."""

    def __init__(self, model: str | None = None, knowledge: Knowledge | Path | str | None = None,
                 limits: Limits | None = None, batch_size: int = 16) -> None:
        self.model = model
        self.knowledge = load_knowledge(knowledge)
        self.limits = limits or Limits()
        self.batch_size = max(1, batch_size)
        self.stats = SandboxStats()
        self._process: Any = None
        self._conn: Connection | None = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker (it finishes nothing further)."""
        if self._process is None:
            return
        try:
            assert self._conn is not None
            self._conn.send(None)
            self._process.join(5)
        except (OSError, ValueError):
            pass
        self._kill()

    def process(self, paths: list[Path]) -> list[tuple[Path, Outcome]]:
        """One outcome per path, in input order."""
        items = [(i, str(p)) for i, p in enumerate(paths)]
        results = self._run("paths", items)
        return [(Path(p), results[i]) for i, p in enumerate(paths)]

    def process_bytes(self, data: bytes, name: str = "<stdin>") -> Outcome:
        """The outcome of one memo given as bytes."""
        return self._run("bytes", [(0, (name, data))])[0]

    def _run(self, kind: str, items: list[Item]) -> dict[int, Outcome]:
        results: dict[int, Outcome] = {}
        names = {i: (item if kind == "paths" else item[0]) for i, item in items}
        queue = deque(items[i:i + self.batch_size] for i in range(0, len(items), self.batch_size))
        while queue:
            group = queue.popleft()
            for retry in reversed(self._batch(kind, group, results, names)):
                queue.appendleft(retry)
        return results

    def _batch(self, kind: str, group: list[Item], results: dict[int, Outcome], names: dict[int, str]
               ) -> list[list[Item]]:
        """Run one batch; returns the batches to run again when the worker was lost on the way."""
        self._ensure()
        assert self._conn is not None
        self._conn.send((kind, group))
        pending = {i for i, _ in group}
        reading: int | None = None
        nlp: list[int] = []
        deadline: float | None = None
        timeout = self.limits.timeout or None
        try:
            while True:
                message = self._receive(deadline)
                tag = message[0]
                if tag == "start":
                    reading = message[1]
                    deadline = time.monotonic() + timeout if timeout else None
                elif tag == "extend" and deadline is not None:
                    deadline += message[2]
                elif tag == "outcome":
                    _, index, data, is_record = message
                    results[index] = MemoRecord.model_validate(data) if is_record else FileError.model_validate(data)
                    pending.discard(index)
                    reading = None if reading == index else reading
                elif tag == "nlp":
                    reading, nlp = None, list(message[1])
                    deadline = time.monotonic() + timeout * max(1, len(nlp)) if timeout else None
                elif tag == "done":
                    self.stats.worker_peak_rss = max(self.stats.worker_peak_rss, int(message[1]))
                    return []
        except _Lost as lost:
            self._kill()
            self.stats.workers_replaced += 1
            order = [i for i, _ in group if i in pending]
            by_index = dict(group)
            culprits = [reading] if reading is not None else [i for i in nlp if i in pending]
            if len(culprits) == 1 or len(order) == 1:
                culprit = culprits[0] if len(culprits) == 1 else order[0]
                phase = "reading it" if reading is not None else "analysing its text"
                results[culprit] = self._lost_error(names[culprit], lost, phase)
                order.remove(culprit)
                return [[(i, by_index[i]) for i in order]] if order else []
            # Lost during the NLP of several files: each goes again alone, so the culprit is found.
            return [[(i, by_index[i])] for i in order]

    def _lost_error(self, path: str, lost: _Lost, phase: str) -> FileError:
        if lost.timed_out:
            return FileError(path=path, reason="timeout", stage="worker",
                             message=f"{phase} took longer than {self.limits.timeout:g} s (--timeout); the worker "
                                     "was stopped and replaced")
        cap = f"{self.limits.max_memory / (1 << 20):.0f} MiB" if self.limits.max_memory else "no cap"
        return FileError(path=path, reason="resource_limit", stage="worker",
                         message=f"the worker process died ({_exit_text(lost.exitcode)}) while {phase}; memory "
                                 f"cap {cap} (--max-memory)")

    def _receive(self, deadline: float | None) -> tuple:
        """The worker's next message; raises _Lost when the deadline passes or the worker dies."""
        assert self._conn is not None and self._process is not None
        while True:
            if self._conn.poll():
                try:
                    return self._conn.recv()
                except (EOFError, OSError):
                    self._process.join(5)
                    raise _Lost(False, self._process.exitcode) from None
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise _Lost(True, None)
            ready = wait([self._conn, self._process.sentinel], left)
            if self._process.sentinel in ready and not self._conn.poll():
                self._process.join(5)
                raise _Lost(False, self._process.exitcode)

    def _ensure(self) -> None:
        """Start a worker if none is running, and wait until its pipeline is loaded."""
        if self._process is not None and self._process.is_alive():
            return
        self._kill()
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=serve, args=(child, self.model, self.knowledge, self.limits,
                                                      self.batch_size), daemon=True, name="memokg-worker")
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self.stats.workers_started += 1
        try:
            message = self._receive(time.monotonic() + STARTUP_SECONDS)
        except _Lost as lost:
            self._kill()
            raise ExtractError("worker_failed", f"the worker process could not start ({_exit_text(lost.exitcode)}); "
                               "is --max-memory large enough for the model?") from None
        if message[0] == "failed":
            self._kill()
            raise ExtractError(message[1], message[2])

    def _kill(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(10)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None


def _exit_text(exitcode: int | None) -> str:
    """'signal SIGSEGV', 'exit code 1' or 'timed out'."""
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        try:
            return f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"
