"""The one way memokg writes an output file: to a temporary name beside it, then renamed over it.

A crash or a full disk never leaves half a file behind, and a reader never
sees one. Every output (records, memo files, exports, tables, the page,
run.json) goes through `write_atomic`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import ExportError, MemokgError


def write_atomic(path: Path, write: Callable[[Path], None], error: type[MemokgError] = ExportError) -> Path:
    """Run `write(tmp)` then rename tmp over `path`; an OS failure becomes `error('output_not_writable')`."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # the folder itself is not writable: there is no temporary file to remove
        raise error("output_not_writable", f"cannot write {path.name}: {exc.strerror or exc}", str(path)) from exc
    return path


@contextmanager
def atomic_path(path: Path, error: type[MemokgError] = ExportError) -> Iterator[Path]:
    """The temporary path to write in the block; renamed over `path` when the block ends without an exception."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise error("output_not_writable", f"cannot write {path.name}: {exc.strerror or exc}", str(path)) from exc
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # the folder itself is not writable: there is no temporary file to remove


def write_text_atomic(path: Path, text: str, error: type[MemokgError] = ExportError) -> Path:
    """Write UTF-8 text with '\\n' line ends, atomically."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"), error)


def write_lines_atomic(path: Path, lines: Iterable[str], error: type[MemokgError] = ExportError) -> Path:
    """Write one line per item (a JSON Lines file), streaming, atomically."""

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="\n") as handle:
            for line in lines:
                handle.write(line)
                handle.write("\n")

    return write_atomic(path, write, error)
