"""What every memokg command shares: the Typer app, exit codes, common options and one-line errors.

Exit codes: 0 all inputs succeeded; 1 some inputs failed (the rest was written);
2 bad usage; 3 nothing could be processed; 4 configuration problem (model,
models folder, missing run folder).
"""

from __future__ import annotations

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
