"""`memokg extract`: one memo to its JSON record on stdout, read and processed in a worker process."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import (
    EXIT_NOTHING,
    MaxBytesOpt,
    MaxMemoryOpt,
    MaxPagesOpt,
    ModelOpt,
    ModelsOpt,
    OcrLangOpt,
    PasswordOpt,
    TimeoutOpt,
    fail,
    limits_from,
)


def extract(
    file: Annotated[str, typer.Argument(help="Memo file (.txt, .md, .pdf) or - for standard input.")],
    model: ModelOpt = None,
    models: ModelsOpt = None,
    compact: Annotated[bool, typer.Option("--compact", help="One line of JSON instead of indented.")] = False,
    max_memory: MaxMemoryOpt = None,
    timeout: TimeoutOpt = None,
    max_pages: MaxPagesOpt = None,
    max_bytes: MaxBytesOpt = None,
    password: PasswordOpt = None,
    ocr_lang: OcrLangOpt = None,
) -> None:
    """Print the record of one memo as JSON on stdout."""
    from pipeline.extract import check_model
    from pipeline.knowledge import load_knowledge
    from pipeline.run import Sandbox
    from pipeline.schema import FileError

    limits = limits_from(max_memory, timeout, max_pages, max_bytes, password, ocr_lang)
    knowledge = load_knowledge(models)
    check_model(model)
    with Sandbox(model, knowledge, limits, batch_size=1) as box:
        if file == "-":
            outcome = box.process_bytes(sys.stdin.buffer.read(), name="<stdin>")
        else:
            outcome = box.process([Path(file)])[0][1]
    if isinstance(outcome, FileError):
        raise fail(f"{outcome.path}: {outcome.reason}: {outcome.message}", EXIT_NOTHING)
    typer.echo(outcome.to_json(indent=None if compact else 2))
