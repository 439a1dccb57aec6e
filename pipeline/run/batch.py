"""Batch runs: process many files into a run folder, incrementally, through the store, with any engine.

A run folder accumulates: the store is its source of truth, a run adds and
updates the memos of its inputs and keeps every other one (`prune` drops
those whose input files are gone). A run holds the folder's lock from start
to end. When nothing changed, neither the model nor the exports are touched.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.knowledge import Knowledge, load_knowledge
from pipeline.run.identity import model_identity, pipeline_key
from pipeline.run.inputs import expand_inputs, file_sha256
from pipeline.run.lock import folder_lock
from pipeline.run.options import RunOptions
from pipeline.run.progress import EXTRACTING, LOADING, READING, RunProgress, SilentProgress
from pipeline.run.store import STORE_NAME, Store
from pipeline.run.stream import Emitter, Sink
from pipeline.schema import FileError, MemoRecord, RunSummary
from pipeline.version import __version__

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
    summary = RunSummary(jobs=options.jobs)
    paths, input_errors = expand_inputs(inputs)
    failures = list(input_errors)
    for error in input_errors:
        progress.failure(error)
    summary.inputs = len(paths) + len(input_errors)
    knowledge = load_knowledge(options.models)
    key = pipeline_key(options.model, knowledge)
    with folder_lock(options.out_dir), Store(options.out_dir / STORE_NAME) as store:
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
        for path, outcome in _outcomes(pending, options, knowledge, progress):
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
        _outputs(store, input_errors, options, summary, progress)
        ok_here = len(paths) - (len(failures) - len(input_errors))
        summary.kept = max(0, summary.records - ok_here)
    summary.failed = len(failures)
    for error in failures:
        summary.errors_by_reason[error.reason] = summary.errors_by_reason.get(error.reason, 0) + 1
    summary.errors_by_reason = dict(sorted(summary.errors_by_reason.items()))
    summary.timings["export_seconds"] = round(time.perf_counter() - export_started, 3)
    summary.timings["total_seconds"] = round(time.perf_counter() - started, 3)
    _write_run_json(options, summary)
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


def _outcomes(pending: list[_Item], options: RunOptions, knowledge: Knowledge, progress: RunProgress):
    """Outcomes of the pending files from the engine the options ask for; no model is loaded when none."""
    if not pending:
        return
    from pipeline.run.engines import make_engine  # the engines import spaCy: only when there is work

    progress.stage(LOADING)
    engine = make_engine(options, knowledge, len(pending))
    yield from engine.outcomes([item.path for item in pending],
                               ready=lambda: progress.stage(EXTRACTING, total=len(pending)))


def _signature(store: Store, input_errors: list[FileError], options: RunOptions) -> str:
    """What the run folder's files are a function of: the store's state and the options that shape them."""
    facts = {"generation": store.generation, "graph": options.graph, "viz": options.viz, "archive": options.archive,
             "input_errors": [error.to_dict() for error in input_errors], "memokg": __version__}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def _outputs(store: Store, input_errors: list[FileError], options: RunOptions, summary: RunSummary,
             progress: RunProgress) -> None:
    """Rewrite the folder's files from the store, unless they were written from this very state already."""
    out = options.out_dir
    signature = _signature(store, input_errors, options)
    last = store.get_meta("exported")
    if isinstance(last, dict) and last.get("signature") == signature and _present(out, last):
        summary.outputs = dict(last["outputs"])
        summary.records, summary.entities, summary.relations = last["counts"]
        return
    from pipeline.run.outputs import write_run_outputs  # graph, exports and page: only when something changed

    summary.outputs = write_run_outputs(store, input_errors, options, summary, progress)
    if not summary.export_errors:
        store.set_meta("exported", {"signature": signature, "outputs": summary.outputs,
                                    "counts": [summary.records, summary.entities, summary.relations]})


def _present(out: Path, last: dict) -> bool:
    """Every file the last export wrote is still there (a memo file per record included)."""
    if not all((out / path).exists() for path in last["outputs"].values()):
        return False
    memos = out / last["outputs"].get("memos", "memos")
    return sum(1 for name in memos.iterdir() if name.suffix == ".json") == last["counts"][0]


def _write_run_json(options: RunOptions, summary: RunSummary) -> None:
    from pipeline.files import write_text_atomic

    versions = {
        "memokg": __version__, "model": model_identity(options.model),
        "models": str(options.models) if options.models else None, "jobs": options.jobs,
        "outputs": dict(sorted(summary.outputs.items())),
    }
    write_text_atomic(options.out_dir / "run.json", summary.model_copy(update=versions).to_json() + "\n")


def stream(inputs: Sequence[str | Path], options: RunOptions, sink: Callable[[str], None],
           progress: RunProgress | None = None) -> RunSummary:
    """Process every input and hand each record (compact JSON) to `sink` in input order; no run folder."""
    progress = progress or SilentProgress()
    summary = RunSummary(jobs=options.jobs)
    paths, failures = expand_inputs(inputs)
    for error in failures:
        progress.failure(error)
    summary.inputs = len(paths) + len(failures)
    knowledge = load_knowledge(options.models)
    emitter = Emitter(sink, [str(path) for path in paths], None)
    items = [_Item(path, "", NEW) for path in paths]
    for path, outcome in _outcomes(items, options, knowledge, progress):
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
