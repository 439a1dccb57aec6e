"""Locate and read the domain-knowledge data files (the `models/` folder).

The folder ships inside the wheel as the package `pipeline.models`, so a plain
`pip install .` finds it through importlib.resources; `--models DIR` points
at a user's own copy instead.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.errors import ModelsDataError


def default_models_dir() -> Path:
    """The models/ folder shipped with the package (or the checkout's models/ when run from source)."""
    try:
        return Path(str(resources.files("pipeline.models")))
    except ModuleNotFoundError:
        # Importing `pipeline` straight from a source checkout: models/ sits beside it.
        return Path(__file__).resolve().parents[2] / "models"


def models_dir(override: Path | str | None = None) -> Path:
    """The models folder to use: the user's override when given, else the shipped one."""
    if override is None:
        return default_models_dir()
    path = Path(override)
    if not path.is_dir():
        raise ModelsDataError("models_not_found", f"models folder does not exist: {path}", str(path))
    return path


def data_path(name: str, override: Path | str | None = None) -> Path:
    """Path of one data file; a user folder may hold only some files, the rest come from the package."""
    if override is not None:
        candidate = models_dir(override) / name
        if candidate.exists():
            return candidate
    return default_models_dir() / name


def load_json(name: str, override: Path | str | None = None) -> Any:
    """Read a JSON data file from models/."""
    path = data_path(name, override)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelsDataError("models_file_missing", f"missing data file {name}", str(path)) from exc
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno}: {exc.msg}"
        raise ModelsDataError("models_file_invalid", message, str(path)) from exc


def load_jsonl(name: str, override: Path | str | None = None) -> list[dict[str, Any]]:
    """Read a JSON Lines data file from models/ (blank lines and lines starting with // skipped)."""
    path = data_path(name, override)
    rows: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise ModelsDataError("models_file_missing", f"missing data file {name}", str(path)) from exc
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            message = f"invalid JSON on line {number}: {exc.msg}"
            raise ModelsDataError("models_file_invalid", message, str(path)) from exc
    return rows


def models_digest(override: Path | str | None = None) -> str:
    """Short hash over every data file, so records made with other knowledge are recognised as stale."""
    digest = hashlib.sha256()
    folders = [default_models_dir()] + ([models_dir(override)] if override is not None else [])
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix in {".json", ".jsonl", ".csv", ".tsv"}:
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
