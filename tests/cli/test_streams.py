"""JSON Lines on stdout: `memokg run -o -` and `--jsonl -`, `memokg extract` over many paths or a list on stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli.common import EXIT_NOTHING, EXIT_PARTIAL
from tests.run.memos import write_memos

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(scope="module")
def memos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("memos")
    write_memos(folder, range(5))
    (folder / "memo02b.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return folder


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_run_to_stdout_gives_records_in_input_order_and_nothing_else(memos: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(memos), "-o", "-", "-j", "2", "--batch-size", "1"])
    assert result.exit_code == EXIT_PARTIAL, result.output
    records = lines(result.stdout)
    assert [Path(r["source"]["path"]).name for r in records] == [f"memo{n:02d}.txt" for n in range(5)]
    assert [r["id"] for r in records] == [f"2205{n:02d}-1" for n in range(5)]
    assert "memo02b.txt: unsupported_format" in result.stderr
    assert "5 records streamed" in result.stderr
    assert not Path("-").exists() and not (tmp_path / "-").exists()


def test_run_into_a_folder_and_jsonl_to_stdout(memos: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = runner.invoke(app, ["run", str(memos), "-o", str(out), "--jsonl", "-", "--no-viz", "--no-graph"])
    assert first.exit_code == EXIT_PARTIAL, first.output
    streamed = first.stdout.splitlines()
    assert len(streamed) == 5
    assert sorted(streamed) == sorted((out / "records.jsonl").read_text(encoding="utf-8").splitlines())
    # A re-run streams the unchanged records from the store, the same lines.
    again = runner.invoke(app, ["run", str(memos), "-o", str(out), "--jsonl", str(tmp_path / "again.jsonl"), "-q",
                                "--no-viz", "--no-graph"])
    assert again.exit_code == EXIT_PARTIAL and again.stdout == ""
    assert (tmp_path / "again.jsonl").read_text(encoding="utf-8").splitlines() == streamed


def test_extract_many_paths_is_json_lines(memos: Path) -> None:
    paths = [str(memos / "memo03.txt"), str(memos / "memo02b.txt"), str(memos / "memo01.txt")]
    result = runner.invoke(app, ["extract", *paths])
    assert result.exit_code == EXIT_PARTIAL
    assert [r["id"] for r in lines(result.stdout)] == ["220503-1", "220501-1"]
    assert result.stderr.count("\n") == 1 and "unsupported_format" in result.stderr


def test_extract_reads_a_list_of_paths_or_a_text_on_stdin(memos: Path) -> None:
    listing = "\n".join(str(memos / f"memo{n:02d}.txt") for n in (4, 0)) + "\n"
    result = runner.invoke(app, ["extract", "-"], input=listing)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in lines(result.stdout)] == ["220504-1", "220500-1"]
    text = runner.invoke(app, ["extract", "-"], input=(memos / "memo02.txt").read_text())
    assert text.exit_code == 0
    record = json.loads(text.stdout)
    assert record["id"] == "220502-1" and record["source"]["name"] == "<stdin>"


def test_extract_of_only_bad_files_exits_3(memos: Path) -> None:
    result = runner.invoke(app, ["extract", str(memos / "memo02b.txt"), str(memos / "nope.txt")])
    assert result.exit_code == EXIT_NOTHING and result.stdout == ""
    assert result.stderr.count("\n") == 2


@pytest.mark.slow
def test_run_stream_as_a_subprocess_keeps_stdout_to_records(memos: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(memos), "-o", "-"], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert proc.returncode == EXIT_PARTIAL, proc.stderr
    assert [r["id"] for r in lines(proc.stdout)] == [f"2205{n:02d}-1" for n in range(5)]
    assert "Traceback" not in proc.stderr and "unsupported_format" in proc.stderr
