"""What a run reports while it works: stages, files done, words, failures; shown with rich on stderr.

A run calls a `RunProgress`: `stage(name, total)` when it starts loading the
model, reading inputs, extracting or writing exports; `advance(n, words)` per
file done; `failure(error)` per failed input. `progress_display` gives the
live display (stage, done/total, memos/s, words/s, ETA, failures so far), or,
when the display is off, one that still prints every failure as one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from pipeline.schema import FileError

LOADING, READING, EXTRACTING, EXPORTING = "loading model", "reading", "extracting", "writing exports"


class RunProgress(Protocol):
    """Receives a run's progress."""

    def stage(self, name: str, total: int | None = None) -> None:
        """A new stage begins (`total` items, when known)."""

    def advance(self, done: int = 1, words: int = 0) -> None:
        """`done` more items of the current stage, holding `words` words."""

    def failure(self, error: FileError) -> None:
        """One input failed."""


class SilentProgress:
    """Reports nothing."""

    def stage(self, name: str, total: int | None = None) -> None:
        """Nothing to show."""

    def advance(self, done: int = 1, words: int = 0) -> None:
        """Nothing to show."""

    def failure(self, error: FileError) -> None:
        """Nothing to show."""


def failure_line(error: FileError) -> str:
    """The one line a failed input gets on stderr."""
    return f"memokg: {error.path}: {error.reason}: {' '.join(error.message.split())}"


class FailurePrinter(SilentProgress):
    """Prints each failure as one line, nothing else (--quiet, or stderr is not a terminal)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.failed = 0

    def failure(self, error: FileError) -> None:
        """One line on the console."""
        self.failed += 1
        self.console.print(failure_line(error), markup=False, highlight=False, soft_wrap=True)


class _Rate(ProgressColumn):
    """memos/s and words/s of the current stage."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        if not elapsed or task.description != EXTRACTING:
            return Text("")
        words = task.fields.get("words", 0)
        return Text(f"{task.completed / elapsed:.1f} memos/s {words / elapsed:,.0f} words/s")


class LiveProgress(FailurePrinter):
    """A rich progress line on stderr; failures are printed above it as they happen."""

    def __init__(self, console: Console, progress: Progress) -> None:
        super().__init__(console)
        self.progress = progress
        self.task = progress.add_task(LOADING, total=None, words=0, failed="")

    def stage(self, name: str, total: int | None = None) -> None:
        """Restart the line for a new stage."""
        self.progress.reset(self.task, description=name, total=total, completed=0, words=0)
        self._failed_field()

    def advance(self, done: int = 1, words: int = 0) -> None:
        """Move the bar and the rates."""
        fields = self.progress.tasks[0].fields
        self.progress.update(self.task, advance=done, words=fields.get("words", 0) + words)

    def failure(self, error: FileError) -> None:
        """The failure's line above the bar, and the count on it."""
        self.failed += 1
        self.progress.console.print(failure_line(error), markup=False, highlight=False, soft_wrap=True)
        self._failed_field()

    def _failed_field(self) -> None:
        self.progress.update(self.task, failed=f"{self.failed} failed" if self.failed else "")


@contextmanager
def progress_display(console: Console, live: bool = True) -> Iterator[FailurePrinter]:
    """The live display when `live` and the console is a terminal, else a printer of failures only."""
    if not live or not console.is_terminal:
        yield FailurePrinter(console)
        return
    columns = (
        TextColumn("memokg [bold]{task.description}[/]"), BarColumn(), MofNCompleteColumn(), _Rate(),
        TextColumn("ETA"), TimeRemainingColumn(), TextColumn("[red]{task.fields[failed]}"), TimeElapsedColumn(),
    )
    # Not transient: the last state of the line stays on screen above the summary.
    with Progress(*columns, console=console, transient=False, refresh_per_second=4) as progress:
        yield LiveProgress(console, progress)
