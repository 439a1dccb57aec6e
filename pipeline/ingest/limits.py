"""Per-file time limit, so one hostile file (a PDF that makes the parser spin) cannot stall a batch."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from pipeline.errors import IngestError


@contextmanager
def time_limit(seconds: float | None, path: str) -> Iterator[None]:
    """Raise IngestError('timeout') when the block runs longer than `seconds` (main thread on POSIX only)."""
    usable = seconds and seconds > 0 and hasattr(signal, "SIGALRM")
    if not usable or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise IngestError("timeout", f"reading the file took longer than {seconds:g} s", path)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
