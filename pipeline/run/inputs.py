"""Expand the command line's inputs (files, folders, globs) into the list of files to process."""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Sequence
from pathlib import Path

from pipeline.schema import FileError

# Folders are walked for these (README files excepted); a file named explicitly is read whatever its suffix
# (ingest sniffs content).
MEMO_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".pdf"})
_GLOB_CHARS = frozenset("*?[")


def expand_inputs(inputs: Sequence[str | Path]) -> tuple[list[Path], list[FileError]]:
    """Files to process (sorted, each once) and an error for every input that names nothing."""
    found: dict[str, Path] = {}
    missing: list[FileError] = []
    for raw in inputs:
        text = str(raw)
        if any(ch in text for ch in _GLOB_CHARS) and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                missing.append(FileError(path=text, reason="not_found", message="the pattern matches no file",
                                         stage="input"))
            for match in map(Path, matches):
                for file in _walk(match) if match.is_dir() else [match]:
                    _add(file, found, explicit=False)
            continue
        path = Path(text)
        if path.is_dir():
            for file in _walk(path):
                _add(file, found, explicit=False)
        elif path.exists():
            _add(path, found, explicit=True)
        else:
            missing.append(FileError(path=text, reason="not_found", message="no such file or folder", stage="input"))
    return [found[key] for key in sorted(found)], missing


def _walk(folder: Path) -> list[Path]:
    """Files below a folder, sorted, leaving out hidden files and folders (judged below the folder only)."""
    return [
        child for child in sorted(folder.rglob("*"))
        if child.is_file() and not any(part.startswith(".") for part in child.relative_to(folder).parts)
    ]


def _add(path: Path, found: dict[str, Path], explicit: bool) -> None:
    # A folder's README describes the folder; it is not a memo (name it explicitly to process it).
    readme = path.stem.upper() == "README"
    if not explicit and (readme or path.suffix.lower() not in MEMO_SUFFIXES):
        return
    found.setdefault(str(path.resolve()), path)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
