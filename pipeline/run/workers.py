"""Worker processes for sandboxes: started as fresh interpreters, and kept warm for a while between uses.

A worker is ``python -c "from pipeline.extract.worker import main; main()" FD``
talking over one end of a socket pair (`subprocess`, not `multiprocessing`: a
daemon process such as a Dask worker may start one, and scripts need no
``__main__`` guard). Loading spaCy and the model takes seconds, so a sandbox
that closes hands its worker back (`park`) and the next sandbox of the same
model, knowledge and limits in this process takes it (`take`); a parked worker
is ended after `IDLE_SECONDS`, and every parked worker when the process exits.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

# Set to 1 to see a worker's own stderr (tracebacks of crashes); by default it is silent.
DEBUG_ENV = "MEMOKG_WORKER_STDERR"
IDLE_SECONDS = 60.0
_ENTRY = "from pipeline.extract.worker import main; main()"


@dataclass
class Worker:
    """One worker process and the parent's end of its socket."""

    process: subprocess.Popen
    conn: Connection
    parked_at: float = field(default=0.0)

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL (no handler in the worker can delay it), then reap the process and close the socket."""
        if self.alive():
            self.process.kill()
        self.process.wait()
        self.conn.close()

    def stop(self) -> None:
        """Ask the worker to exit, then make sure it has."""
        try:
            self.conn.send(None)
            self.process.wait(5)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass
        self.kill()


def launch() -> Worker:
    """A fresh worker process (its pipeline is loaded by the first message it receives)."""
    ours, theirs = socket.socketpair()
    quiet = os.environ.get(DEBUG_ENV) != "1"
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", _ENTRY, str(theirs.fileno())], pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if quiet else None,
        )
    finally:
        theirs.close()
    return Worker(process, Connection(ours.detach()))


_IDLE: dict[Hashable, list[Worker]] = {}
_LOCK = threading.Lock()


def take(key: Hashable) -> Worker | None:
    """A parked worker loaded for `key`, if one is alive."""
    with _LOCK:
        parked = _IDLE.get(key, [])
        while parked:
            worker = parked.pop()
            if worker.alive() and not worker.conn.poll():
                return worker
            worker.kill()
    return None


def park(key: Hashable, worker: Worker) -> None:
    """Keep an idle worker for the next sandbox of the same key, for at most IDLE_SECONDS."""
    if not worker.alive():
        worker.kill()
        return
    worker.parked_at = time.monotonic()
    with _LOCK:
        _IDLE.setdefault(key, []).append(worker)
    timer = threading.Timer(IDLE_SECONDS, _expire, args=(key, worker))
    timer.daemon = True
    timer.start()


def _expire(key: Hashable, worker: Worker) -> None:
    with _LOCK:
        parked = _IDLE.get(key, [])
        if worker not in parked:
            return  # taken again in the meantime
        parked.remove(worker)
    worker.stop()


@atexit.register
def drain() -> None:
    """End every parked worker."""
    with _LOCK:
        parked = [worker for workers in _IDLE.values() for worker in workers]
        _IDLE.clear()
    for worker in parked:
        worker.stop()


def exit_text(exitcode: int | None) -> str:
    """'signal SIGSEGV', 'exit code 1' or 'no exit status'."""
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        try:
            return f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"
