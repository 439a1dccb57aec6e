"""Where the domain-knowledge files live and how one folder of them is read.

The folder ships inside the wheel as the package `pipeline.models`, so a plain
`pip install .` finds it through importlib.resources; `--models DIR` points
at a user's own folder, whose files replace the shipped ones of the same name.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.errors import ModelsDataError

DATA_SUFFIXES = frozenset({".json", ".jsonl", ".csv", ".tsv"})


def default_models_dir() -> Path:
    """The models/ folder shipped with the package (or the checkout's models/ when run from source)."""
    try:
        return Path(str(resources.files("pipeline.models")))
    except ModuleNotFoundError:
        # Importing `pipeline` straight from a source checkout: models/ sits beside it.
        return Path(__file__).resolve().parents[2] / "models"


def folder_key(override: Path | str | None) -> str:
    """The one name of a models folder: '' for the shipped one, else the user's folder as an absolute path."""
    if override is None or str(override) == "":
        return ""
    path = Path(override)
    if not path.is_dir():
        raise ModelsDataError("models_not_found", f"models folder does not exist: {path}", str(path))
    return str(path.resolve())


def read_folder(key: str) -> tuple[dict[str, tuple[Path, bytes]], str]:
    """Every data file of the shipped folder overlaid by the user's (name -> path, bytes), and their digest."""
    folders = [default_models_dir()] + ([Path(key)] if key else [])
    files: dict[str, tuple[Path, bytes]] = {}
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix in DATA_SUFFIXES and path.is_file():
                data = path.read_bytes()
                # The digest covers both folders, so records made with other knowledge are recognised as stale.
                digest.update(path.name.encode())
                digest.update(data)
                files[path.name] = (path, data)
    return files, digest.hexdigest()[:16]


def parse_json(name: str, path: Path, data: bytes) -> Any:
    """One JSON data file's content, or a ModelsDataError naming the file and line."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ModelsDataError("models_file_invalid", f"{name} is not UTF-8", str(path)) from exc
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno}: {exc.msg}"
        raise ModelsDataError("models_file_invalid", message, str(path)) from exc


def parse_jsonl(name: str, path: Path, data: bytes) -> list[dict[str, Any]]:
    """One JSON Lines data file's rows (blank lines and lines starting with // skipped)."""
    rows: list[dict[str, Any]] = []
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ModelsDataError("models_file_invalid", f"{name} is not UTF-8", str(path)) from exc
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
