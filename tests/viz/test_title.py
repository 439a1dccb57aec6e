"""The page title names the archive by its folder name, the same way for `memokg run` and `memokg viz`."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.run import RunOptions, run
from pipeline.viz import archive_name, memo_folder, page_titles

MEMO = """Reference: Memo [990301-{n}] Date: 01/03/2021

Key Points

- Norvale Systems supplied facial recognition cameras to Kenya in 2020.
"""


def names(*paths: str, fallback: str = "") -> str:
    return archive_name({memo_folder(p) for p in paths}, fallback)


def test_archive_name_is_a_folder_name_never_a_path(tmp_path: Path) -> None:
    absolute = tmp_path / "archive" / "memos"
    assert names(str(absolute / "a.txt"), str(absolute / "b.txt")) == "memos"
    assert names("corpus/a.txt", "corpus/sub/b.txt") == "corpus"
    assert names("x/one/a.txt", "x/two/b.txt") == "x"
    assert names("/data/one/a.txt", "rel/two/b.txt") == "one, two"
    assert names(*[f"/d{i}/f/a.txt" for i in range(5)]) == "f"
    assert names(*[f"rel{i}/a.txt" for i in range(5)], "/abs/x/b.txt") == "rel0, rel1, rel2 and 3 more"
    assert names("a.txt", fallback=str(tmp_path / "run")) == "run"
    assert archive_name([], fallback="out") == "out"


def test_page_titles_counts_and_run_folder(tmp_path: Path) -> None:
    title, subtitle = page_titles([memo_folder(str(tmp_path / "corpus" / "m.txt"))], tmp_path / "out", 1, 2)
    assert title == "memokg: corpus"
    assert subtitle == "run folder out: 1 memo, 2 failed"
    assert str(tmp_path) not in title + subtitle


def _title(page: Path) -> str:
    match = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    assert match
    return match.group(1)


def test_run_and_viz_write_the_same_title_without_an_absolute_path(tmp_path: Path) -> None:
    folder = tmp_path / "field-notes"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"memo{n}.txt").write_text(MEMO.format(n=n), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    summary = run([folder.resolve()], RunOptions(out_dir=out))
    assert summary.records == 2 and summary.failed == 1
    from_run = _title(out / "graph.html")
    assert from_run == "memokg: field-notes — run folder out: 2 memos, 1 failed"
    (out / "graph.html").unlink()
    result = CliRunner().invoke(app, ["viz", str(out)])
    assert result.exit_code == 0, result.output
    assert _title(out / "graph.html") == from_run
    assert str(tmp_path) not in from_run
