"""The sandbox: real worker processes under a memory cap and a parent-kept clock, one outcome per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ExtractError
from pipeline.extract import MemoProcessor
from pipeline.run import Limits, Sandbox
from pipeline.schema import FileError, MemoRecord
from tests.hostile_factory import flate_bomb_pdf, self_reference_pdf

MEMO = """LYNX-CERT

Port cameras in {city}

Reference: Memo [{ref}] Date: 02/02/2022 - Version: 1.0 Keywords: CCTV Sources: open sources

Summary

Hikvision installed facial recognition cameras in {city} for the port police of Peru.
"""


def memos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"memo{i}.txt"
        path.write_text(MEMO.format(city=["Callao", "Paita", "Ilo"][i % 3], ref=f"2202{i:02d}-1"), encoding="utf-8")
        paths.append(path)
    return paths


def test_one_outcome_per_path_in_order_as_in_process(tmp_path: Path) -> None:
    good = memos(tmp_path, 3)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    paths = [good[0], tmp_path / "empty.txt", good[1], tmp_path / "photo.txt", good[2]]
    with Sandbox(limits=Limits(), batch_size=2) as box:
        outcomes = box.process(paths)
        again = box.process([good[2]])
        assert box.stats.workers_started <= 1 and box.stats.workers_replaced == 0  # a parked worker may serve
        assert 100 << 20 < box.stats.worker_peak_rss < Limits().max_memory
    assert [p for p, _ in outcomes] == paths
    kinds = [type(o).__name__ if isinstance(o, MemoRecord) else o.reason for _, o in outcomes]
    assert kinds == ["MemoRecord", "empty", "MemoRecord", "unsupported_format", "MemoRecord"]
    expected = dict(MemoProcessor().process_paths(paths))
    for path, outcome in outcomes:
        assert outcome.to_json() == expected[path].to_json()
    assert again[0][1].to_json() == outcomes[-1][1].to_json()


def test_bytes_are_processed_in_the_worker(tmp_path: Path) -> None:
    with Sandbox() as box:
        record = box.process_bytes(MEMO.format(city="Callao", ref="220299-1").encode(), name="<stdin>")
        error = box.process_bytes(b"", name="<stdin>")
    assert isinstance(record, MemoRecord) and record.id == "220299-1" and record.source.name == "<stdin>"
    assert isinstance(error, FileError) and error.reason == "empty" and error.path == "<stdin>"


def test_a_worker_that_cannot_load_the_model_under_its_cap_is_one_error() -> None:
    with pytest.raises(ExtractError) as caught, Sandbox(limits=Limits(max_memory=64 << 20)) as box:
        box.process_bytes(b"Cameras in Lima.")
    assert caught.value.reason in ("resource_limit", "worker_failed")


@pytest.mark.slow
def test_a_file_over_time_is_killed_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = memos(tmp_path, 2)
    slow = tmp_path / "loop.pdf"
    slow.write_bytes(self_reference_pdf())  # pdfminer resolves its catalog for ever
    with Sandbox(limits=Limits(timeout=1.5), batch_size=8) as box:
        outcomes = dict(box.process([good[0], slow, good[1]]))
        assert box.stats.workers_replaced == 1
    assert isinstance(outcomes[good[0]], MemoRecord) and isinstance(outcomes[good[1]], MemoRecord)
    error = outcomes[slow]
    assert isinstance(error, FileError) and error.reason == "timeout" and "reading it" in error.message


@pytest.mark.slow
def test_a_file_whose_analysis_is_over_time_is_found_by_retrying_alone(tmp_path: Path) -> None:
    good = memos(tmp_path, 2)
    big = tmp_path / "big.txt"
    big.write_text(MEMO.format(city="Lima", ref="220250-1") + ("Hikvision sold cameras to the police of Peru. "
                                                                * 12_000), encoding="utf-8")
    with Sandbox(limits=Limits(timeout=2.0), batch_size=8) as box:
        outcomes = dict(box.process([good[0], big, good[1]]))
        assert box.stats.workers_replaced >= 2  # once for the batch, once for the culprit alone
    assert isinstance(outcomes[good[0]], MemoRecord) and isinstance(outcomes[good[1]], MemoRecord)
    error = outcomes[big]
    assert isinstance(error, FileError) and error.reason == "timeout" and "analysing" in error.message


@pytest.mark.slow
def test_a_file_over_the_memory_cap_is_a_resource_limit(tmp_path: Path) -> None:
    good = memos(tmp_path, 1)[0]
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(flate_bomb_pdf(1536 << 20))
    # Without the byte-level bomb check the parser inflates the stream: the cap stops it.
    limits = Limits(max_memory=1 << 30, max_inflate=None)
    with Sandbox(limits=limits) as box:
        outcomes = dict(box.process([bomb, good]))
    error = outcomes[bomb]
    assert isinstance(error, FileError) and error.reason == "resource_limit"
    assert isinstance(outcomes[good], MemoRecord)
