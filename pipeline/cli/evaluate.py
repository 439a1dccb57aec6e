"""`memokg eval` and `memokg schema`: scores against gold annotations, and the record's JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import RunDir, fail, require_run_dir


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

def schema() -> None:
    """Print the JSON Schema of the memo record."""
    from pipeline.schema import memo_record_json_schema

    typer.echo(json.dumps(memo_record_json_schema(), indent=2, ensure_ascii=False))
