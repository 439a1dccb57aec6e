"""Batch runs: incremental through the SQLite store, resumable, worker processes, id collisions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from pipeline.run import STORE_NAME, RunOptions, run

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schema" / "memo-record.schema.json").read_text())

MEMO = """NORDSEC-CTI

Camera networks in {city}

Reference: Memo [{ref}] Date: 12/03/2021 - Version: 1.0 Keywords: CCTV, safe city Sources: open sources

Summary

Hikvision installed CCTV cameras with facial recognition in {city} for the national police.
"""


def write_memos(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"memo{i:02d}.txt"
        path.write_text(MEMO.format(city="Nairobi", ref=f"2103{i:02d}-1"), encoding="utf-8")
        paths.append(path)
    return paths


def records_of(out: Path) -> list[dict]:
    """Records of a run folder, each checked against the committed JSON Schema."""
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        jsonschema.validate(record, SCHEMA)
    return records


def test_second_run_reuses_unchanged_memos_and_picks_up_changes(tmp_path: Path) -> None:
    memos = write_memos(tmp_path / "in", 3)
    options = RunOptions(out_dir=tmp_path / "out", graph=False, viz=False)
    first = run([tmp_path / "in"], options)
    assert (first.processed, first.reused, first.records) == (3, 0, 3)
    memos[1].write_text(MEMO.format(city="Lahore", ref="210301-1"), encoding="utf-8")
    write_memos(tmp_path / "in", 1, start=3)
    second = run([tmp_path / "in"], options)
    assert (second.processed, second.reused, second.records) == (2, 2, 4)
    changed = next(r for r in records_of(tmp_path / "out") if r["id"] == "210301-1")
    assert "Lahore" in changed["text"]
    forced = run([tmp_path / "in"], RunOptions(out_dir=tmp_path / "out", graph=False, viz=False, force=True))
    assert forced.processed == 4


def test_store_keeps_every_finished_memo(tmp_path: Path) -> None:
    write_memos(tmp_path / "in", 2)
    run([tmp_path / "in"], RunOptions(out_dir=tmp_path / "out", graph=False, viz=False))
    with sqlite3.connect(tmp_path / "out" / STORE_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM memos").fetchone()[0] == 2
    # Exports are rebuilt from the store: deleting them and running again reprocesses nothing.
    (tmp_path / "out" / "records.jsonl").unlink()
    again = run([tmp_path / "in"], RunOptions(out_dir=tmp_path / "out", graph=False, viz=False))
    assert again.processed == 0 and len(records_of(tmp_path / "out")) == 2


def test_same_reference_in_two_files_gives_two_ids(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(MEMO.format(city="Nairobi", ref="999999-9"), encoding="utf-8")
    (folder / "b.txt").write_text(MEMO.format(city="Kampala", ref="999999-9"), encoding="utf-8")
    run([folder], RunOptions(out_dir=tmp_path / "out", graph=False, viz=False))
    ids = [r["id"] for r in records_of(tmp_path / "out")]
    assert len(ids) == 2 and len(set(ids)) == 2 and "999999-9" in ids


@pytest.mark.slow
def test_worker_processes_give_the_same_records(tmp_path: Path) -> None:
    write_memos(tmp_path / "in", 6)
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    single = run([tmp_path / "in"], RunOptions(out_dir=tmp_path / "one", graph=False, viz=False))
    multi = run([tmp_path / "in"], RunOptions(out_dir=tmp_path / "two", jobs=2, batch_size=2, graph=False,
                                              viz=False))
    assert single.failed == multi.failed == 1
    assert (tmp_path / "one" / "records.jsonl").read_bytes() == (tmp_path / "two" / "records.jsonl").read_bytes()
