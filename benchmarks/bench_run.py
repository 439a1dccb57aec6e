"""Throughput of `memokg run` on a synthetic archive: memos per second with 1 and N worker processes.

Usage: python benchmarks/bench_run.py [--copies 20] [--jobs 2] [SOURCE_DIR]
The archive is SOURCE_DIR's memos (default corpus/) copied --copies times with distinct references.
Prints memos/s and peak resident memory for each job count.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import tempfile
import time
from pathlib import Path

from pipeline.run import RunOptions, run
from pipeline.run.inputs import MEMO_SUFFIXES

ROOT = Path(__file__).resolve().parent.parent


def make_archive(source: Path, copies: int, target: Path) -> int:
    """Copy the text memos of `source` `copies` times, each with its own reference; returns the file count."""
    count = 0
    for path in sorted(source.rglob("*")):
        if path.suffix.lower() not in MEMO_SUFFIXES or path.suffix.lower() == ".pdf":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for copy in range(copies):
            new = re.sub(r"\[([^\]]+)\]", lambda m, c=copy: f"[{m.group(1)}-c{c}]", text, count=1)
            (target / f"{path.stem}-c{copy}{path.suffix}").write_text(new, encoding="utf-8")
            count += 1
    return count


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", nargs="?", type=Path, default=ROOT / "corpus")
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "archive"
        archive.mkdir()
        files = make_archive(args.source, args.copies, archive)
        for jobs in sorted({1, args.jobs}):
            out = Path(tmp) / f"out-{jobs}"
            started = time.perf_counter()
            summary = run([archive], RunOptions(out_dir=out, jobs=jobs, graph=True, viz=True))
            seconds = time.perf_counter() - started
            peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"jobs={jobs}: {files} memos in {seconds:.1f} s = {files / seconds:.1f} memos/s; "
                  f"records={summary.records} failed={summary.failed}; "
                  f"peak RSS main={peak_self:.0f} MiB, largest worker={peak_children:.0f} MiB; "
                  f"process={summary.timings['process_seconds']} s export={summary.timings['export_seconds']} s")
            shutil.rmtree(out)


if __name__ == "__main__":
    main()
