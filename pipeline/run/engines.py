"""Engines: where the pending files of a run are read and extracted (sandboxed worker processes, or Dask).

An engine turns a list of paths into (path, outcome) pairs, an outcome being a
`MemoRecord` or a `FileError`; the run keeps the store and every write to
itself, whichever engine produced the outcomes. The local engine runs every
file in a sandbox (`pipeline.run.Sandbox`: a worker process under the run's
memory cap and wall clock): one for ``-j 1``, a pool of N for ``-j N``, each
taking the next batch when it is free, so at most one batch per worker is in
flight (and one more waiting to be stored) and the run's memory does not grow
with the archive. `make_engine`
picks one from the run's options.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from pipeline.knowledge import Knowledge
from pipeline.run.options import RunOptions
from pipeline.run.sandbox import Outcome, SandboxStats
from pipeline.run.unit import Ready, SandboxUnit, batches, make_unit, nothing

# Finished batches per worker that may wait for the run to store them.
AHEAD = 1


class Engine(Protocol):
    """Turns pending input files into outcomes, each file exactly once (order may differ from the input)."""

    def outcomes(self, paths: list[Path], ready: Ready = nothing) -> Iterator[tuple[Path, Outcome]]:
        """One (path, record or error) pair per path; `ready()` once the model is loaded somewhere."""
        ...


class SandboxEngine:
    """N sandboxes fed batch by batch; outcomes as batches finish (in input order with one sandbox)."""

    def __init__(self, options: RunOptions, knowledge: Knowledge, workers: int) -> None:
        self.options = options
        self.knowledge = knowledge
        self.workers = max(1, workers)
        self.stats = SandboxStats()
        self._lock = threading.Lock()

    def _unit(self) -> SandboxUnit:
        options = self.options
        return make_unit(options.model, self.knowledge, options.batch_size, options.limits, options.privacy)

    def outcomes(self, paths: list[Path], ready: Ready = nothing) -> Iterator[tuple[Path, Outcome]]:
        """Outcomes batch by batch; a worker killed or dead costs only the file it had in hand.

        Each sandbox is driven by a thread of this process, so a worker already reads and analyses its next
        batch while the run stores the outcomes of the last one (with ``-j 1`` too: the worker never waits
        for the store); at most `AHEAD` finished batches per worker wait for the run, so memory stays flat.
        """
        work = batches([str(p) for p in paths], self.options.batch_size)
        if not work:
            return
        todo: queue.Queue[list[str] | None] = queue.Queue()
        for batch in work:
            todo.put(batch)
        count = min(self.workers, len(work))
        done: queue.Queue = queue.Queue(maxsize=AHEAD * count + 2)
        stop = threading.Event()
        threads = [threading.Thread(target=self._serve, args=(todo, done, stop), daemon=True) for _ in range(count)]
        for thread in threads:
            todo.put(None)
            thread.start()
        finished, told = 0, False
        try:
            while finished < count:
                item = done.get()
                if item == "ready":
                    if not told:
                        ready()
                        told = True
                elif item is None:
                    finished += 1
                elif isinstance(item, BaseException):
                    raise item
                else:
                    for path, outcome in item:
                        yield Path(path), outcome
        finally:
            stop.set()
            while any(thread.is_alive() for thread in threads):
                try:  # a thread may be waiting to hand over a batch nobody will take any more
                    done.get(timeout=0.1)
                except queue.Empty:
                    pass
            for thread in threads:
                thread.join()

    def _serve(self, todo: queue.Queue, done: queue.Queue, stop: threading.Event) -> None:
        """One pool thread: one sandbox, batches from the queue until it is empty (or the run stops)."""
        unit = self._unit()
        try:
            unit.start()
            done.put("ready")
            while not stop.is_set() and (batch := todo.get()) is not None:
                done.put(unit.process(batch))
        except BaseException as exc:  # noqa: BLE001  handed to the run's thread, which raises it
            done.put(exc)
        finally:
            unit.close()
            self._add(unit.sandbox.stats)
            done.put(None)

    def _add(self, stats: SandboxStats) -> None:
        with self._lock:
            self.stats.workers_started += stats.workers_started
            self.stats.workers_replaced += stats.workers_replaced
            self.stats.worker_peak_rss = max(self.stats.worker_peak_rss, stats.worker_peak_rss)


def make_engine(options: RunOptions, knowledge: Knowledge, pending: int) -> Engine:
    """The engine the options ask for: Dask, or sandboxes, as many as -j (never more than there are batches)."""
    if options.engine == "dask":
        from pipeline.run.dask_engine import DaskEngine

        return DaskEngine(options, knowledge)
    return SandboxEngine(options, knowledge, options.jobs)
