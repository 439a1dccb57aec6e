"""`memokg extract`: memos to their JSON records on stdout, read and processed in one sandboxed worker process.

The worker loads the model once for all the memos, under the same memory cap
and wall clock as a batch run (`pipeline.run.Sandbox`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import (
    EXIT_NOTHING,
    EXIT_PARTIAL,
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


def extract(
    files: Annotated[list[str], typer.Argument(
        help="Memo files (.txt, .md, .pdf), or - for standard input: a memo's text, or a list of paths one a line.",
    )],
    model: ModelOpt = None,
    models: ModelsOpt = None,
    compact: Annotated[bool, typer.Option("--compact", help="One line of JSON instead of indented.")] = False,
    max_memory: MaxMemoryOpt = None,
    timeout: TimeoutOpt = None,
    max_pages: MaxPagesOpt = None,
    max_bytes: MaxBytesOpt = None,
    password: PasswordOpt = None,
    ocr_lang: OcrLangOpt = None,
    redact: RedactOpt = False,
    pseudonymise: PseudonymiseOpt = False,
    key_file: KeyFileOpt = None,
) -> None:
    """Print the record of each memo as JSON on stdout: one file indented, several as JSON Lines."""
    from pipeline.extract import check_model, load_privacy
    from pipeline.knowledge import load_knowledge
    from pipeline.run import Sandbox
    from pipeline.schema import FileError

    limits = limits_from(max_memory, timeout, max_pages, max_bytes, password, ocr_lang)
    knowledge = load_knowledge(models)
    check_model(model)
    privacy = load_privacy(redact, pseudonymise, key_file)
    with Sandbox(model, knowledge, limits, privacy=privacy) as box:
        _extract(box, files, compact, FileError)


def _extract(box, files: list[str], compact: bool, error_type: type) -> None:  # noqa: ANN001
    """Every memo through the sandbox; records on stdout, failures on stderr."""
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
        outcomes.append(box.process_bytes(data, name="<stdin>"))
    many = len(paths) + len(outcomes) > 1
    indent = None if compact or many else 2
    failed = 0
    for outcome in [*outcomes, *(outcome for _, outcome in box.process(paths))]:
        if isinstance(outcome, error_type):
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
