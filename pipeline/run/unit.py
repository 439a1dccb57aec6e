"""The unit of work a worker holds: the loaded pipeline, turning a batch of paths into one outcome per path.

Process-pool workers and Dask workers both hold one unit, built once per
worker by `make_unit`, and call `process(paths)` per task; outcomes travel
back to the run as plain data (`to_wire`, `from_wire`).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from pathlib import Path

from pipeline.extract import MemoProcessor, Outcome, Privacy
from pipeline.knowledge import Knowledge, adopt
from pipeline.schema import FileError, MemoRecord

Wire = tuple[str, dict, bool]
Ready = Callable[[], None]  # told when the workers are up, so progress can leave its loading stage


def nothing() -> None:
    """A `Ready` that does nothing."""
    return None


def batches(items: list[str], size: int) -> list[list[str]]:
    """Consecutive batches of `size` items."""
    iterator = iter(items)
    return [batch for batch in iter(lambda: list(islice(iterator, max(1, size))), [])]


class LocalUnit:
    """The pipeline loaded in this process: one outcome per path, in order, one bad file costing only itself."""

    def __init__(self, model: str | None, knowledge: Knowledge, batch_size: int, file_timeout: float | None,
                 privacy: Privacy | None = None) -> None:
        self.processor = MemoProcessor(model, adopt(knowledge), batch_size, file_timeout, privacy)

    def process(self, paths: list[str]) -> list[tuple[str, Outcome]]:
        """Outcomes of the paths, in input order."""
        return [(str(path), outcome) for path, outcome in self.processor.process_paths(Path(p) for p in paths)]

    def close(self) -> None:
        """Nothing to release: the pipeline lives as long as the process."""


def make_unit(model: str | None, knowledge: Knowledge, batch_size: int, file_timeout: float | None,
              privacy: Privacy | None = None) -> LocalUnit:
    """The unit a worker holds for the whole run (names redacted or pseudonymised there, when asked)."""
    return LocalUnit(model, knowledge, batch_size, file_timeout, privacy)


def to_wire(outcomes: list[tuple[str, Outcome]]) -> list[Wire]:
    """Outcomes as plain data for the way back to the run."""
    return [(path, outcome.to_dict(), isinstance(outcome, MemoRecord)) for path, outcome in outcomes]


def from_wire(item: Wire) -> tuple[Path, Outcome]:
    """One outcome back from plain data."""
    path, data, ok = item
    return Path(path), MemoRecord.model_validate(data) if ok else FileError.model_validate(data)
