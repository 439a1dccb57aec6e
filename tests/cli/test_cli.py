"""The memokg command through Typer's CliRunner and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from pipeline import __version__
from pipeline.cli import app
from pipeline.cli.common import EXIT_CONFIG, EXIT_NOTHING, EXIT_PARTIAL
from pipeline.schema import memo_record_json_schema

ROOT = Path(__file__).resolve().parents[2]
MEMO = """ORBIS Desk

Spyware exports under review

Reference: Memo [201104-7] Date: 04/11/2020 - Version: 1.1 Keywords: spyware, export control Sources: press reports

Key Points

- Hacking Team sold its Remote Control System to Sudan's intelligence service.
- The Italian company denied any wrongdoing.

Summary

Hacking Team, an Italian vendor based in Milan, supplied spyware to several governments, including Sudan and
Ethiopia.

Comments

Export controls on intrusion software remain weak.
"""

runner = CliRunner()


@pytest.fixture(scope="module")
def memo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("memos")
    (folder / "good.txt").write_text(MEMO, encoding="utf-8")
    (folder / "second.md").write_text(MEMO.replace("201104-7", "201105-1"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return folder


@pytest.fixture(scope="module")
def run_dir(memo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    result = runner.invoke(app, ["run", str(memo_dir), "-o", str(out), "--quiet"])
    assert result.exit_code == EXIT_PARTIAL, result.output
    return out


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"memokg {__version__}"


@pytest.mark.parametrize("command", ["extract", "run", "merge", "eval", "graph", "relations", "viz", "schema"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_extract_prints_a_valid_record(memo_dir: Path) -> None:
    result = runner.invoke(app, ["extract", str(memo_dir / "good.txt")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    jsonschema.validate(record, memo_record_json_schema())
    assert record["id"] == "201104-7"
    assert record["metadata"]["date"] == "2020-11-04"
    assert [s["kind"] for s in record["sections"]] == ["key_points", "summary", "comments"]


def test_extract_reads_stdin() -> None:
    result = runner.invoke(app, ["extract", "-", "--compact"], input=MEMO.encode("utf-8"))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["source"]["name"] == "<stdin>"
    assert record["metadata"]["reference"] == "201104-7"


def test_extract_bad_file_is_one_line_error(memo_dir: Path) -> None:
    result = runner.invoke(app, ["extract", str(memo_dir / "image.txt")])
    assert result.exit_code == EXIT_NOTHING
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "image.txt" in lines[0] and "unsupported_format" in lines[0]


def test_run_writes_records_errors_and_run_json(run_dir: Path) -> None:
    records = [json.loads(line) for line in (run_dir / "records.jsonl").read_text().splitlines()]
    assert sorted(r["id"] for r in records) == ["201104-7", "201105-1"]
    schema = memo_record_json_schema()
    for record in records:
        jsonschema.validate(record, schema)
        assert (run_dir / "memos" / f"{record['id']}.json").exists()
    errors = [json.loads(line) for line in (run_dir / "errors.jsonl").read_text().splitlines()]
    assert {Path(e["path"]).name: e["reason"] for e in errors} == {
        "empty.txt": "empty",
        "image.txt": "unsupported_format",
    }
    summary = json.loads((run_dir / "run.json").read_text())
    assert summary["records"] == 2 and summary["failed"] == 2
    assert summary["memokg"] == __version__
    assert "total_seconds" in summary["timings"]


def test_run_with_nothing_valid_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "missing"), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == EXIT_NOTHING


def test_commands_on_a_folder_that_is_no_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["relations", str(tmp_path)])
    assert result.exit_code == EXIT_CONFIG
    assert "not_a_run_folder" in result.stderr


def test_bad_models_folder_is_one_line(tmp_path: Path, memo_dir: Path) -> None:
    result = runner.invoke(app, ["extract", str(memo_dir / "good.txt"), "--models", str(tmp_path / "nope")])
    assert result.exit_code == EXIT_CONFIG
    assert result.stderr.count("\n") == 1 and "models_not_found" in result.stderr


def test_schema_command_matches_committed_schema() -> None:
    result = runner.invoke(app, ["schema"])
    committed = json.loads((ROOT / "schema" / "memo-record.schema.json").read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == committed, "regenerate with: memokg schema > schema/memo-record.schema.json"


@pytest.mark.slow
def test_subprocess_run_keeps_stdout_clean_and_is_deterministic(memo_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", str(memo_dir), "-o", str(out)],
            capture_output=True, text=True, env=env, cwd=ROOT, check=False,
        )
        assert proc.returncode == EXIT_PARTIAL, proc.stderr
        assert proc.stdout == ""
        assert "Traceback" not in proc.stderr
        assert "unsupported_format" in proc.stderr
        outputs.append(out)
    for relative in ("records.jsonl", "errors.jsonl", "memos/201104-7.json"):
        assert (outputs[0] / relative).read_bytes() == (outputs[1] / relative).read_bytes()
