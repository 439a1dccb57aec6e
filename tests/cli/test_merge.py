"""`memokg merge`: shards from several machines into one run folder; one id, two contents is an error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli.common import EXIT_CONFIG
from pipeline.run import RunOptions, run
from tests.run.memos import memo_text, write_memos

runner = CliRunner()


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Two machines' run folders sharing memo 2 (same bytes, other paths), and one run of everything."""
    root = tmp_path_factory.mktemp("shards")
    write_memos(root / "machine-a", [0, 1, 2])
    write_memos(root / "machine-b", [2, 3])
    (root / "machine-b" / "blank.txt").write_text("", encoding="utf-8")
    write_memos(root / "all-in", [0, 1, 2, 3])
    for name in ("machine-a", "machine-b", "all-in"):
        run([root / name], RunOptions(out_dir=root / f"out-{name}"))
    return root / "out-machine-a", root / "out-machine-b", root / "out-all-in"


def ids(out: Path) -> list[str]:
    return [json.loads(line)["id"] for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]


def test_merge_keeps_a_shared_memo_once(shards: tuple[Path, Path, Path], tmp_path: Path) -> None:
    a, b, everything = shards
    result = runner.invoke(app, ["merge", str(a), str(b), "-o", str(tmp_path / "all")])
    assert result.exit_code == 0, result.output
    assert "4 memos added, 1 already there" in result.stderr
    assert ids(tmp_path / "all") == ids(everything) == ["220500-1", "220501-1", "220502-1", "220503-1"]
    # Content equal to one run over all the memos, but for the input paths.
    merged = [json.loads(line) for line in (tmp_path / "all" / "records.jsonl").read_text().splitlines()]
    single = [json.loads(line) for line in (everything / "records.jsonl").read_text().splitlines()]
    for one, two in zip(merged, single, strict=True):
        assert {**one, "source": {}} == {**two, "source": {}}
        assert one["source"]["sha256"] == two["source"]["sha256"]
    assert "blank.txt" in (tmp_path / "all" / "errors.jsonl").read_text()
    graph = json.loads((tmp_path / "all" / "graph.json").read_text(encoding="utf-8"))
    assert graph["graph"]["memo_count"] == 4
    # Merging again adds nothing; a shard of records.jsonl only (no store) is read too.
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(b / "records.jsonl", plain / "records.jsonl")
    again = runner.invoke(app, ["merge", str(a), str(plain), "-o", str(tmp_path / "all")])
    assert again.exit_code == 0 and "0 memos added, 5 already there" in again.stderr


def test_same_id_different_content_names_both_and_writes_nothing(shards: tuple[Path, Path, Path],
                                                                 tmp_path: Path) -> None:
    a, _, _ = shards
    other = tmp_path / "other-in"
    other.mkdir()
    (other / "memo02.txt").write_text(memo_text(2, city_shift=5), encoding="utf-8")
    run([other], RunOptions(out_dir=tmp_path / "other", graph=False, viz=False))
    result = runner.invoke(app, ["merge", str(a), str(tmp_path / "other"), "-o", str(tmp_path / "all")])
    assert result.exit_code == EXIT_CONFIG
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "merge_conflict" in line and "220502-1" in line
    assert str(a) in line and str(tmp_path / "other") in line
    assert not (tmp_path / "all" / "records.jsonl").exists() and not (tmp_path / "all" / "memokg.sqlite").exists()


def test_merge_of_a_folder_that_is_no_run(tmp_path: Path, shards: tuple[Path, Path, Path]) -> None:
    result = runner.invoke(app, ["merge", str(shards[0]), str(tmp_path), "-o", str(tmp_path / "all")])
    assert result.exit_code == EXIT_CONFIG and "not_a_run_folder" in result.stderr
