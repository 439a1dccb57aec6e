"""What every memokg command shares: the Typer app, exit codes, common options and one-line errors.

Exit codes: 0 all inputs succeeded; 1 some inputs failed (the rest was written);
2 bad usage; 3 nothing could be processed; 4 configuration problem (model,
models folder, missing run folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from typer.core import TyperGroup

from pipeline.errors import MemokgError
from pipeline.version import __version__

if TYPE_CHECKING:
    from pipeline.ingest import Limits

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_NOTHING, EXIT_CONFIG = 0, 1, 2, 3, 4
# Errors that mean "nothing could be processed" (exit 3); every other MemokgError is configuration (exit 4).
NOTHING_REASONS = frozenset({"no_input"})

err = Console(stderr=True)


class GuardedGroup(TyperGroup):
    """Turns a MemokgError raised by any command into a one-line message and exit code 4."""

    def invoke(self, ctx):  # noqa: ANN001, ANN201  (click's signature)
        try:
            return super().invoke(ctx)
        except MemokgError as exc:
            for detail in getattr(exc, "details", [])[:20]:
                say(f"memokg: {detail}")
            err.print(f"memokg: error: {exc.one_line()}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_NOTHING if exc.reason in NOTHING_REASONS else EXIT_CONFIG) from None


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
RedactOpt = Annotated[bool, typer.Option("--redact", help="Replace PERSON names by [PERSON] in every output.")]
PseudonymiseOpt = Annotated[bool, typer.Option(
    "--pseudonymise", help="Replace PERSON names by keyed tokens [PERSON-<hmac>] (key: --key-file or "
    "MEMOKG_PSEUDONYM_KEY).")]
KeyFileOpt = Annotated[Path | None, typer.Option("--key-file", help="File holding the pseudonym key (never written).")]


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


def say(line: str) -> None:
    """One line on stderr, exactly as given."""
    err.print(line, markup=False, highlight=False, soft_wrap=True)


def size_option(value: str | None) -> int | None:
    """A size option ('2G', '512M', '0' for none) in bytes; bad values are a usage error."""
    if value is None:
        return None
    from pipeline.ingest import parse_size

    try:
        return parse_size(value) or None
    except MemokgError as exc:
        raise typer.BadParameter(exc.message) from None


def limits_from(max_memory: str | None, timeout: float | None, max_pages: int | None, max_bytes: str | None,
                password: str | None, ocr_lang: str | None, follow_links: bool = False) -> Limits:
    """The Limits of the common options; options left out keep the documented defaults."""
    from dataclasses import replace

    from pipeline.ingest import Limits

    limits = Limits()  # noqa: F811  (imported here so `memokg --version` stays fast)
    changes: dict[str, object] = {"follow_links": follow_links}
    if max_memory is not None:
        changes["max_memory"] = size_option(max_memory)
    if timeout is not None:
        changes["timeout"] = timeout or None
    if max_pages is not None:
        changes["max_pages"] = max_pages or None
    if max_bytes is not None:
        changes["max_bytes"] = size_option(max_bytes)
    if password is not None:
        changes["password"] = password
    if ocr_lang is not None:
        changes["ocr_lang"] = ocr_lang
    return replace(limits, **changes)


MaxMemoryOpt = Annotated[str | None, typer.Option(
    "--max-memory", help="Memory cap of each worker process, e.g. 4G or 1500M (0: none) [default: 4G].")]
TimeoutOpt = Annotated[float | None, typer.Option(
    "--timeout", min=0, help="Seconds allowed per file to read it, and again for its NLP (0: none) [default: 120].")]
MaxPagesOpt = Annotated[int | None, typer.Option(
    "--max-pages", min=0, help="Longest PDF read, in pages (0: no limit) [default: 500].")]
MaxBytesOpt = Annotated[str | None, typer.Option(
    "--max-bytes", help="Largest file read, e.g. 200M (0: no limit) [default: 200M, or MEMOKG_MAX_BYTES].")]
PasswordOpt = Annotated[str | None, typer.Option(
    "--password", help="Password tried on encrypted PDFs (after the empty one).")]
OcrLangOpt = Annotated[str | None, typer.Option(
    "--ocr-lang", help="Tesseract language(s) for scanned pages, e.g. eng or eng+fra [default: eng].")]


def fail(message: str, code: int = EXIT_CONFIG) -> typer.Exit:
    """Print a one-line error on stderr and return the Exit to raise."""
    err.print(f"memokg: error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def require_run_dir(run_dir: Path) -> None:
    """A clear error when a run folder does not hold records."""
    if not (run_dir / "records.jsonl").exists() and not (run_dir / "memos").is_dir():
        raise fail(f"{run_dir}: not_a_run_folder: no records.jsonl (run `memokg run INPUT -o {run_dir}` first)")


def csv_list(value: str | None) -> tuple[str, ...]:
    """The items of a comma-separated option value."""
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())
