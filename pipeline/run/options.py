"""How a batch run is carried out: the options every engine and output writer reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.extract import DEFAULT_FILE_TIMEOUT, Privacy


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
    archive: str = ""  # what the page title names; default: the memos' folder name
    file_timeout: float | None = DEFAULT_FILE_TIMEOUT
    privacy: Privacy | None = None  # redact or pseudonymise PERSON names in every output
