"""Batch runs: process many files into a run folder, incrementally, through the store, with any engine."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pipeline.errors import RecordsError
from pipeline.extract import Outcome
from pipeline.knowledge import Knowledge, load_knowledge
from pipeline.run.engines import make_engine
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
    summary = RunSummary()
    paths, input_errors = expand_inputs(inputs)
    summary.inputs = len(paths) + len(input_errors)
    knowledge = load_knowledge(options.models)
    key = pipeline_key(options.model, knowledge, options.privacy.fingerprint() if options.privacy else "")
    with Store(options.out_dir / STORE_NAME) as store:
        if options.privacy and store.pipeline_keys() - {key}:
            # older rows of this store may hold the very names this run must not write
            raise RecordsError("privacy_mixed_store", "the run folder holds records made with other privacy "
                               f"settings; write a --{options.privacy.mode} run into a new folder",
                               str(options.out_dir))
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
    """Outcomes of the pending files from the engine the options ask for, with each file's content hash."""
    if not todo:
        return
    hashes = {str(path): sha for path, sha in todo}
    engine = make_engine(options, knowledge, len(todo))
    for path, outcome in engine.outcomes([p for p, _ in todo]):
        yield path, outcome, hashes[str(path)]
