"""The Dask engine on a real distributed.LocalCluster on loopback: same bytes as -j 1, killed workers survived."""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster

from pipeline.run import STORE_NAME, RunOptions, run
from tests.run.memos import memo_text, write_memos

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
COMPARED = ("records.jsonl", "errors.jsonl", "graph.graphml", "graph.json", "tables/relations.csv")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    write_memos(folder, range(10))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    return folder


@pytest.fixture(scope="module")
def single(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("single") / "out"
    run([archive], RunOptions(out_dir=out))
    return out


@pytest.fixture
def cluster() -> Iterator[tuple[LocalCluster, Client]]:
    """A cluster of two worker processes (with nannies that restart them) on 127.0.0.1 only."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                             scheduler_port=0, dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    client = Client(local, set_as_default=False)
    yield local, client
    client.close()
    local.close()


def same_outputs(one: Path, two: Path) -> None:
    for name in COMPARED:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    assert sorted(p.name for p in (one / "memos").iterdir()) == sorted(p.name for p in (two / "memos").iterdir())


def stored(out: Path) -> int:
    try:
        with sqlite3.connect(out / STORE_NAME, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM memos").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_local_cluster_gives_the_bytes_of_one_process(archive: Path, single: Path, tmp_path: Path) -> None:
    summary = run([archive], RunOptions(out_dir=tmp_path / "dask", engine="dask", jobs=2, batch_size=2))
    assert (summary.new, summary.failed, summary.records) == (11, 1, 10)
    same_outputs(single, tmp_path / "dask")


def test_a_killed_worker_loses_nothing(archive: Path, single: Path, tmp_path: Path,
                                       cluster: tuple[LocalCluster, Client]) -> None:
    local, client = cluster
    before = client.run(os.getpid)
    out = tmp_path / "dask"
    killed: list[int] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 240
        while stored(out) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        pid = sorted(before.values())[0]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    killer = threading.Thread(target=kill_one_worker, daemon=True)
    killer.start()
    summary = run([archive], RunOptions(out_dir=out, engine="dask", scheduler=local.scheduler_address, batch_size=1))
    killer.join(timeout=10)
    assert killed, "the run ended before a worker could be killed"
    assert (summary.failed, summary.records) == (1, 10)
    same_outputs(single, out)
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in client.run(os.getpid).values()


def test_a_file_whose_worker_dies_twice_is_reported(tmp_path: Path, cluster: tuple[LocalCluster, Client]) -> None:
    local, client = cluster
    folder = tmp_path / "in"
    write_memos(folder, range(4))
    # A long memo keeps its worker busy long enough to be caught in the act, twice.
    victim = folder / "long.txt"
    victim.write_text(memo_text(7) + "\n".join(memo_text(n).split("Summary", 1)[1] for n in range(8)) * 12)
    digest = hashlib.sha1(str(victim).encode(), usedforsecurity=False).hexdigest()[:12]
    kills: list[str] = []

    def kill_whoever_holds_the_victim() -> None:
        deadline = time.monotonic() + 300
        while len(kills) < 2 and time.monotonic() < deadline:
            for address, keys in client.processing().items():
                hit = next((key for key in keys if f"-{digest}-" in str(key) and str(key) not in kills), None)
                if hit:
                    pids = client.run(os.getpid, workers=[address])
                    os.kill(pids[address], signal.SIGKILL)
                    kills.append(str(hit))
            time.sleep(0.05)

    killer = threading.Thread(target=kill_whoever_holds_the_victim, daemon=True)
    killer.start()
    summary = run([folder], RunOptions(out_dir=tmp_path / "out", engine="dask", scheduler=local.scheduler_address,
                                       batch_size=1, graph=False, viz=False))
    killer.join(timeout=10)
    assert [key.rsplit("-", 1)[1] for key in kills] == ["0", "1"]
    assert (summary.records, summary.failed, summary.errors_by_reason) == (4, 1, {"worker_lost": 1})
    errors = (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8")
    assert "long.txt" in errors and "worker_lost" in errors


def test_kill_9_of_a_dask_run_then_resume(archive: Path, single: Path, tmp_path: Path) -> None:
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "pipeline", "run", str(archive), "-o", str(out), "-q", "--engine", "dask",
               "-j", "2", "--batch-size", "1"]
    proc = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 240
    while stored(out) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the run, its scheduler thread, nannies and workers: one process group
    proc.wait()
    kept = stored(out)
    assert 3 <= kept < 10
    resumed = run([archive], RunOptions(out_dir=out, engine="dask", jobs=2, batch_size=2))
    # The memos (and the broken file's failure) stored before the kill are not processed again.
    assert resumed.new + resumed.unchanged == 11 and resumed.unchanged >= kept and resumed.records == 10
    same_outputs(single, out)
