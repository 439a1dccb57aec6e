"""Expand the command line's inputs (files, folders, globs) into the files to process, accounting for every one.

A file named on the command line is read whatever its suffix (ingest sniffs
content). In a folder (or a glob's matches), files with a memo suffix are
read; every other file gets an ``unsupported_format`` error line, and links or
paths that resolve outside the named folder get ``outside_input`` (they are
read only with ``follow_links``), so nothing is skipped in silence. Hidden
entries and a folder's README are left out on purpose and counted as skipped.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.schema import FileError

MEMO_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".pdf"})
_GLOB_CHARS = frozenset("*?[")


@dataclass
class Inputs:
    """Files to process (sorted, each once), an error per input that cannot be read, and the skipped count."""

    paths: list[Path] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    skipped: int = 0


class _Walk:
    def __init__(self, follow_links: bool) -> None:
        self.follow_links = follow_links
        self.found: dict[str, Path] = {}
        self.errors: dict[str, FileError] = {}
        self.skipped = 0
        self.walked: set[Path] = set()  # folders already walked (resolved): a followed link never walks one twice

    def error(self, path: Path | str, reason: str, message: str) -> None:
        self.errors.setdefault(str(path), FileError(path=str(path), reason=reason, message=message, stage="input"))

    def add(self, path: Path) -> None:
        key = str(path.resolve())
        seen = self.found.get(key)
        if seen is None or (seen.is_symlink() and not path.is_symlink()):
            self.found[key] = path  # a file and a link to it inside the folder: the file's own name is kept

    def member(self, path: Path, root: Path) -> None:
        """A file met below `root`: a memo, an unsupported file, a link outside, or a skipped entry."""
        if path.stem.upper() == "README":
            self.skipped += 1  # a folder's README describes the folder (name it to process it)
        elif path.suffix.lower() not in MEMO_SUFFIXES:
            self.error(path, "unsupported_format", f"{path.suffix or 'no suffix'}: not a text, Markdown or PDF "
                       "memo (name the file itself to have its content checked)")
        else:
            self.add(path)

    def folder(self, folder: Path, root: Path | None = None) -> None:
        """Walk a folder; links are judged against the named root folder."""
        root = (root or folder).resolve()
        for current, dirs, files in os.walk(folder, followlinks=False):
            base = Path(current)
            self.walked.add(base.resolve())
            dirs.sort()
            kept_dirs = []
            for name in dirs:
                if name.startswith("."):
                    self.skipped += 1
                elif (base / name).is_symlink():
                    self.linked(base / name, root)
                else:
                    kept_dirs.append(name)
            dirs[:] = kept_dirs
            for name in sorted(files):
                path = base / name
                if name.startswith("."):
                    self.skipped += 1
                elif not path.exists():
                    self.error(path, "not_found", "a link to nothing, or a loop of links (broken link)")
                elif not self.inside(path, root):
                    self.outside(path)
                elif path.is_file():
                    self.member(path, root)
                else:
                    self.error(path, "not_a_file", "not a regular file (a device, socket or pipe)")

    def linked(self, path: Path, root: Path) -> None:
        """A link to a folder: walked when it stays inside the root (or links are followed)."""
        if not self.inside(path, root):
            self.outside(path)
        elif self.follow_links:
            if path.resolve() in self.walked:
                self.skipped += 1  # a link back to a folder of the walk (a cycle) or to one already read
            else:
                self.folder(path, root)

    def inside(self, path: Path, root: Path) -> bool:
        return self.follow_links or path.resolve().is_relative_to(root)

    def outside(self, path: Path) -> None:
        self.error(path, "outside_input", f"resolves to {path.resolve()}, outside the input folder: not read "
                   "(--follow-links to read it)")


def _glob_root(pattern: str) -> Path:
    """The folder a glob pattern cannot leave: its leading part without wildcards."""
    parts = Path(pattern).parts
    fixed = [part for part in parts[: next((i for i, p in enumerate(parts) if set(p) & _GLOB_CHARS), len(parts))]]
    return Path(*fixed) if fixed else Path(".")


def expand_inputs(inputs: Sequence[str | Path], follow_links: bool = False) -> Inputs:
    """Files to process (sorted, each once), an error per input or member that is not read, the skipped count."""
    walk = _Walk(follow_links)
    for raw in inputs:
        text = str(raw)
        if any(ch in text for ch in _GLOB_CHARS) and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                walk.error(text, "not_found", "the pattern matches no file")
            root = _glob_root(text).resolve()
            for match in map(Path, matches):
                if not match.exists():
                    walk.error(match, "not_found", "a link to nothing, or a loop of links (broken link)")
                elif not walk.inside(match, root):
                    walk.outside(match)
                elif match.is_dir():
                    walk.folder(match, root)
                else:
                    walk.member(match, root)
            continue
        path = Path(text)
        if path.is_dir():
            walk.folder(path)
        elif path.exists():
            walk.add(path)
        else:
            walk.error(text, "not_found", "no such file or folder")
    # A file named on the command line is read even when a folder walk listed it as unsupported.
    read = {str(path) for path in walk.found.values()} | set(walk.found)
    errors = [e for key, e in walk.errors.items() if key not in read and _resolved(key) not in read]
    return Inputs([walk.found[key] for key in sorted(walk.found)], sorted(errors, key=lambda e: e.path), walk.skipped)


def _resolved(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):  # a link loop
        return path


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
