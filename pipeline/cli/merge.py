"""`memokg merge`: run folders from several machines into one run folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import err


def merge(
    folders: Annotated[list[Path], typer.Argument(help="Run folders to combine (their stores, else records.jsonl).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Run folder to write (kept and added to).")],
    graph: Annotated[bool, typer.Option("--graph/--no-graph", help="Write graph exports and tables.")] = True,
    viz: Annotated[bool, typer.Option("--viz/--no-viz", help="Write the interactive page graph.html.")] = True,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress or summary on stderr.")] = False,
) -> None:
    """Combine run folders into OUT: a memo id met twice with the same content is kept once; with different
    content the merge stops with an error naming both folders, and writes nothing."""
    from pipeline.run import RunOptions, merge_folders, progress_display

    options = RunOptions(out_dir=out, graph=graph, viz=viz, archive=" ".join(str(f) for f in folders))
    with progress_display(err, live=not quiet) as progress:
        summary = merge_folders(folders, options, progress)
    if not quiet:
        err.print(f"memokg: merged {len(folders)} run folders: {summary.new} memos added, {summary.unchanged} "
                  f"already there; {summary.records} records, {summary.failed} failed inputs -> {out}",
                  markup=False, highlight=False, soft_wrap=True)
    for problem in summary.export_errors:
        err.print(f"memokg: error: {problem}", markup=False, highlight=False, soft_wrap=True)
    if summary.export_errors:
        raise typer.Exit(1)
