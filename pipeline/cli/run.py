"""`memokg run`: many memos into a run folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import (
    EXIT_NOTHING,
    EXIT_PARTIAL,
    KeyFileOpt,
    ModelOpt,
    ModelsOpt,
    PseudonymiseOpt,
    RedactOpt,
    err,
)


def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (walked for .txt .md .pdf) and globs.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Run folder to write.")] = Path("outputs/run"),
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=1, help="Worker processes.")] = 1,
    model: ModelOpt = None,
    models: ModelsOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Memos per nlp.pipe batch.")] = 16,
    force: Annotated[bool, typer.Option("--force", help="Reprocess memos even when unchanged.")] = False,
    graph: Annotated[bool, typer.Option("--graph/--no-graph", help="Write graph exports and tables.")] = True,
    viz: Annotated[bool, typer.Option("--viz/--no-viz", help="Write the interactive page graph.html.")] = True,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress or summary on stderr.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="Seconds allowed to read one file (0: none).")
                       ] = 120.0,
    redact: RedactOpt = False,
    pseudonymise: PseudonymiseOpt = False,
    key_file: KeyFileOpt = None,
) -> None:
    """Process memos into OUT: memos/<id>.json, records.jsonl, errors.jsonl, run.json, graph files."""
    from pipeline.extract import load_privacy
    from pipeline.run import RunOptions, progress_bar
    from pipeline.run import run as run_batch

    options = RunOptions(out_dir=out, model=model, models=models, jobs=jobs, batch_size=batch_size, force=force,
                         graph=graph, viz=viz, file_timeout=timeout or None,
                         privacy=load_privacy(redact, pseudonymise, key_file))
    with progress_bar(err, enabled=not quiet) as progress:
        summary = run_batch(inputs, options, progress)
    if not quiet:
        err.print(
            f"memokg: {summary.records} records ({summary.processed} processed, {summary.reused} unchanged), "
            f"{summary.failed} failed, {summary.entities} entities, {summary.relations} relations -> {out}",
            markup=False, highlight=False, soft_wrap=True,
        )
        if summary.failed:
            for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()[:20]:
                error = json.loads(line)
                err.print(f"memokg: {error['path']}: {error['reason']}: {error['message']}", markup=False,
                          highlight=False, soft_wrap=True)
    for problem in summary.export_errors:
        err.print(f"memokg: error: {problem}", markup=False, highlight=False, soft_wrap=True)
    if summary.records == 0:
        raise typer.Exit(EXIT_NOTHING)
    if summary.failed or summary.export_errors:
        raise typer.Exit(EXIT_PARTIAL)
