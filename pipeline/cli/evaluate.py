"""`memokg eval` and `memokg schema`: scores against gold annotations, and the record's JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import EXIT_USAGE, ModelOpt, ModelsOpt, fail, require_run_dir


def evaluate_cmd(
    gold_dir: Annotated[Path | None, typer.Argument(help="Folder of <name>.gold.json files.")] = None,
    run_dir: Annotated[Path | None, typer.Argument(help="Run folder written by `memokg run`.")] = None,
    suite: Annotated[Path | None, typer.Option("--suite", help="Score a behavioural suite (JSONL of cases) "
                                               "instead: P/R/F1 per cause and kind.")] = None,
    model: ModelOpt = None,
    models: ModelsOpt = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="With --suite: the table only, no failures.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole report as JSON.")] = False,
) -> None:
    """Score a run against gold annotations (P/R/F1 per label, misses per document), or a behavioural suite."""
    from pipeline.evaluate import evaluate, format_report, format_suite_report

    if suite is not None:
        from pipeline.run import evaluate_suite

        result = evaluate_suite(suite, model=model, models=models)
        typer.echo(result.to_json() if as_json else format_suite_report(result, failures=not quiet))
        return
    if gold_dir is None or run_dir is None:
        raise fail("usage: memokg eval GOLD_DIR RUN_DIR, or memokg eval --suite FILE", EXIT_USAGE)
    if not gold_dir.is_dir():
        raise fail(f"{gold_dir}: not_found: gold folder does not exist")
    require_run_dir(run_dir)
    report = evaluate(gold_dir, run_dir)
    typer.echo(report.to_json() if as_json else format_report(report))


def schema(
    of: Annotated[str, typer.Argument(help="record (a memo record), errors (a line of errors.jsonl) or run "
                                           "(run.json).")] = "record",
) -> None:
    """Print the JSON Schema of the memo record (or of errors.jsonl lines, or run.json)."""
    from pipeline.schema import file_error_json_schema, memo_record_json_schema, run_summary_json_schema

    makers = {"record": memo_record_json_schema, "errors": file_error_json_schema, "run": run_summary_json_schema}
    if of not in makers:
        raise fail(f"unknown schema {of!r}: choose record, errors or run", EXIT_USAGE)
    typer.echo(json.dumps(makers[of](), indent=2, ensure_ascii=False))
