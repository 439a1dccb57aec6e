"""Archives at scale: memos/s and words/s of `memokg run` (-j 1, -j 2, Dask) against plain nlp.pipe, the unchanged
re-run, peak memory of the parent and of each worker, and kill -9 then resume.

Usage: python benchmarks/bench_scale.py --memos 1000 [--modes plain,j1,j2,dask,rerun,kill] [--work DIR]
           [--json FILE]

The archive comes from benchmarks/archive.py (corpus/ text memos, every id and file different). Every mode runs
as its own subprocess (`python -m pipeline run ... -q`) in the same invocation, one after the other, so ratios
compare runs made on the same machine minutes apart; memory is sampled with psutil every 0.2 s for the run's
process (the parent) and each of its descendants (worker processes; for Dask also the nannies, left out below
100 MB). `plain` is spacy.load of the same model plus nlp.pipe over the same texts (the files' text), batch 16,
in a subprocess. `run` figures use the run's process_seconds (reading, model loading, extraction and the store;
the exports, written once at the end, are reported apart as export_seconds). `kill` SIGKILLs the run's process
group twice (at 1/3 and 2/3 of the archive, local -j 2 and Dask), resumes it, and compares the run folder's
records.jsonl, errors.jsonl and memos/ with the -j 1 run.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import make_archive  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS = {"j1": ["-j", "1"], "j2": ["-j", "2"], "dask": ["--engine", "dask", "-j", "2"]}
PLAIN = """
import sys, time, json
from pathlib import Path
t0 = time.perf_counter()
from pipeline.extract import load_model
from pipeline.ingest import ingest_path
texts = [ingest_path(Path(p)).text for p in sys.argv[1:]]  # the texts memokg reads (decoded, normalised)
nlp = load_model()
for _ in nlp.pipe(texts, batch_size=16):
    pass
