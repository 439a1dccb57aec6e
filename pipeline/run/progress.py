"""Progress of a batch run on stderr (rich), silent when disabled."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def progress_bar(console: Console, enabled: bool = True) -> Iterator[Callable[[int, int], None] | None]:
    """A callback (done, total) that drives a progress bar on `console`, or None when disabled."""
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("memokg"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=True,
    ) as progress:
        task = progress.add_task("memos", total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update
