"""One run at a time per run folder: a second run stops with one line; a killed holder leaves no stale lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli.common import EXIT_CONFIG
from pipeline.errors import RunError
from pipeline.run import RunOptions, run
from tests.run.memos import write_memos

ROOT = Path(__file__).resolve().parents[2]
HOLD = "import sys, time; from pathlib import Path; from pipeline.run import folder_lock\n" \
       "with folder_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(120)\n"


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen]:
    """Another process holding the lock of tmp_path/out."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "out")], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    yield proc
    proc.kill()
    proc.wait()


def test_second_run_into_a_locked_folder_stops_with_one_line(tmp_path: Path, holder: subprocess.Popen) -> None:
    write_memos(tmp_path / "in", range(2))
    with pytest.raises(RunError) as caught:
        run([tmp_path / "in"], RunOptions(out_dir=tmp_path / "out", graph=False, viz=False))
    assert caught.value.reason == "run_folder_locked"
    assert str(holder.pid) in caught.value.message
    result = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_CONFIG
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "run_folder_locked" in lines[0] and str(tmp_path / "out") in lines[0]
    # Nothing was written by the refused run.
    assert not (tmp_path / "out" / "records.jsonl").exists()


def test_lock_of_a_killed_run_is_gone(tmp_path: Path, holder: subprocess.Popen) -> None:
    write_memos(tmp_path / "in", range(2))
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    summary = run([tmp_path / "in"], RunOptions(out_dir=tmp_path / "out", graph=False, viz=False))
    assert summary.records == 2
