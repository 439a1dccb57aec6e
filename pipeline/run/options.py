"""How a batch run is carried out: the options every engine and output writer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a plain dataclass from extract; importing extract here would load spaCy
    from pipeline.extract import Privacy

from pipeline.ingest import Limits


@dataclass(frozen=True)
class RunOptions:
    """How a batch run is carried out."""

    out_dir: Path
    model: str | None = None
    models: Path | None = None
    jobs: int = 1
    batch_size: int = 16
    force: bool = False
    graph: bool = True
    viz: bool = True
    archive: str = ""  # the inputs, as given (the page title names the memos' folder instead)
    limits: Limits = field(default_factory=Limits)  # memory, time, pages, bytes, password, OCR, links
    engine: str = "local"  # "local" (this process, or -j worker processes) or "dask"
    scheduler: str | None = None  # Dask scheduler address (tcp://HOST:PORT); None: a LocalCluster of -j workers
    prune: bool = False  # drop stored memos whose input files are gone
    privacy: Privacy | None = None  # redact or pseudonymise PERSON names in every output
