"""Engines: where the pending files of a run are read and extracted (this process, or worker processes).

An engine turns a list of paths into (path, outcome) pairs, an outcome being a
`MemoRecord` or a `FileError`; the run keeps the store and every write to
itself, whichever engine produced the outcomes. `make_engine` picks one from
the run's options.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from itertools import islice
from pathlib import Path
from typing import Protocol

from pipeline.extract import MemoProcessor, Outcome, Privacy, file_error
from pipeline.knowledge import Knowledge, adopt
from pipeline.run.options import RunOptions
from pipeline.schema import FileError, MemoRecord


class Engine(Protocol):
    """Turns pending input files into outcomes, each file exactly once (order may differ from the input)."""

    def outcomes(self, paths: list[Path]) -> Iterator[tuple[Path, Outcome]]:
        """One (path, record or error) pair per path."""
        ...


class InProcessEngine:
    """Extracts in this process, batching the NLP work."""

    def __init__(self, options: RunOptions, knowledge: Knowledge) -> None:
        self.processor = MemoProcessor(options.model, knowledge, options.batch_size, options.file_timeout,
                                       options.privacy)

    def outcomes(self, paths: list[Path]) -> Iterator[tuple[Path, Outcome]]:
        """Outcomes in input order."""
        yield from self.processor.process_paths(paths)


class ProcessPoolEngine:
    """Spreads batches of files over worker processes, each loading the pipeline once."""

    def __init__(self, options: RunOptions, knowledge: Knowledge) -> None:
        self.options = options
        self.knowledge = knowledge

    def outcomes(self, paths: list[Path]) -> Iterator[tuple[Path, Outcome]]:
        """Outcomes as batches finish; a worker that dies fails its batch, not the run."""
        options = self.options
        batches = _batches([str(p) for p in paths], options.batch_size)
        init_args = (options.model, self.knowledge, options.batch_size, options.file_timeout, options.privacy)
        with ProcessPoolExecutor(max_workers=options.jobs, initializer=_worker_init, initargs=init_args) as pool:
            futures = {pool.submit(_worker_process, batch): batch for batch in batches}
            for future in as_completed(futures):
                try:
                    results = future.result()
                except Exception as exc:  # noqa: BLE001  a dead worker fails its batch, not the run
                    results = [(p, file_error(p, exc).to_dict(), False) for p in futures[future]]
                for path, data, ok in results:
                    yield Path(path), MemoRecord.model_validate(data) if ok else FileError.model_validate(data)


def make_engine(options: RunOptions, knowledge: Knowledge, pending: int) -> Engine:
    """The engine the options ask for (one process when -j 1 or a single file is pending)."""
    if options.jobs <= 1 or pending < 2:
        return InProcessEngine(options, knowledge)
    return ProcessPoolEngine(options, knowledge)


def _batches(items: list[str], size: int) -> list[list[str]]:
    iterator = iter(items)
    return [batch for batch in iter(lambda: list(islice(iterator, max(1, size))), [])]


_WORKER: MemoProcessor | None = None


def _worker_init(model: str | None, knowledge: Knowledge, batch_size: int, file_timeout: float | None,
                 privacy: Privacy | None = None) -> None:
    """Load the pipeline once in each worker process, with the knowledge the parent read."""
    global _WORKER  # noqa: PLW0603  one processor per worker process is the point
    _WORKER = MemoProcessor(model, adopt(knowledge), batch_size, file_timeout, privacy)


def _worker_process(paths: list[str]) -> list[tuple[str, dict, bool]]:
    """Process one batch in a worker; results travel back as plain dicts."""
    assert _WORKER is not None
    return [
        (str(path), outcome.to_dict(), isinstance(outcome, MemoRecord))
        for path, outcome in _WORKER.process_paths(Path(p) for p in paths)
    ]
