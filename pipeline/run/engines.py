"""Engines: where the pending files of a run are read and extracted.

An engine turns a list of paths into (path, outcome) pairs, an outcome being a
`MemoRecord` or a `FileError`; the run keeps the store and every write to
itself, whichever engine produced the outcomes. The local engine runs every
file in a worker process (`Sandbox`, under the run's memory and time limits):
one sandbox for ``-j 1``, a pool of N for ``-j N``, fed batch by batch.
`make_engine` picks one from the run's options.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Protocol

from pipeline.extract import Outcome
from pipeline.knowledge import Knowledge
from pipeline.run.options import RunOptions
from pipeline.run.sandbox import Sandbox, SandboxStats


class Engine(Protocol):
    """Turns pending input files into outcomes, each file exactly once (order may differ from the input)."""

    def outcomes(self, paths: list[Path]) -> Iterator[tuple[Path, Outcome]]:
        """One (path, record or error) pair per path."""
        ...


class SandboxEngine:
    """N sandboxed workers, each taking the next batch as soon as it is free; outcomes as batches finish."""

    def __init__(self, options: RunOptions, knowledge: Knowledge, workers: int) -> None:
        self.options = options
        self.knowledge = knowledge
        self.workers = max(1, workers)
        self.stats = SandboxStats()

    def _sandbox(self) -> Sandbox:
        return Sandbox(self.options.model, self.knowledge, self.options.limits, self.options.batch_size)

    def outcomes(self, paths: list[Path]) -> Iterator[tuple[Path, Outcome]]:
        """Outcomes batch by batch; a worker killed or dead costs only the file it had in hand."""
        batches = _batches(paths, self.options.batch_size)
        if self.workers == 1 or len(batches) == 1:
            with self._sandbox() as box:
                try:
                    for batch in batches:
                        yield from box.process(batch)
                finally:
                    self._add(box.stats)
            return
        yield from self._pooled(batches)

    def _pooled(self, batches: list[list[Path]]) -> Iterator[tuple[Path, Outcome]]:
        todo: queue.Queue[list[Path] | None] = queue.Queue()
        for batch in batches:
            todo.put(batch)
        done: queue.Queue[list[tuple[Path, Outcome]] | BaseException | None] = queue.Queue()
        stop = threading.Event()
        count = min(self.workers, len(batches))
        threads = [threading.Thread(target=self._serve, args=(todo, done, stop), daemon=True) for _ in range(count)]
        for thread in threads:
            todo.put(None)
            thread.start()
        finished = 0
        try:
            while finished < count:
                item = done.get()
                if item is None:
                    finished += 1
                elif isinstance(item, BaseException):
                    raise item
                else:
                    yield from item
        finally:
            stop.set()
            for thread in threads:
                thread.join()

    def _serve(self, todo: queue.Queue, done: queue.Queue, stop: threading.Event) -> None:
        """One pool thread: one sandbox, batches from the queue until it is empty (or the run stops)."""
        box = self._sandbox()
        try:
            while not stop.is_set() and (batch := todo.get()) is not None:
                done.put(box.process(batch))
        except BaseException as exc:  # noqa: BLE001  handed to the run's thread, which raises it
            done.put(exc)
        finally:
            box.close()
            self._add(box.stats)
            done.put(None)

    def _add(self, stats: SandboxStats) -> None:
        with _STATS_LOCK:
            self.stats.workers_started += stats.workers_started
            self.stats.workers_replaced += stats.workers_replaced
            self.stats.worker_peak_rss = max(self.stats.worker_peak_rss, stats.worker_peak_rss)


_STATS_LOCK = threading.Lock()


def make_engine(options: RunOptions, knowledge: Knowledge, pending: int) -> SandboxEngine:
    """The engine the options ask for: sandboxed workers, as many as -j (never more than there are batches)."""
    return SandboxEngine(options, knowledge, options.jobs)


def _batches(paths: list[Path], size: int) -> list[list[Path]]:
    iterator = iter(paths)
    return [batch for batch in iter(lambda: list(islice(iterator, max(1, size))), [])]
