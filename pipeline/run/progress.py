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
    Progress,
    ProgressColumn,
    Task,
    TaskID,
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

    def finish(self) -> None:
        """Nothing to show."""

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


class _Count(ProgressColumn):
    """done/total for stages that count files; nothing for the others (loading the model, writing a file)."""

    def render(self, task: Task) -> Text:
        if not task.fields.get("counted"):
            return Text("")
        total = "?" if task.total is None else f"{int(task.total):,}"
        return Text(f"{int(task.completed):,}/{total}", style="progress.download")


class LiveProgress(FailurePrinter):
    """rich progress lines on stderr, one per stage (finished ones stay); failures printed above as they happen."""

    def __init__(self, console: Console, progress: Progress) -> None:
        super().__init__(console)
        self.progress = progress
        self.task: TaskID | None = None
        self.words = 0

    def stage(self, name: str, total: int | None = None) -> None:
        """Freeze the current stage's line and start one for the new stage."""
        if self.task is not None:
            if not self.progress.tasks[-1].fields.get("counted"):
                self.progress.update(self.task, total=1, completed=1)  # a full bar: the step is done
            self.progress.stop_task(self.task)
        self.words = 0
        self.task = self.progress.add_task(name, total=total, words=0, failed=self._failed(),
                                           counted=total is not None)

    def advance(self, done: int = 1, words: int = 0) -> None:
        """Move the bar and the rates."""
        if self.task is not None:
            self.words += words
            self.progress.update(self.task, advance=done, words=self.words)

    def finish(self) -> None:
        """The last stage is done."""
        self.stage("done")
        if self.task is not None:
            self.progress.remove_task(self.task)
            self.task = None

    def failure(self, error: FileError) -> None:
        """The failure's line above the bars, and the count on the current one."""
        self.failed += 1
        self.progress.console.print(failure_line(error), markup=False, highlight=False, soft_wrap=True)
        if self.task is not None:
            self.progress.update(self.task, failed=self._failed())

    def _failed(self) -> str:
        return f"{self.failed} failed" if self.failed else ""


@contextmanager
def progress_display(console: Console, live: bool = True) -> Iterator[FailurePrinter]:
    """The live display when `live` and the console is a terminal, else a printer of failures only."""
    if not live or not console.is_terminal:
        yield FailurePrinter(console)
        return
    columns = (
        TextColumn("memokg [bold]{task.description}[/]"), BarColumn(), _Count(), _Rate(),
        TextColumn("ETA"), TimeRemainingColumn(), TextColumn("[red]{task.fields[failed]}"), TimeElapsedColumn(),
    )
    # Not transient: the last state of the line stays on screen above the summary.
    with Progress(*columns, console=console, transient=False, refresh_per_second=4) as progress:
        live = LiveProgress(console, progress)
        yield live
        live.finish()
