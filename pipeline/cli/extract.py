"""`memokg extract`: memos to their JSON records on stdout, the model loaded once for all of them."""

from __future__ import annotations

import sys
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
    fail,
)
from pipeline.errors import MemokgError


def extract(
    files: Annotated[list[str], typer.Argument(
        help="Memo files (.txt, .md, .pdf), or - for standard input: a memo's text, or a list of paths one a line.",
    )],
    model: ModelOpt = None,
    models: ModelsOpt = None,
    compact: Annotated[bool, typer.Option("--compact", help="One line of JSON instead of indented.")] = False,
    redact: RedactOpt = False,
    pseudonymise: PseudonymiseOpt = False,
    key_file: KeyFileOpt = None,
) -> None:
    """Print the record of each memo as JSON on stdout: one file indented, several as JSON Lines."""
    from pipeline.extract import MemoProcessor, file_error, load_privacy
    from pipeline.schema import FileError

    processor = MemoProcessor(model=model, models=models, privacy=load_privacy(redact, pseudonymise, key_file))
    paths: list[Path] = []
    outcomes = []
    for item in files:
        if item != "-":
            paths.append(Path(item))
            continue
        data = sys.stdin.buffer.read()
        listed = _listed_paths(data)
        if listed is not None:
            paths.extend(listed)
            continue
        try:
            outcomes.append(processor.process_bytes(data, name="<stdin>"))
        except MemokgError as exc:
            outcomes.append(file_error("<stdin>", exc))
    many = len(paths) + len(outcomes) > 1
    indent = None if compact or many else 2
    failed = 0
    for outcome in [*outcomes, *(outcome for _, outcome in processor.process_paths(paths))]:
        if isinstance(outcome, FileError):
            failed += 1
            if not many:
                raise fail(f"{outcome.path}: {outcome.reason}: {outcome.message}", EXIT_NOTHING)
            err.print(f"memokg: {outcome.path}: {outcome.reason}: {' '.join(outcome.message.split())}",
                      markup=False, highlight=False, soft_wrap=True)
            continue
        typer.echo(outcome.to_json(indent=indent))
    if failed and failed == len(paths) + len(outcomes):
        raise typer.Exit(EXIT_NOTHING)
    if failed:
        raise typer.Exit(EXIT_PARTIAL)


def _listed_paths(data: bytes) -> list[Path] | None:
    """The paths of standard input when every non-blank line names an existing file, else None (a memo text)."""
    try:
        lines = [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]
    except UnicodeDecodeError:
        return None
    if not lines or len(lines) > 1_000_000 or any(len(line) > 4096 for line in lines):
        return None
    paths = [Path(line) for line in lines]
    try:
        return paths if all(path.is_file() for path in paths) else None
    except OSError:
        return None
