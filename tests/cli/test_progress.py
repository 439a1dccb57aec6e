"""Progress on stderr: a live display on a terminal (a real pty), failure lines only otherwise or with --quiet."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli.common import EXIT_PARTIAL
from tests.run.memos import write_memos

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def memos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("memos")
    write_memos(folder, range(4))
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_not_a_terminal_gives_failures_and_the_summary_only(memos: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(memos), "-o", str(tmp_path / "out"), "--no-viz"])
    assert result.exit_code == EXIT_PARTIAL
    assert result.stderr.splitlines() == [
        f"memokg: {memos / 'empty.txt'}: empty: file is empty",
        f"memokg: 5 new, 0 changed, 0 unchanged, 0 removed, 1 failed; 4 records (0 kept from earlier runs), "
        f"{_count(tmp_path / 'out', 'entities')} entities, {_count(tmp_path / 'out', 'relations')} relations -> "
        f"{tmp_path / 'out'}",
    ]


def _count(out: Path, key: str) -> int:
    import json

    return json.loads((out / "run.json").read_text(encoding="utf-8"))[key]


def test_quiet_still_prints_failures(memos: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(memos), "-o", str(tmp_path / "out"), "-q", "--no-viz"])
    assert result.exit_code == EXIT_PARTIAL
    assert result.stderr.splitlines() == [f"memokg: {memos / 'empty.txt'}: empty: file is empty"]
    again = CliRunner().invoke(app, ["run", str(memos), "-o", str(tmp_path / "out"), "-q", "--no-viz"])
    assert again.stderr.splitlines() == [f"memokg: {memos / 'empty.txt'}: empty: file is empty"]


@pytest.mark.slow
def test_live_display_on_a_terminal(memos: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    primary, secondary = os.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "40"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(memos), "-o", str(out), "--batch-size", "1"],
                            stdout=subprocess.PIPE, stderr=secondary, cwd=ROOT, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the pty is closed when the child ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    stdout, _ = proc.communicate(timeout=300)
    os.close(primary)
    screen = ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))
    assert proc.returncode == EXIT_PARTIAL and stdout == b""
    for stage in ("loading model", "reading", "extracting", "writing exports"):
        assert f"memokg {stage}" in screen
    assert re.search(r"\d+/4", screen) and "memos/s" in screen and "words/s" in screen and "ETA" in screen
    assert "1 failed" in screen and "empty.txt: empty: file is empty" in screen
    tail = screen.rstrip().splitlines()[-2:]
    assert tail[0].startswith("memokg: 5 new, 0 changed, 0 unchanged, 0 removed, 1 failed")
    assert tail[1] == f"memokg: graph page: {out / 'graph.html'}"
