"""`memokg run`: many memos into a run folder (or a JSON Lines stream on stdout)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.common import (
    EXIT_NOTHING,
    EXIT_PARTIAL,
    EXIT_USAGE,
    KeyFileOpt,
    MaxBytesOpt,
    MaxMemoryOpt,
    MaxPagesOpt,
    ModelOpt,
    ModelsOpt,
    OcrLangOpt,
    PasswordOpt,
    PseudonymiseOpt,
    RedactOpt,
    TimeoutOpt,
    err,
    fail,
    limits_from,
)

if TYPE_CHECKING:
    from pipeline.extract import Privacy


def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (walked for .txt .md .pdf) and globs.")],
    out: Annotated[str, typer.Option("-o", "--out", help="Run folder to write (kept and added to), or - for "
                                     "JSON Lines on stdout only.")] = "outputs/run",
    jsonl: Annotated[str | None, typer.Option("--jsonl", help="Also write each record as one JSON line to this "
                                              "file, or - for stdout, in input order as memos finish.")] = None,
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=1, help="Worker processes (Dask: local workers).")] = 1,
    engine: Annotated[str, typer.Option("--engine", help="local (this process, or -j worker processes) or dask.")
                      ] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address tcp://HOST:PORT "
                                                  "(default with --engine dask: a local cluster of -j workers).")
                         ] = None,
    model: ModelOpt = None,
    models: ModelsOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Memos per nlp.pipe batch.")] = 16,
    force: Annotated[bool, typer.Option("--force", help="Reprocess every input even when unchanged.")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="Drop memos whose input files are gone.")] = False,
    graph: Annotated[bool, typer.Option("--graph/--no-graph", help="Write graph exports and tables.")] = True,
    viz: Annotated[bool, typer.Option("--viz/--no-viz", help="Write the interactive page graph.html.")] = True,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress or summary on stderr (failures are "
                                        "still printed).")] = False,
    max_memory: MaxMemoryOpt = None,
    timeout: TimeoutOpt = None,
    max_pages: MaxPagesOpt = None,
    max_bytes: MaxBytesOpt = None,
    password: PasswordOpt = None,
    ocr_lang: OcrLangOpt = None,
    follow_links: Annotated[bool, typer.Option(
        "--follow-links", help="Read links and paths that resolve outside the named input folder.")] = False,
    redact: RedactOpt = False,
    pseudonymise: PseudonymiseOpt = False,
    key_file: KeyFileOpt = None,
) -> None:
    """Process memos into OUT: memos/<id>.json, records.jsonl, errors.jsonl, run.json, graph files.

    OUT accumulates: memos of earlier runs stay unless --prune finds their files gone.
    """
    from pipeline.run import RunOptions, progress_display, stream
    from pipeline.run import run as run_batch

    if engine not in ("local", "dask"):
        raise fail(f"unknown engine {engine!r}: choose local or dask", EXIT_USAGE)
    if scheduler and engine != "dask":
        raise fail("--scheduler needs --engine dask", EXIT_USAGE)
    to_stdout = out == "-" or jsonl == "-"
    folder = None if out == "-" else Path(out)
    options = RunOptions(out_dir=folder or Path("."), model=model, models=models, jobs=jobs, batch_size=batch_size,
                         force=force, prune=prune, graph=graph, viz=viz, engine=engine, scheduler=scheduler,
                         limits=limits_from(max_memory, timeout, max_pages, max_bytes, password, ocr_lang,
                                            follow_links),
                         privacy=_privacy(redact, pseudonymise, key_file))
    sink, handle = _sink(jsonl if jsonl is not None else ("-" if folder is None else None))
    try:
        with progress_display(err, live=not quiet) as progress:
            if folder is None:
                summary = stream(inputs, options, sink, progress)
            else:
                summary = run_batch(inputs, options, progress, sink)
    finally:
        if handle is not None and handle is not sys.stdout:
            handle.close()
    if not quiet:
        err.print(_summary_line(summary, folder), markup=False, highlight=False, soft_wrap=True)
        page = summary.outputs.get("page")
        if folder is not None and page:
            err.print(f"memokg: graph page: {folder / page}", markup=False, highlight=False, soft_wrap=True)
    for problem in summary.export_errors:
        err.print(f"memokg: error: {problem}", markup=False, highlight=False, soft_wrap=True)
    if to_stdout:
        sys.stdout.flush()
    if summary.inputs - summary.failed - summary.unsupported <= 0:
        raise typer.Exit(EXIT_NOTHING)
    if summary.failed or summary.export_errors:
        raise typer.Exit(EXIT_PARTIAL)


def _sink(target: str | None):  # noqa: ANN202  (a callable and the file it writes to)
    """Where records go line by line: stdout, a file, or nowhere."""
    if target is None:
        return None, None
    handle = sys.stdout if target == "-" else Path(target).open("w", encoding="utf-8", newline="\n")

    def write(line: str) -> None:
        handle.write(line + "\n")
        handle.flush()

    return write, handle


def _summary_line(summary, folder: Path | None) -> str:  # noqa: ANN001
    """The one line a run leaves on screen."""
    counts = (f"{summary.new} new, {summary.changed} changed, {summary.unchanged} unchanged, "
              f"{summary.removed} removed, {summary.failed} failed")
    if summary.unsupported:
        counts += f", {summary.unsupported} files that are no memos listed in errors.jsonl"
    if folder is None:
        return f"memokg: {summary.records} records streamed ({counts})"
    return (f"memokg: {counts}; {summary.records} records ({summary.kept} kept from earlier runs), "
            f"{summary.entities} entities, {summary.relations} relations -> {folder}")


def _privacy(redact: bool, pseudonymise: bool, key_file: Path | None) -> Privacy | None:
    """The privacy settings asked for; spaCy (imported by the extract stage) stays out of the parent without them."""
    if not (redact or pseudonymise or key_file):
        return None  # the run's parent only hands files to workers: spaCy there would cost it about 100 MiB
    from pipeline.extract import load_privacy

    return load_privacy(redact, pseudonymise, key_file)
