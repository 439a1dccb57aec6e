"""Batch runs: process many files into a run folder, incrementally, in one or several worker processes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from itertools import islice
from pathlib import Path

from pipeline.extract import MemoProcessor, Outcome, file_error
from pipeline.knowledge import Knowledge, adopt, load_knowledge
from pipeline.run.identity import pipeline_key
from pipeline.run.inputs import expand_inputs, file_sha256
from pipeline.run.options import RunOptions
from pipeline.run.outputs import write_run_json, write_run_outputs
from pipeline.run.store import STORE_NAME, Store
from pipeline.schema import FileError, MemoRecord, RunSummary

Progress = Callable[[int, int], None]


def run(inputs: Sequence[str | Path], options: RunOptions, progress: Progress | None = None) -> RunSummary:
    """Process every input file into `options.out_dir` and write the run's outputs."""
    started = time.perf_counter()
    if not options.archive:
        options = replace(options, archive=" ".join(str(i) for i in inputs))
    summary = RunSummary()
    paths, input_errors = expand_inputs(inputs)
    summary.inputs = len(paths) + len(input_errors)
    knowledge = load_knowledge(options.models)
    key = pipeline_key(options.model, knowledge)
    with Store(options.out_dir / STORE_NAME) as store:
        todo = _pending(paths, store, key, options.force, summary)
        done = 0
        for path, outcome, sha in _outcomes(todo, options, knowledge):
            _save(store, str(path), outcome, sha, key)
            summary.processed += 1
            done += 1
            if progress:
                progress(done, len(todo))
        summary.timings["process_seconds"] = round(time.perf_counter() - started, 3)
        wanted = [str(p) for p in paths]
        records = store.records(wanted)
        errors = sorted(input_errors + store.errors(wanted), key=lambda e: e.path)
    export_started = time.perf_counter()
    summary.failed = len(errors)
    for error in errors:
        summary.errors_by_reason[error.reason] = summary.errors_by_reason.get(error.reason, 0) + 1
    summary.outputs = write_run_outputs(records, errors, options, summary)
    summary.timings["export_seconds"] = round(time.perf_counter() - export_started, 3)
    summary.timings["total_seconds"] = round(time.perf_counter() - started, 3)
    write_run_json(options.out_dir / "run.json", options, summary)
    return summary


def _pending(paths: list[Path], store: Store, key: str, force: bool, summary: RunSummary) -> list[tuple[Path, str]]:
    """Paths that need processing, with their content hashes; unchanged ones are reused from the store."""
    todo: list[tuple[Path, str]] = []
    for path in paths:
        try:
            sha = file_sha256(path)
        except OSError as exc:
            store.put_error(FileError(path=str(path), reason="unreadable", message=str(exc.strerror or exc),
                                      stage="ingest"), "", key)
            continue
        if not force and store.is_current(str(path), sha, key):
            summary.reused += 1
        else:
            todo.append((path, sha))
    return todo


def _save(store: Store, path: str, outcome: Outcome, sha: str, key: str) -> None:
    if isinstance(outcome, MemoRecord):
        store.put_record(path, outcome, key)
    else:
        store.put_error(outcome, sha, key)


def _outcomes(todo: list[tuple[Path, str]], options: RunOptions, knowledge: Knowledge
              ) -> Iterator[tuple[Path, Outcome, str]]:
    """Outcomes of the pending files, from this process or from worker processes."""
    if not todo:
        return
    hashes = {str(path): sha for path, sha in todo}
    if options.jobs <= 1 or len(todo) < 2:
        processor = MemoProcessor(options.model, knowledge, options.batch_size, options.file_timeout)
        for path, outcome in processor.process_paths(p for p, _ in todo):
            yield path, outcome, hashes[str(path)]
        return
    batches = _batches([str(p) for p, _ in todo], options.batch_size)
    init_args = (options.model, knowledge, options.batch_size, options.file_timeout)
    with ProcessPoolExecutor(max_workers=options.jobs, initializer=_worker_init, initargs=init_args) as pool:
        futures = {pool.submit(_worker_process, batch): batch for batch in batches}
        for future in as_completed(futures):
            try:
                results = future.result()
            except Exception as exc:  # noqa: BLE001  a dead worker fails its batch, not the run
                results = [(p, file_error(p, exc).to_dict(), False) for p in futures[future]]
            for path, data, ok in results:
                outcome = MemoRecord.model_validate(data) if ok else FileError.model_validate(data)
                yield Path(path), outcome, hashes[path]


def _batches(items: list[str], size: int) -> list[list[str]]:
    iterator = iter(items)
    return [batch for batch in iter(lambda: list(islice(iterator, max(1, size))), [])]


_WORKER: MemoProcessor | None = None


def _worker_init(model: str | None, knowledge: Knowledge, batch_size: int, file_timeout: float | None) -> None:
    """Load the pipeline once in each worker process, with the knowledge the parent read."""
    global _WORKER  # noqa: PLW0603  one processor per worker process is the point
    _WORKER = MemoProcessor(model, adopt(knowledge), batch_size, file_timeout)


def _worker_process(paths: list[str]) -> list[tuple[str, dict, bool]]:
    """Process one batch in a worker; results travel back as plain dicts."""
    assert _WORKER is not None
    return [
        (str(path), outcome.to_dict(), isinstance(outcome, MemoRecord))
        for path, outcome in _WORKER.process_paths(Path(p) for p in paths)
    ]
