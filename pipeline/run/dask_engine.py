"""The Dask engine: batches of files read and extracted on Dask workers, the store and every write kept here.

`--engine dask --scheduler tcp://HOST:PORT` joins a running cluster
(`dask scheduler`, `dask worker`); `--engine dask -j N` alone starts a
`distributed.LocalCluster` of N worker processes on loopback (its HTTP
endpoints on a free loopback port, so a second run never clashes on 8787).
A `WorkerPlugin` gives each worker one unit of work (the pipeline, loaded
once per worker); each task is one batch of paths. At most two batches
per worker are in flight, so the client's memory does not grow with the
archive. A worker that dies takes its in-flight batches with it: their files
are retried once, one task per file, and a file whose retry dies as well is
reported as `worker_lost`. Input paths must be readable under the same path
on every worker (a shared folder).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import dask
from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed, get_worker

from pipeline.errors import RunError
from pipeline.ingest import Limits
from pipeline.knowledge import Knowledge
from pipeline.run.options import RunOptions
from pipeline.run.sandbox import Outcome
from pipeline.run.unit import Ready, Wire, batches, from_wire, make_unit, nothing, to_wire
from pipeline.schema import FileError

if TYPE_CHECKING:  # a plain dataclass from extract; importing extract here would load spaCy
    from pipeline.extract import Privacy

PLUGIN = "memokg-unit"
CONNECT_TIMEOUT = "30s"
LOCAL_CONFIG = {
    # A dead worker's tasks come back to this engine at once, which retries them once itself.
    "distributed.scheduler.allowed-failures": 0,
    # Nobody reads the statistical profiler of these workers.
    "distributed.worker.profile.enabled": False,
}


class UnitPlugin(WorkerPlugin):
    """Builds one unit of work per worker (the pipeline, loaded once) and closes it with the worker."""

    name = PLUGIN

    def __init__(self, model: str | None, knowledge: Knowledge, batch_size: int, limits: Limits,
                 privacy: Privacy | None = None) -> None:
        # with --pseudonymise the key travels to the workers (in memory, over the cluster's connection)
        self.args = (model, knowledge, batch_size, limits, privacy)
        self.unit = None

    def setup(self, worker: object) -> None:
        """Load the pipeline in this worker."""
        # A worker started with --nthreads > 1 runs tasks side by side: they take turns on the one pipeline.
        self.lock = threading.Lock()
        self.unit = make_unit(*self.args)

    def teardown(self, worker: object) -> None:
        """Release the unit."""
        if self.unit is not None:
            self.unit.close()


def process_batch(paths: list[str]) -> list[Wire]:
    """The task: one batch through the worker's unit; outcomes travel back as plain data."""
    plugin = get_worker().plugins[PLUGIN]
    with plugin.lock:
        return to_wire(plugin.unit.process(paths))


def task_key(run_token: str, first_path: str, attempt: int) -> str:
    """The task's key: which run, which batch (by its first path), which attempt."""
    digest = hashlib.sha1(first_path.encode(), usedforsecurity=False).hexdigest()[:12]
    return f"memokg-batch-{run_token}-{digest}-{attempt}"


def lost_error(path: str, exc: BaseException) -> FileError:
    """The failure of a file whose worker died twice while holding it."""
    return FileError(path=path, reason="worker_lost", stage="run",
                     message=f"the Dask worker processing it died, and again on the retry ({type(exc).__name__})")


class DaskEngine:
    """Sends batches of paths to Dask workers, a bounded window at a time."""

    def __init__(self, options: RunOptions, knowledge: Knowledge) -> None:
        self.options = options
        self.knowledge = knowledge

    def _client(self, stack: ExitStack) -> Client:
        options = self.options
        if options.scheduler:
            try:
                client = stack.enter_context(Client(options.scheduler, timeout=CONNECT_TIMEOUT,
                                                    set_as_default=False))
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise RunError("scheduler_unreachable", f"cannot use the Dask scheduler: {exc}",
                               options.scheduler) from exc
            return client
        stack.enter_context(dask.config.set(LOCAL_CONFIG))
        cluster = stack.enter_context(LocalCluster(
            n_workers=max(1, options.jobs), threads_per_worker=1, processes=True, host="127.0.0.1",
            scheduler_port=0, dashboard_address="127.0.0.1:0", worker_dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ))
        return stack.enter_context(Client(cluster, set_as_default=False))

    def outcomes(self, paths: list[Path], ready: Ready = nothing) -> Iterator[tuple[Path, Outcome]]:
        """Outcomes as batches finish (any order); every path exactly once."""
        options = self.options
        with ExitStack() as stack:
            client = self._client(stack)
            client.register_plugin(UnitPlugin(options.model, self.knowledge, options.batch_size,
                                              options.limits, options.privacy), name=PLUGIN)
            ready()
            token = uuid.uuid4().hex[:8]
            window = 2 * max(1, len(client.scheduler_info()["workers"]))
            fresh = list(reversed(batches([str(p) for p in paths], options.batch_size)))
            retries: list[str] = []
            in_flight: dict[Future, tuple[list[str], int]] = {}

            def refill() -> list[Future]:
                # One retry at a time, ahead of the others: a worker dying again then blames that file alone.
                submitted = []
                if retries and not any(attempt for _, attempt in in_flight.values()):
                    path = retries.pop()
                    future = client.submit(process_batch, [path], key=task_key(token, path, 1), pure=False,
                                           priority=10)
                    in_flight[future] = ([path], 1)
                    submitted.append(future)
                while fresh and len(in_flight) < window:
                    batch = fresh.pop()
                    future = client.submit(process_batch, batch, key=task_key(token, batch[0], 0), pure=False)
                    in_flight[future] = (batch, 0)
                    submitted.append(future)
                return submitted

            finished = as_completed(refill(), loop=client.loop)
            for future in finished:
                batch, attempt = in_flight.pop(future)
                try:
                    results = future.result()
                except Exception as exc:  # noqa: BLE001  a lost worker (or a failing task) costs its batch only
                    if attempt == 0:
                        retries.extend(reversed(batch))
                        results = []
                    else:
                        results = to_wire([(path, lost_error(path, exc)) for path in batch])
                future.release()
                for item in results:
                    yield from_wire(item)
                for new in refill():
                    finished.add(new)