print(json.dumps({"seconds": time.perf_counter() - t0}))
"""


class Sampler(threading.Thread):
    """Peak resident memory of a process and of each of its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                root = psutil.Process(self.pid)
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        rss = proc.memory_info().rss
                        times = proc.cpu_times()
                    except psutil.Error:
                        continue
                    self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0), rss)
                    self.cpu[proc.pid] = times.user + times.system
            except psutil.Error:
                pass
            self.done.wait(0.2)

    def report(self) -> dict[str, object]:
        parent = self.peaks.get(self.pid, 0) // 2**20
        workers = sorted((rss // 2**20 for pid, rss in self.peaks.items() if pid != self.pid and rss > 100 * 2**20),
                         reverse=True)
        return {"parent_peak_mb": parent, "worker_peaks_mb": workers,
                "cpu_seconds": round(sum(self.cpu.values()), 1)}


def run_memokg(archive: Path, out: Path, extra: list[str], kill_at: float | None = None,
               total: int = 0) -> dict[str, object]:
    """One `memokg run` subprocess, sampled; with kill_at, SIGKILLed once that share of the archive is stored."""
    command = [sys.executable, "-m", "pipeline", "run", str(archive), "-o", str(out), "-q", *extra]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    sampler = Sampler(proc.pid)
    sampler.start()
    if kill_at is not None:
        while proc.poll() is None and stored(out) < kill_at * total:
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    sampler.done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    result: dict[str, object] = {"wall_seconds": round(seconds, 1), "returncode": proc.returncode,
                                 **sampler.report()}
    if kill_at is None and (out / "run.json").is_file():
        summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
        result.update({key: summary[key] for key in ("records", "failed", "new", "unchanged", "timings")})
    return result


def stored(out: Path) -> int:
    """Records committed to a run folder's store so far."""
    try:
        with sqlite3.connect(f"{(out / 'memokg.sqlite').resolve().as_uri()}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM memos").fetchone()[0]
    except sqlite3.Error:
        return 0


def same_folder(one: Path, two: Path) -> bool:
    """records.jsonl, errors.jsonl and every memo file byte-identical."""
    if any((one / name).read_bytes() != (two / name).read_bytes() for name in ("records.jsonl", "errors.jsonl")):
        return False
    names = sorted(p.name for p in (one / "memos").iterdir())
    return names == sorted(p.name for p in (two / "memos").iterdir()) and all(
        (one / "memos" / n).read_bytes() == (two / "memos" / n).read_bytes() for n in names)


def main() -> None:
    """Run the chosen modes and print one JSON object with every figure."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--memos", type=int, default=1000)
    parser.add_argument("--modes", default="plain,j1,j2,dask,rerun,kill")
    parser.add_argument("--work", type=Path, default=Path("/tmp/memokg-bench"))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=1, help="repeat plain, j1, j2 and dask this many times, "
                        "alternating (ratios then use the medians)")
    args = parser.parse_args()
    modes = args.modes.split(",")
    throughput = [mode for mode in modes if mode in ("plain", *RUNS)]
    modes = throughput * args.rounds + [mode for mode in modes if mode not in throughput]
    archive = args.work / f"archive-{args.memos}"
    paths = make_archive(args.memos, archive)
    words = sum(len(p.read_bytes().split()) for p in paths)
    figures: dict[str, object] = {"memos": len(paths), "words": words, "cpus": os.cpu_count(),
                                  "load_average_start": os.getloadavg()}
    for mode in modes:
        out = args.work / f"out-{args.memos}-{mode}"
        if mode == "plain":
            proc = subprocess.run([sys.executable, "-c", PLAIN, *map(str, paths)], cwd=ROOT, capture_output=True,
                                  text=True, check=True)
            seconds = json.loads(proc.stdout)["seconds"]
            figures.setdefault("plain", []).append({"seconds": round(seconds, 1),
                                                    "memos_per_s": round(len(paths) / seconds, 2),
                                                    "words_per_s": round(words / seconds)})
        elif mode in RUNS:
            subprocess.run(["rm", "-rf", str(out)], check=True)
            result = run_memokg(archive, out, RUNS[mode])
            seconds = result["timings"]["process_seconds"]
            result.update(memos_per_s=round(len(paths) / seconds, 2), words_per_s=round(words / seconds))
            figures.setdefault(mode, []).append(result)
        elif mode == "rerun":
            figures["rerun"] = run_memokg(archive, args.work / f"out-{args.memos}-j1", RUNS["j1"])
        elif mode == "kill":
            for engine in ("j2", "dask"):
                out = args.work / f"out-{args.memos}-kill-{engine}"
                subprocess.run(["rm", "-rf", str(out)], check=True)
                run_memokg(archive, out, RUNS[engine], kill_at=1 / 3, total=len(paths))
                first = stored(out)
                run_memokg(archive, out, RUNS[engine], kill_at=2 / 3, total=len(paths))
                second = stored(out)
                final = run_memokg(archive, out, RUNS[engine])
                figures[f"kill_{engine}"] = {"stored_after_kill_1": first, "stored_after_kill_2": second,
                                             "resumed_new": final.get("new"), "records": final.get("records"),
                                             "identical_to_j1": same_folder(out, args.work / f"out-{args.memos}-j1")}
        last = figures.get(mode)
        print(json.dumps({mode: last[-1] if isinstance(last, list) else last or
                          {k: v for k, v in figures.items() if k.startswith("kill")}}), flush=True)
    figures["load_average_end"] = os.getloadavg()
    ratios: dict[str, object] = {}

    def median(mode: str, key: str) -> float:
        return statistics.median(result[key] for result in figures[mode])

    if "plain" in figures and "j1" in figures:
        ratios["j1_vs_plain_words"] = round(median("j1", "words_per_s") / median("plain", "words_per_s"), 2)
    for mode in ("j2", "dask"):
        if mode in figures and "j1" in figures:
            ratios[f"{mode}_vs_j1"] = round(median(mode, "memos_per_s") / median("j1", "memos_per_s"), 2)
            ratios[f"{mode}_vs_j1_rounds"] = [round(a["memos_per_s"] / b["memos_per_s"], 2)
                                              for a, b in zip(figures[mode], figures["j1"], strict=False)]
            ratios[f"{mode}_vs_j1_cpu_seconds"] = round(median(mode, "cpu_seconds") / median("j1", "cpu_seconds"), 2)
    if "rerun" in figures and "j1" in figures:
        ratios["rerun_vs_first"] = round(figures["rerun"]["wall_seconds"] / figures["j1"][-1]["wall_seconds"], 3)
    figures["ratios"] = ratios
    text = json.dumps(figures, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
