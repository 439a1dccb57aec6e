"""The page's title and subtitle: the archive named by its folder, never by a full path.

`memokg run` and `memokg viz` both call `page_titles` with the records' source paths, so the same
run folder gets the same title whichever command wrote the page.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePath

MAX_NAMES = 3


def _folder_names(paths: list[str]) -> list[str]:
    """The archive's folder: the common folder of the files, else each distinct folder's own name."""
    parents = sorted({str(PurePath(path).parent) for path in paths})
    if not parents:
        return []
    try:
        common = PurePath(os.path.commonpath(parents)).name
    except ValueError:  # absolute and relative paths mixed: no common folder
        common = ""
    if common:
        return [common]
    return sorted({PurePath(parent).name for parent in parents} - {"", "."})


def archive_name(paths: Iterable[str], fallback: str = "") -> str:
    """Folder name(s) of the memos (`corpus`, `a, b and 2 more`), else `fallback`; never a full path."""
    names = _folder_names([str(path) for path in paths])
    if not names:
        return PurePath(fallback).name or fallback
    shown = ", ".join(names[:MAX_NAMES])
    extra = len(names) - MAX_NAMES
    return f"{shown} and {extra} more" if extra > 0 else shown


def page_titles(paths: Iterable[str], run_dir: Path, memos: int, failed: int = 0) -> tuple[str, str]:
    """(title, subtitle) of a run's page: the archive's folder name, the run folder's name and the counts."""
    run_name = Path(run_dir).name or Path(run_dir).resolve().name
    title = f"memokg: {archive_name(paths, run_name)}"
    subtitle = f"run folder {run_name}: {memos:,} memo{'' if memos == 1 else 's'}"
    if failed:
        subtitle += f", {failed:,} failed"
    return title, subtitle
