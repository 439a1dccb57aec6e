"""Batch runs: process many files into a run folder, incrementally, through the store, with any engine.

A run folder accumulates: the store is its source of truth, a run adds and
updates the memos of its inputs and keeps every other one (`prune` drops
those whose input files are gone). A run holds the folder's lock from start
to end. When nothing changed, neither the model nor the exports are touched.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.errors import RecordsError, RunError
from pipeline.ingest import peak_rss
from pipeline.knowledge import Knowledge, load_knowledge
from pipeline.run.folder import refresh_outputs, write_run_json
from pipeline.run.identity import check_model, pipeline_key
from pipeline.run.inputs import expand_inputs, file_sha256
from pipeline.run.lock import folder_lock
from pipeline.run.options import RunOptions
from pipeline.run.progress import EXTRACTING, LOADING, READING, RunProgress, SilentProgress
from pipeline.run.sandbox import resources
from pipeline.run.store import STORE_NAME, Store
from pipeline.run.stream import Emitter, Sink
from pipeline.schema import FileError, MemoRecord, RunSummary

NEW, CHANGED, UNCHANGED, UNREADABLE = "new", "changed", "unchanged", "unreadable"


@dataclass
class _Item:
    """One input of the run and what the store says of it."""

    path: Path
    sha256: str
    kind: str


def run(inputs: Sequence[str | Path], options: RunOptions, progress: RunProgress | None = None,
        sink: Sink | None = None) -> RunSummary:
    """Process every input file into `options.out_dir`, keep the folder's other memos, write its outputs.

    `sink`, when given, receives the record of every input (compact JSON) in input order as soon as it is known.
    """
    progress = progress or SilentProgress()
    started = time.perf_counter()
    if not options.archive:
        options = replace(options, archive=" ".join(str(i) for i in inputs))
    summary, paths, input_errors, failures = _begin(inputs, options, progress)
    knowledge = load_knowledge(options.models)
    key = pipeline_key(options.model, knowledge, options.privacy.fingerprint() if options.privacy else "")
    check_out_dir(options.out_dir)
    with folder_lock(options.out_dir), Store(options.out_dir / STORE_NAME) as store:
        if options.privacy and store.pipeline_keys() - {key}:
            # older rows of this store may hold the very names this run must not write
            raise RecordsError("privacy_mixed_store", "the run folder holds records made with other privacy "
                               f"settings; write a --{options.privacy.mode} run into a new folder",
                               str(options.out_dir))
        items = _plan(paths, store, key, options.force, progress, failures)
        for kind in (NEW, CHANGED, UNCHANGED):
            setattr(summary, kind, sum(1 for item in items if item.kind == kind))
        if options.prune:
            summary.removed = store.prune(lambda path: not Path(path).exists())
        emitter = Emitter(sink, [str(item.path) for item in items], store) if sink else None
        if emitter:
            for item in items:
                if item.kind in (UNCHANGED, UNREADABLE):
                    emitter.reused(str(item.path))
        pending = [item for item in items if item.kind in (NEW, CHANGED)]
        hashes = {str(item.path): item.sha256 for item in pending}
        for path, outcome in _outcomes(pending, options, knowledge, progress, summary):
            sha = hashes.get(str(path), "")
            if isinstance(outcome, MemoRecord):
                store.put_record(str(path), outcome, key)
                progress.advance(1, len(outcome.text.split()))
            else:
                store.put_error(outcome, sha, key)
                failures.append(outcome)
                progress.failure(outcome)
                progress.advance(1)
            if emitter:
                emitter.done(str(path), outcome)
        summary.processed = len(pending)
        summary.reused = summary.unchanged
        summary.timings["process_seconds"] = round(time.perf_counter() - started, 3)
        export_started = time.perf_counter()
        refresh_outputs(store, input_errors, options, summary, progress)
        ok_here = len(paths) - (len(failures) - (len(input_errors) - summary.unsupported))
        summary.kept = max(0, summary.records - ok_here)
    summary.failed = len(failures)
    for error in failures + [e for e in input_errors if _listed_only(e)]:
        summary.errors_by_reason[error.reason] = summary.errors_by_reason.get(error.reason, 0) + 1
    summary.errors_by_reason = dict(sorted(summary.errors_by_reason.items()))
    summary.timings["export_seconds"] = round(time.perf_counter() - export_started, 3)
    summary.timings["total_seconds"] = round(time.perf_counter() - started, 3)
    # the exports (pandas, networkx, the page) come after the workers: the parent's peak is taken last
    summary.resources["parent_peak_rss_mib"] = round(peak_rss() / (1 << 20), 1)
    write_run_json(options, summary)
    return summary


def _plan(paths: list[Path], store: Store, key: str, force: bool, progress: RunProgress,
          failures: list[FileError]) -> list[_Item]:
    """Every input with its content hash and whether it is new, changed or unchanged since the store saw it."""
    progress.stage(READING, total=len(paths))
    items = []
    for path in paths:
        entry = store.lookup(str(path))
        try:
            sha = file_sha256(path)
        except OSError as exc:
            error = FileError(path=str(path), reason="unreadable", message=str(exc.strerror or exc), stage="ingest")
            store.put_error(error, "", key)
            failures.append(error)
            progress.failure(error)
            items.append(_Item(path, "", UNREADABLE))
            continue
        if entry is None:
            kind = NEW
        elif not force and entry.sha256 == sha and entry.pipeline_key == key:
            kind = UNCHANGED
            if entry.error is not None:
                failures.append(entry.error)
                progress.failure(entry.error)
        else:
            kind = CHANGED
        items.append(_Item(path, sha, kind))
        progress.advance(1)
    return items


def _begin(inputs: Sequence[str | Path], options: RunOptions, progress: RunProgress
           ) -> tuple[RunSummary, list[Path], list[FileError], list[FileError]]:
    """A new summary, the files to process, every input error, and the ones printed as failures (printed now)."""
    summary = RunSummary(jobs=options.jobs, limits=options.limits.describe())
    paths, input_errors = _inputs(inputs, options, summary)
    failures = [e for e in input_errors if not _listed_only(e)]
    for error in failures:
        progress.failure(error)
    return summary, paths, input_errors, failures


def _inputs(inputs: Sequence[str | Path], options: RunOptions, summary: RunSummary
            ) -> tuple[list[Path], list[FileError]]:
    """The files to process and the input errors, counted in the summary; RunError when there is nothing."""
    found = expand_inputs(inputs, options.limits.follow_links)
    summary.inputs = len(found.paths) + len(found.errors)
    summary.skipped = found.skipped
    summary.unsupported = sum(1 for e in found.errors if _listed_only(e))
    if not found.paths:
        # Nothing to process: nothing is written; the error lists what was found instead.
        counts = Counter(e.reason for e in found.errors)
        listed = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items())) or "no files at all"
        raise RunError("no_input", f"no memo to process in the inputs ({listed})",
                       details=[f"{e.path}: {e.reason}: {e.message}" for e in found.errors])
    return found.paths, found.errors


def _listed_only(error: FileError) -> bool:
    """A file met in a folder that is no memo: listed in errors.jsonl and counted, but no failure of the run."""
    return error.stage == "input" and error.reason == "unsupported_format"


def check_out_dir(out: Path) -> None:
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


def _outcomes(pending: list[_Item], options: RunOptions, knowledge: Knowledge, progress: RunProgress,
              summary: RunSummary):
    """Outcomes of the pending files from the engine the options ask for; no model is loaded when none."""
    if not pending:
        return
    from pipeline.run.engines import make_engine

    check_model(options.model)  # one error before the run, rather than one per memo
    progress.stage(LOADING)
    engine = make_engine(options, knowledge, len(pending))
    try:
        yield from engine.outcomes([item.path for item in pending],
                                   ready=lambda: progress.stage(EXTRACTING, total=len(pending)))
    finally:
        summary.resources = resources(getattr(engine, "stats", None))


def stream(inputs: Sequence[str | Path], options: RunOptions, sink: Callable[[str], None],
           progress: RunProgress | None = None) -> RunSummary:
    """Process every input and hand each record (compact JSON) to `sink` in input order; no run folder."""
    progress = progress or SilentProgress()
    summary, paths, _input_errors, failures = _begin(inputs, options, progress)
    knowledge = load_knowledge(options.models)
    emitter = Emitter(sink, [str(path) for path in paths], None)
    items = [_Item(path, "", NEW) for path in paths]
    for path, outcome in _outcomes(items, options, knowledge, progress, summary):
        if isinstance(outcome, MemoRecord):
            summary.records += 1
            progress.advance(1, len(outcome.text.split()))
        else:
            failures.append(outcome)
            progress.failure(outcome)
            progress.advance(1)
        emitter.done(str(path), outcome)
    summary.processed = summary.new = len(paths)
    summary.failed = len(failures)
    return summary
