"""Run folders accumulate: later batches add to the store, --prune drops vanished inputs, --force redoes all."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pipeline.run import STORE_NAME, RunOptions, run
from tests.run.memos import memo_text, write_memos


def ids_of(out: Path) -> list[str]:
    return [json.loads(line)["id"] for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]


def memo_files(out: Path) -> list[str]:
    return sorted(path.stem for path in (out / "memos").glob("*.json"))


def test_a_second_batch_keeps_the_first_batchs_memos(tmp_path: Path) -> None:
    write_memos(tmp_path / "monday", range(0, 3))
    write_memos(tmp_path / "tuesday", range(3, 5))
    out = tmp_path / "out"
    first = run([tmp_path / "monday"], RunOptions(out_dir=out))
    assert (first.new, first.records, first.kept) == (3, 3, 0)
    second = run([tmp_path / "tuesday"], RunOptions(out_dir=out))
    assert (second.new, second.changed, second.unchanged, second.removed, second.failed) == (2, 0, 0, 0, 0)
    assert (second.records, second.kept) == (5, 3)
    expected = [f"2205{n:02d}-1" for n in range(5)]
    assert ids_of(out) == expected
    assert memo_files(out) == expected
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert graph["graph"]["memo_count"] == 5
    tables = (out / "tables" / "entities.csv").read_text(encoding="utf-8")
    assert all(memo_id in tables for memo_id in expected)
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {key: summary[key] for key in ("new", "changed", "unchanged", "removed", "failed", "kept", "records")} == {
        "new": 2, "changed": 0, "unchanged": 0, "removed": 0, "failed": 0, "kept": 3, "records": 5}


def test_changed_unchanged_failed_and_force(tmp_path: Path) -> None:
    paths = write_memos(tmp_path / "in", range(3))
    options = RunOptions(out_dir=tmp_path / "out", graph=False, viz=False)
    run([tmp_path / "in"], options)
    paths[0].write_text(memo_text(0, city_shift=3), encoding="utf-8")
    (tmp_path / "in" / "blank.txt").write_text("", encoding="utf-8")
    again = run([tmp_path / "in"], options)
    assert (again.new, again.changed, again.unchanged, again.failed) == (1, 1, 2, 1)
    assert again.errors_by_reason == {"empty": 1}
    assert "Quito" in json.loads((tmp_path / "out" / "memos" / "220500-1.json").read_text())["text"]
    # An unchanged failure is still a failure of this run's inputs.
    third = run([tmp_path / "in"], options)
    assert (third.new, third.changed, third.unchanged, third.failed) == (0, 0, 4, 1)
    forced = run([tmp_path / "in"], RunOptions(out_dir=tmp_path / "out", graph=False, viz=False, force=True))
    assert (forced.new, forced.changed, forced.unchanged, forced.processed) == (0, 4, 0, 4)


def test_prune_drops_memos_whose_files_are_gone(tmp_path: Path) -> None:
    paths = write_memos(tmp_path / "in", range(4))
    (tmp_path / "in" / "blank.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    run([tmp_path / "in"], RunOptions(out_dir=out, graph=False, viz=False))
    paths[1].unlink()
    (tmp_path / "in" / "blank.txt").unlink()
    kept = run([tmp_path / "in"], RunOptions(out_dir=out, graph=False, viz=False))
    assert kept.removed == 0 and kept.records == 4 and "220501-1" in ids_of(out)
    pruned = run([tmp_path / "in"], RunOptions(out_dir=out, graph=False, viz=False, prune=True))
    assert (pruned.removed, pruned.records, pruned.failed) == (1, 3, 0)
    assert ids_of(out) == ["220500-1", "220502-1", "220503-1"] == memo_files(out)
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    with sqlite3.connect(out / STORE_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM memos").fetchone()[0] == 3
        assert db.execute("SELECT COUNT(*) FROM errors").fetchone()[0] == 0


def test_unchanged_rerun_rewrites_nothing_and_a_deleted_export_comes_back(tmp_path: Path) -> None:
    write_memos(tmp_path / "in", range(3))
    out = tmp_path / "out"
    run([tmp_path / "in"], RunOptions(out_dir=out))
    stamps = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file() and path.suffix != ".json"
              and path.name != STORE_NAME and not path.name.startswith(".") and "sqlite" not in path.name}
    again = run([tmp_path / "in"], RunOptions(out_dir=out))
    assert again.unchanged == 3 and again.records == 3 and again.entities > 0 and again.outputs["page"] == "graph.html"
    assert {path: path.stat().st_mtime_ns for path in stamps} == stamps
    (out / "graph.graphml").unlink()
    (out / "memos" / "220501-1.json").unlink()
    run([tmp_path / "in"], RunOptions(out_dir=out))
    assert (out / "graph.graphml").is_file() and (out / "memos" / "220501-1.json").is_file()


def test_store_rows_of_an_old_layout_are_read(tmp_path: Path) -> None:
    # A store written before the meta table existed: the run adds the table and keeps the rows.
    write_memos(tmp_path / "in", range(2))
    out = tmp_path / "out"
    run([tmp_path / "in"], RunOptions(out_dir=out, graph=False, viz=False))
    with sqlite3.connect(out / STORE_NAME) as db:
        db.execute("DROP TABLE meta")
    again = run([tmp_path / "in"], RunOptions(out_dir=out, graph=False, viz=False))
    assert again.unchanged == 2 and ids_of(out) == ["220500-1", "220501-1"]
