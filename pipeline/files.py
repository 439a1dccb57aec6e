"""File writing shared by the exporters: atomic replace and the export error type."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import ExportError


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Run `write(tmp)` then rename tmp over `path`, so a crash never leaves half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError("export_failed", f"cannot write {path.name}: {exc.strerror or exc}", str(path)) from exc
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Write UTF-8 text with '\\n' line ends, atomically."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
