"""The page's title and subtitle: the archive named by its folder, never by a full path.

`memokg run` and `memokg viz` both call `page_titles` with the folders of the records' source files
(`memo_folder`), so the same run folder gets the same title whichever command wrote the page.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePath

MAX_NAMES = 3


def memo_folder(path: str) -> str:
    """The folder a memo file sits in, as its record gives it (what `page_titles` is made of)."""
    return str(PurePath(path).parent)


def _folder_names(folders: list[str]) -> list[str]:
    """The archive's folder: the common folder of the memos, else each distinct folder's own name."""
    if not folders:
        return []
    try:
        common = PurePath(os.path.commonpath(folders)).name
    except ValueError:  # absolute and relative paths mixed: no common folder
        common = ""
    if common:
        return [common]
    return sorted({PurePath(folder).name for folder in folders} - {"", "."})


def archive_name(folders: Iterable[str], fallback: str = "") -> str:
    """Folder name(s) of the memos (`corpus`, `a, b and 2 more`), else `fallback`'s name; never a full path."""
    names = _folder_names(sorted({str(folder) for folder in folders}))
    if not names:
        return PurePath(fallback).name or fallback
    shown = ", ".join(names[:MAX_NAMES])
    extra = len(names) - MAX_NAMES
    return f"{shown} and {extra} more" if extra > 0 else shown


def page_titles(folders: Iterable[str], run_dir: Path, memos: int, failed: int = 0) -> tuple[str, str]:
    """(title, subtitle) of a run's page: the memos' folder name, the run folder's name and the counts."""
    run_name = Path(run_dir).name or Path(run_dir).resolve().name
    title = f"memokg: {archive_name(folders, run_name)}"
    subtitle = f"run folder {run_name}: {memos:,} memo{'' if memos == 1 else 's'}"
    if failed:
        subtitle += f", {failed:,} failed"
    return title, subtitle
