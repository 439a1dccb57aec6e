"""The isolation unit: one worker process holding the loaded pipeline, under a memory cap and a wall clock.

This is the unit every engine runs: the local engines of `memokg run` (one
sandbox for ``-j 1``, a pool of N for ``-j N``), `memokg extract`, and the Dask
engine's workers. Its API is small and stable::

    with Sandbox(model, knowledge, limits, batch_size=16, privacy=None) as box:
        for path, outcome in box.process(paths):   # exactly one outcome per path, in input order
            ...                                       # a MemoRecord or a FileError
        outcome = box.process_bytes(data, "<stdin>")  # one memo from bytes
        box.start()                                   # optional: load the pipeline before the first batch

The worker (`pipeline.extract.worker`, a fresh interpreter started with
`subprocess`, so a sandbox works inside daemon processes such as Dask's
workers and needs no ``__main__`` guard) caps its address space at
``limits.max_memory`` (``RLIMIT_AS``) before loading the model and reads each
file of a batch in turn, then sends the batch through ``nlp.pipe`` together.
The parent keeps the wall clock: ``limits.timeout`` seconds per file to read it
(more for each page sent to OCR), and as much again per file for the batch's
NLP. A worker over time is killed (SIGKILL, no signal handlers or alarms in the
worker) and replaced. A killed or dead worker costs only the file it had in
hand (``timeout``, or ``resource_limit`` when it died under its memory cap);
the other files of its batch are done again, so each gets its own outcome.
`close` hands a healthy worker back to a short-lived pool (`pipeline.run.workers`)
so the next sandbox of the same model and limits starts at once. `stats` says
how many workers were started and replaced, and their peak memory.
"""

from __future__ import annotations

import subprocess
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import ExtractError
from pipeline.ingest import Limits, peak_rss
from pipeline.knowledge import Knowledge, load_knowledge
from pipeline.run.workers import Worker, exit_text, launch, park, take
from pipeline.schema import FileError, MemoRecord

if TYPE_CHECKING:  # a plain dataclass from extract; importing extract here would load spaCy
    from pipeline.extract import Privacy

Outcome = MemoRecord | FileError

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
                 limits: Limits | None = None, batch_size: int = 16, privacy: Privacy | None = None) -> None:
        self.model = model
        self.privacy = privacy
        self.knowledge = load_knowledge(knowledge)
        self.limits = limits or Limits()
        self.batch_size = max(1, batch_size)
        self.stats = SandboxStats()
        self._worker: Worker | None = None
        # A parked worker serves only a sandbox of the same pipeline, limits and privacy (its key included).
        self._key = (model, self.knowledge.key, self.knowledge.digest, self.limits, self.batch_size,
                     privacy.fingerprint() if privacy else "")

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the worker: parked for the next sandbox like this one, ended after a while of rest."""
        if self._worker is not None:
            park(self._key, self._worker)
            self._worker = None

    def start(self) -> None:
        """Start the worker and load its pipeline now (otherwise the first `process` does)."""
        self._ensure()

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
        worker = self._ensure()
        worker.conn.send((kind, group))
        pending = {i for i, _ in group}
        reading: int | None = None
        nlp: list[int] = []
        deadline: float | None = None
        timeout = self.limits.timeout or None
        try:
            while True:
                message = self._receive(worker, deadline)
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
                         message=f"the worker process died ({exit_text(lost.exitcode)}) while {phase}; memory "
                                 f"cap {cap} (--max-memory)")

    def _receive(self, worker: Worker, deadline: float | None) -> tuple:
        """The worker's next message; raises _Lost when the deadline passes or the worker dies."""
        left = None if deadline is None else deadline - time.monotonic()
        if (left is None or left > 0) and wait([worker.conn], left):
            try:
                return worker.conn.recv()
            except (EOFError, OSError):
                pass  # the worker closed its end: it is gone
            try:
                worker.process.wait(5)
            except subprocess.TimeoutExpired:
                pass
            raise _Lost(False, worker.process.poll())
        raise _Lost(True, None)

    def _ensure(self) -> Worker:
        """The running worker: this sandbox's, a parked one, or a new one once its pipeline is loaded."""
        if self._worker is not None and self._worker.alive():
            return self._worker
        self._kill()
        self._worker = take(self._key)
        if self._worker is not None:
            return self._worker
        worker = self._worker = launch()
        self.stats.workers_started += 1
        try:
            worker.conn.send((self.model, self.knowledge, self.limits, self.batch_size, self.privacy))
            message = self._receive(worker, time.monotonic() + STARTUP_SECONDS)
        except (_Lost, OSError) as exc:
            code = exc.exitcode if isinstance(exc, _Lost) else worker.process.poll()
            self._kill()
            raise ExtractError("worker_failed", f"the worker process could not start ({exit_text(code)}); "
                               "is --max-memory large enough for the model?") from None
        if message[0] == "failed":
            self._kill()
            raise ExtractError(message[1], message[2])
        return worker

    def _kill(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None


def resources(stats: SandboxStats | None) -> dict[str, float]:
    """Peak memory of this process and of the workers (MiB), and how many workers ran."""
    stats = stats or SandboxStats()
    return {
        "parent_peak_rss_mib": round(peak_rss() / (1 << 20), 1),
        "worker_peak_rss_mib": round(stats.worker_peak_rss / (1 << 20), 1),
        "workers_started": stats.workers_started,
        "workers_replaced": stats.workers_replaced,
    }
