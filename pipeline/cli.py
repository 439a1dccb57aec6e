"""The `memokg` command: parses arguments, calls the pipeline's functions, maps errors to exit codes.

Exit codes: 0 all inputs succeeded; 1 some inputs failed (the rest was written);
2 bad usage; 3 nothing could be processed; 4 configuration problem (model,
models folder, missing run folder).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from typer.core import TyperGroup

from pipeline.errors import MemokgError
from pipeline.version import __version__

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_NOTHING, EXIT_CONFIG = 0, 1, 2, 3, 4

err = Console(stderr=True)


class GuardedGroup(TyperGroup):
    """Turns a MemokgError raised by any command into a one-line message and exit code 4."""

    def invoke(self, ctx):  # noqa: ANN001, ANN201  (click's signature)
        try:
            return super().invoke(ctx)
        except MemokgError as exc:
            err.print(f"memokg: error: {exc.one_line()}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_CONFIG) from None


app = typer.Typer(
    cls=GuardedGroup,
    name="memokg",
    help="Turn intelligence memos (text, Markdown, PDF) into entities, relations and a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy model package or path (default: en_core_web_sm).")]
ModelsOpt = Annotated[
    Path | None, typer.Option("--models", help="Folder of domain-knowledge files overriding the shipped models/.")
]
RunDir = Annotated[Path, typer.Argument(help="Run folder written by `memokg run`.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"memokg {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """memokg: intelligence memos to a knowledge graph."""


def fail(message: str, code: int = EXIT_CONFIG) -> typer.Exit:
    """Print a one-line error on stderr and return the Exit to raise."""
    err.print(f"memokg: error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def require_run_dir(run_dir: Path) -> None:
    """A clear error when a run folder does not hold records."""
    if not (run_dir / "records.jsonl").exists() and not (run_dir / "memos").is_dir():
        raise fail(f"{run_dir}: not_a_run_folder: no records.jsonl (run `memokg run INPUT -o {run_dir}` first)")


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="Memo file (.txt, .md, .pdf) or - for standard input.")],
    model: ModelOpt = None,
    models: ModelsOpt = None,
    compact: Annotated[bool, typer.Option("--compact", help="One line of JSON instead of indented.")] = False,
) -> None:
    """Print the record of one memo as JSON on stdout."""
    from pipeline.extract import MemoProcessor, file_error
    from pipeline.schema import FileError

    processor = MemoProcessor(model=model, models=models)
    if file == "-":
        try:
            outcome = processor.process_bytes(sys.stdin.buffer.read(), name="<stdin>")
        except MemokgError as exc:
            outcome = file_error("<stdin>", exc)
    else:
        outcome = next(iter(processor.process_paths([Path(file)])))[1]
    if isinstance(outcome, FileError):
        raise fail(f"{outcome.path}: {outcome.reason}: {outcome.message}", EXIT_NOTHING)
    typer.echo(outcome.to_json(indent=None if compact else 2))


@app.command()
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
) -> None:
    """Process memos into OUT: memos/<id>.json, records.jsonl, errors.jsonl, run.json, graph files."""
    from pipeline.run import RunOptions, progress_bar
    from pipeline.run import run as run_batch

    options = RunOptions(out_dir=out, model=model, models=models, jobs=jobs, batch_size=batch_size, force=force,
                         graph=graph, viz=viz, file_timeout=timeout or None)
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


@app.command("eval")
def evaluate_cmd(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of <name>.gold.json files.")],
    run_dir: RunDir,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole report as JSON.")] = False,
) -> None:
    """Score a run against gold annotations: precision, recall, F1 per label, misses per document."""
    from pipeline.evaluate import evaluate, format_report

    if not gold_dir.is_dir():
        raise fail(f"{gold_dir}: not_found: gold folder does not exist")
    require_run_dir(run_dir)
    report = evaluate(gold_dir, run_dir)
    typer.echo(report.to_json() if as_json else format_report(report))


@app.command()
def graph(
    run_dir: RunDir,
    memos: Annotated[bool, typer.Option("--memos/--no-memos", help="Add memo nodes with MENTIONS edges.")] = False,
    formats: Annotated[
        list[str] | None, typer.Option("--format", help="Only these exports (repeatable); default all.")
    ] = None,
) -> None:
    """Rebuild the knowledge graph of a run and write its exports."""
    from pipeline.export import write_exports
    from pipeline.graph import build_graph
    from pipeline.run import read_records

    require_run_dir(run_dir)
    records = read_records(run_dir)
    kg = build_graph(records, include_memos=memos)
    for name, path in sorted(write_exports(kg, records, run_dir, formats).items()):
        typer.echo(f"{name}\t{path}")


@app.command()
def relations(
    run_dir: RunDir,
    vendor: Annotated[str | None, typer.Option(help="Vendor name or alias.")] = None,
    country: Annotated[str | None, typer.Option(help="Country name or ISO code.")] = None,
    capability: Annotated[str | None, typer.Option(help="Technology name, alias or category.")] = None,
    rel_type: Annotated[list[str] | None, typer.Option("--type", help="Relation type(s), e.g. SUPPLIES.")] = None,
    status: Annotated[list[str] | None, typer.Option(help="Status(es): reported, alleged, denied...")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Print the relations that match, with their evidence."""
    from pipeline.graph import find_relations, format_relations_table, relations_json
    from pipeline.run import read_records

    require_run_dir(run_dir)
    hits = find_relations(read_records(run_dir), vendor=vendor, country=country, capability=capability,
                          types=rel_type, statuses=status)
    typer.echo(relations_json(hits) if as_json else format_relations_table(hits))


@app.command()
def viz(
    run_dir: RunDir,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="HTML file (default RUN/graph.html).")] = None,
    focus: Annotated[str | None, typer.Option(help="Entity id or name to centre on.")] = None,
    depth: Annotated[int, typer.Option(min=0, help="Neighbourhood depth around --focus.")] = 1,
    min_weight: Annotated[int, typer.Option("--min-weight", min=1, help="Hide edges from fewer memos.")] = 1,
    label: Annotated[str | None, typer.Option(help="Comma-separated labels, e.g. ORG,COUNTRY.")] = None,
    status: Annotated[str | None, typer.Option(help="Comma-separated statuses, e.g. reported,alleged.")] = None,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=1, help="Cap on nodes drawn.")] = 1500,
) -> None:
    """Write the interactive, offline HTML page of a run's graph."""
    from pipeline.graph import build_graph
    from pipeline.run import read_records
    from pipeline.viz import VizOptions, write_graph_page

    require_run_dir(run_dir)
    records = read_records(run_dir)
    options = VizOptions(
        focus=focus, depth=depth, min_weight=min_weight, max_nodes=max_nodes,
        labels=tuple(x.upper() for x in _csv(label)), statuses=tuple(x.lower() for x in _csv(status)),
        title=f"memokg: {run_dir.name}", subtitle=f"{len(records)} memos",
    )
    summary = write_graph_page(build_graph(records), output or run_dir / "graph.html", options)
    typer.echo(f"{summary.path}\t{summary.nodes} nodes\t{summary.edges} edges")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the memo record."""
    from pipeline.schema import memo_record_json_schema

    typer.echo(json.dumps(memo_record_json_schema(), indent=2, ensure_ascii=False))


def _csv(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def main() -> None:
    """Console entry point."""
    app()
