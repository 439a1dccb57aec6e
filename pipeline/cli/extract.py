"""`memokg extract`: one memo to its JSON record on stdout."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import EXIT_NOTHING, KeyFileOpt, ModelOpt, ModelsOpt, PseudonymiseOpt, RedactOpt, fail
from pipeline.errors import MemokgError


def extract(
    file: Annotated[str, typer.Argument(help="Memo file (.txt, .md, .pdf) or - for standard input.")],
    model: ModelOpt = None,
    models: ModelsOpt = None,
    compact: Annotated[bool, typer.Option("--compact", help="One line of JSON instead of indented.")] = False,
    redact: RedactOpt = False,
    pseudonymise: PseudonymiseOpt = False,
    key_file: KeyFileOpt = None,
) -> None:
    """Print the record of one memo as JSON on stdout."""
    from pipeline.extract import MemoProcessor, file_error, load_privacy
    from pipeline.schema import FileError

    processor = MemoProcessor(model=model, models=models, privacy=load_privacy(redact, pseudonymise, key_file))
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
