"""Engines: where the pending files of a run are read and extracted (this process, worker processes, Dask).

An engine turns a list of paths into (path, outcome) pairs, an outcome being a
`MemoRecord` or a `FileError`; the run keeps the store and every write to
itself, whichever engine produced the outcomes. Engines keep a bounded window
of batches in flight, so the run's memory does not grow with the archive.
`make_engine` picks one from the run's options.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Protocol

from pipeline.extract import Outcome, Privacy, file_error
from pipeline.knowledge import Knowledge
from pipeline.run.options import RunOptions
from pipeline.run.unit import LocalUnit, Ready, Wire, batches, from_wire, make_unit, nothing, to_wire


class Engine(Protocol):
    """Turns pending input files into outcomes, each file exactly once (order may differ from the input)."""

    def outcomes(self, paths: list[Path], ready: Ready = nothing) -> Iterator[tuple[Path, Outcome]]:
        """One (path, record or error) pair per path; `ready()` once the model is loaded somewhere."""
        ...


class InProcessEngine:
    """Extracts in this process, batching the NLP work."""

    def __init__(self, options: RunOptions, knowledge: Knowledge) -> None:
        self.unit = make_unit(options.model, knowledge, options.batch_size, options.file_timeout, options.privacy)
        self.batch_size = options.batch_size

    def outcomes(self, paths: list[Path], ready: Ready = nothing) -> Iterator[tuple[Path, Outcome]]:
        """Outcomes in input order."""
        ready()
        for batch in batches([str(p) for p in paths], self.batch_size):
            for path, outcome in self.unit.process(batch):
                yield Path(path), outcome


class ProcessPoolEngine:
    """Spreads batches of files over worker processes, each loading the pipeline once."""

    def __init__(self, options: RunOptions, knowledge: Knowledge) -> None:
        self.options = options
        self.knowledge = knowledge

    def outcomes(self, paths: list[Path], ready: Ready = nothing) -> Iterator[tuple[Path, Outcome]]:
        """Outcomes as batches finish, at most two batches per worker in flight; a dead worker fails its batch."""
        options = self.options
        queue = iter(batches([str(p) for p in paths], options.batch_size))
        init_args = (options.model, self.knowledge, options.batch_size, options.file_timeout, options.privacy)
        window = 2 * options.jobs
        with ProcessPoolExecutor(max_workers=options.jobs, initializer=_worker_init, initargs=init_args) as pool:
            pings = [pool.submit(_worker_ready) for _ in range(options.jobs)]
            wait(pings, return_when=FIRST_COMPLETED)
            ready()
            in_flight: dict[Future, list[str]] = {}
            while True:
                while len(in_flight) < window and (batch := next(queue, None)) is not None:
                    in_flight[pool.submit(_worker_process, batch)] = batch
                if not in_flight:
                    break
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: in_flight[f][0]):
                    batch = in_flight.pop(future)
                    try:
                        results = future.result()
                    except Exception as exc:  # noqa: BLE001  a dead worker fails its batch, not the run
                        results = to_wire([(p, file_error(p, exc)) for p in batch])
                    for item in results:
                        yield from_wire(item)


def make_engine(options: RunOptions, knowledge: Knowledge, pending: int) -> Engine:
    """The engine the options ask for (one process when -j 1 or a single file is pending, unless Dask)."""
    if options.engine == "dask":
        from pipeline.run.dask_engine import DaskEngine

        return DaskEngine(options, knowledge)
    if options.jobs <= 1 or pending < 2:
        return InProcessEngine(options, knowledge)
    return ProcessPoolEngine(options, knowledge)


_WORKER: LocalUnit | None = None


def _worker_init(model: str | None, knowledge: Knowledge, batch_size: int, file_timeout: float | None,
                 privacy: Privacy | None = None) -> None:
    """Load the pipeline once in each worker process, with the knowledge the parent read."""
    global _WORKER  # noqa: PLW0603  one unit per worker process is the point
    _WORKER = make_unit(model, knowledge, batch_size, file_timeout, privacy)


def _worker_ready() -> bool:
    return _WORKER is not None


def _worker_process(paths: list[str]) -> list[Wire]:
    """Process one batch in a worker; results travel back as plain data."""
    assert _WORKER is not None
    return to_wire(_WORKER.process(paths))
