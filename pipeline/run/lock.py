"""One writer per run folder: an exclusive lock held for the whole run (or merge), released even on SIGKILL.

The lock is `flock` on OUT/.memokg.lock: the kernel drops it when the process
ends however it ends, so a killed run never leaves a stale lock behind and the
next run resumes at once. A second run into a locked folder does not wait: it
stops with a one-line error naming the folder and the holder's process id.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import RunError

LOCK_NAME = ".memokg.lock"


@contextmanager
def folder_lock(folder: Path) -> Iterator[Path]:
    """Hold the run folder's lock for the block; RunError('run_folder_locked') when another run holds it."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise RunError("output_not_writable", f"cannot create the run folder's lock: {exc.strerror or exc}",
                       str(folder)) from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise RunError("run_folder_locked", f"another memokg run (pid {holder}) is writing into this folder; "
                           "wait for it to end or choose another -o", str(folder)) from None
        # The holder's pid is only for the message above; the lock itself is the flock.
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        yield folder / LOCK_NAME
    finally:
        os.close(handle)  # closing the descriptor releases the flock
