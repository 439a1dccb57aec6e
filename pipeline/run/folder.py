"""A run folder's files as a function of its store: rewritten only when the store or the options changed.

`refresh_outputs` compares what the folder's files were last written from
(the store's change counter and the options that shape the files, kept in the
store) with the present, and rewrites them only when those differ or a file
is missing; `write_run_json` writes the summary of the run or merge.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.files import write_text_atomic
from pipeline.run.identity import model_identity
from pipeline.run.options import RunOptions
from pipeline.run.progress import RunProgress
from pipeline.run.store import Store
from pipeline.schema import FileError, RunSummary
from pipeline.version import __version__


def _signature(store: Store, input_errors: list[FileError], options: RunOptions) -> str:
    """What the run folder's files are a function of: the store's state and the options that shape them."""
    facts = {"generation": store.generation, "graph": options.graph, "viz": options.viz, "archive": options.archive,
             "input_errors": [error.to_dict() for error in input_errors], "memokg": __version__}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def refresh_outputs(store: Store, input_errors: list[FileError], options: RunOptions, summary: RunSummary,
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


def write_run_json(options: RunOptions, summary: RunSummary) -> None:
    """run.json: versions, counts, errors by reason, timings and outputs."""
    versions = {
        "memokg": __version__, "model": model_identity(options.model),
        "models": str(options.models) if options.models else None, "jobs": options.jobs,
        "outputs": dict(sorted(summary.outputs.items())),
    }
    write_text_atomic(options.out_dir / "run.json", summary.model_copy(update=versions).to_json() + "\n")
