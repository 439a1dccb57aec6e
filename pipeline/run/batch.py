"""Batch runs: process many files into a run folder, incrementally, through the store, with any engine."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.errors import RunError
from pipeline.extract import Outcome, check_model, peak_rss
from pipeline.knowledge import load_knowledge
from pipeline.run.engines import make_engine
from pipeline.run.identity import pipeline_key
from pipeline.run.inputs import expand_inputs, file_sha256
from pipeline.run.options import RunOptions
from pipeline.run.outputs import write_run_json, write_run_outputs
from pipeline.run.sandbox import SandboxStats
from pipeline.run.store import STORE_NAME, Store
from pipeline.schema import FileError, MemoRecord, RunSummary

Progress = Callable[[int, int], None]


def run(inputs: Sequence[str | Path], options: RunOptions, progress: Progress | None = None) -> RunSummary:
    """Process every input file into `options.out_dir` and write the run's outputs."""
    started = time.perf_counter()
    if not options.archive:
        options = replace(options, archive=" ".join(str(i) for i in inputs))
    summary = RunSummary(limits=options.limits.describe())
    found = expand_inputs(inputs, options.limits.follow_links)
    paths, input_errors = found.paths, found.errors
    summary.inputs = len(paths) + len(input_errors)
    summary.skipped = found.skipped
    summary.unsupported = sum(1 for e in input_errors if e.reason == "unsupported_format")
    if not paths:
        # Nothing to process: no run folder is written; the error lists what was found instead.
        counts = Counter(e.reason for e in input_errors)
        found_text = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items())) or "no files at all"
        raise RunError("no_input", f"no memo to process in the inputs ({found_text})",
                       details=[f"{e.path}: {e.reason}: {e.message}" for e in input_errors])
    check_model(options.model)  # one error before the run, rather than one per memo
    _check_out(options.out_dir)
    knowledge = load_knowledge(options.models)
    key = pipeline_key(options.model, knowledge)
    with Store(options.out_dir / STORE_NAME) as store:
        todo = _pending(paths, store, key, options.force, summary)
        done = 0
        engine = make_engine(options, knowledge, len(todo))
        hashes = {str(path): sha for path, sha in todo}
        for path, outcome in engine.outcomes([p for p, _ in todo]) if todo else ():
            _save(store, str(path), outcome, hashes[str(path)], key)
            summary.processed += 1
            done += 1
            if progress:
                progress(done, len(todo))
        summary.resources = _resources(engine.stats)
        summary.timings["process_seconds"] = round(time.perf_counter() - started, 3)
        wanted = [str(p) for p in paths]
        records = store.records(wanted)
        errors = sorted(input_errors + store.errors(wanted), key=lambda e: e.path)
    export_started = time.perf_counter()
    # Files met in folders that are no memos are listed, but do not make the run fail.
    summary.failed = len(errors) - summary.unsupported
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


def _check_out(out: Path) -> None:
    """Refuse an output path that is a file or cannot be written, before any work is done."""
    if out.exists() and not out.is_dir():
        raise RunError("output_not_a_folder", "the output path is an existing file, not a folder", str(out))
    probe = out / ".memokg-write-check"
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise RunError("output_not_writable", f"cannot write the run folder: {exc.strerror or exc}", str(out)) from None


def _resources(stats: SandboxStats) -> dict[str, float]:
    """Peak memory of this process and of the workers (MiB), and how many workers ran."""
    return {
        "parent_peak_rss_mib": round(peak_rss() / (1 << 20), 1),
        "worker_peak_rss_mib": round(stats.worker_peak_rss / (1 << 20), 1),
        "workers_started": stats.workers_started,
        "workers_replaced": stats.workers_replaced,
    }
