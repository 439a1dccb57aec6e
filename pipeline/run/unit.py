"""The unit of work a worker holds: a sandbox, turning a batch of paths into one outcome per path.

Local pool threads and Dask workers both hold one unit, built once per worker
by `make_unit`, and call `process(paths)` per task. The unit is a `Sandbox`:
its own worker process holds the loaded pipeline under the run's memory cap,
and the unit keeps the wall clock, so a hostile file costs only itself.
Outcomes travel back to the run as plain data (`to_wire`, `from_wire`).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.ingest import Limits
from pipeline.knowledge import Knowledge
from pipeline.run.sandbox import Outcome, Sandbox
from pipeline.schema import FileError, MemoRecord

if TYPE_CHECKING:  # a plain dataclass from extract; importing extract here would load spaCy
    from pipeline.extract import Privacy

Wire = tuple[str, dict, bool]
Ready = Callable[[], None]  # told when the workers are up, so progress can leave its loading stage


def nothing() -> None:
    """A `Ready` that does nothing."""
    return None


def batches(items: list[str], size: int) -> list[list[str]]:
    """Consecutive batches of `size` items."""
    iterator = iter(items)
    return [batch for batch in iter(lambda: list(islice(iterator, max(1, size))), [])]


class SandboxUnit:
    """A sandbox of the pipeline: one outcome per path, in order, one bad file costing only itself."""

    def __init__(self, model: str | None, knowledge: Knowledge, batch_size: int, limits: Limits,
                 privacy: Privacy | None = None) -> None:
        self.sandbox = Sandbox(model, knowledge, limits, batch_size, privacy)

    def start(self) -> None:
        """Start the worker process and load its pipeline now (otherwise the first batch does)."""
        self.sandbox.start()

    def process(self, paths: list[str]) -> list[tuple[str, Outcome]]:
        """Outcomes of the paths, in input order."""
        return [(str(path), outcome) for path, outcome in self.sandbox.process([Path(p) for p in paths])]

    def close(self) -> None:
        """Stop the worker process."""
        self.sandbox.close()


def make_unit(model: str | None, knowledge: Knowledge, batch_size: int, limits: Limits,
              privacy: Privacy | None = None) -> SandboxUnit:
    """The unit a worker holds for the whole run (names redacted or pseudonymised there, when asked)."""
    return SandboxUnit(model, knowledge, batch_size, limits, privacy)


def to_wire(outcomes: list[tuple[str, Outcome]]) -> list[Wire]:
    """Outcomes as plain data for the way back to the run."""
    return [(path, outcome.to_dict(), isinstance(outcome, MemoRecord)) for path, outcome in outcomes]


def from_wire(item: Wire) -> tuple[Path, Outcome]:
    """One outcome back from plain data."""
    path, data, ok = item
    return Path(path), MemoRecord.model_validate(data) if ok else FileError.model_validate(data)
