"""`memokg graph`, `relations` and `viz`: what a run folder's records say, as files, tables and a page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

import typer

from pipeline.cli.common import RunDir, csv_list, require_run_dir


def memo_href(page: Path, memos: Path) -> str:
    """The memo record folder relative to the page's folder, as a URL prefix ("" when there is no relative path)."""
    try:
        relative = os.path.relpath(memos.resolve(), page.resolve().parent)
    except ValueError:  # another drive: no relative link exists
        return ""
    return "/".join(quote(part) for part in Path(relative).parts) + "/"


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
    from pipeline.viz import VizOptions, memo_folder, page_titles, write_graph_page

    require_run_dir(run_dir)
    records = read_records(run_dir)
    errors = run_dir / "errors.jsonl"
    lines = errors.read_text(encoding="utf-8").splitlines() if errors.is_file() else []
    failed = sum(1 for line in lines if line.strip())
    title, subtitle = page_titles({memo_folder(r.source.path) for r in records}, run_dir, len(records), failed)
    page = output or run_dir / "graph.html"
    options = VizOptions(
        focus=focus, depth=depth, min_weight=min_weight, max_nodes=max_nodes,
        labels=tuple(x.upper() for x in csv_list(label)), statuses=tuple(x.lower() for x in csv_list(status)),
        title=title, subtitle=subtitle, memo_href=memo_href(page, run_dir / "memos"),
    )
    summary = write_graph_page(build_graph(records), page, options)
    typer.echo(f"{summary.path}\t{summary.nodes} nodes\t{summary.edges} edges")
