"""The hostile set through `memokg run -j 2`: each file's outcome against the expected one, memory and wall time.

Usage: python benchmarks/bench_hostile.py [--jobs N] [--light] [--keep DIR] [-- MORE RUN OPTIONS]

The files are made by the project's own code (tests/hostile_factory.py: broken, cut, encrypted, scanned and
garbled PDFs, a 5,000-page PDF, a 1 GiB flate bomb, 40,000 overlapping words, a 5 m page, odd encodings, NUL and
control characters, a FIFO, a loop of links, a link to a file outside the folder); nothing is downloaded. The
command runs in its own process, as a user would start it; run.json gives the parent's and the workers' peak
memory (each process's own high-water mark). Prints one line per file and a summary; exits 1 when a file's
outcome differs from the expected one, the parent reaches 300 MiB, a worker its cap, or a file its time limit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile_factory import write_hostile_set  # noqa: E402  (after the path set-up)

PARENT_TARGET_MIB = 300


def outcomes(out: Path) -> tuple[dict[str, str], dict[str, str]]:
    """File name -> 'record' or the error's reason, and file name -> the record's warnings or error message."""
    seen: dict[str, str] = {}
    notes: dict[str, str] = {}
    for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        name = Path(record["source"]["path"]).name
        seen[name] = "record"
        reader = record["source"].get("reader") or ("pdfplumber" if name.lower().endswith(".pdf") else "text")
        notes[name] = f"reader={reader} warnings={','.join(record['warnings']) or '-'}"
        if record["source"].get("ocr_pages"):
            names = sorted({entity["name"] for entity in record["entities"]})
            notes[name] += f" ocr_pages={record['source']['ocr_pages']} entities={','.join(names)}"
    for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines():
        error = json.loads(line)
        name = Path(error["path"]).name
        seen[name] = error["reason"] if name not in seen else "TWICE"
        notes[name] = error["message"][:90]
    return seen, notes


def main() -> int:
    """Write the set, run it, compare, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("--light", action="store_true", help="leave out the heavy kinds (bomb, 5,000 pages...)")
    parser.add_argument("--keep", type=Path, help="write the set and the run folder here and keep them")
    parser.add_argument("extra", nargs="*", help="more `memokg run` options (after --)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        secret = base / "outside" / "passwd"
        secret.parent.mkdir(parents=True, exist_ok=True)
        secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
        expected = write_hostile_set(base / "in", outside=secret, heavy=not args.light)
        out = base / "out"
        command = [sys.executable, "-m", "pipeline", "run", str(base / "in"), "-o", str(out), "-j", str(args.jobs),
                   "-q", *args.extra]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        wall = time.perf_counter() - started
        seen, notes = outcomes(out)
        summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    wrong = 0
    for name in sorted(expected):
        got = seen.get(name, "MISSING")
        ok = got == expected[name]
        wrong += not ok
        print(f"{'ok ' if ok else 'BAD'} {name:22} {got:20} {'' if ok else 'expected ' + expected[name]}  "
              f"{notes.get(name, '')}")
    resources, limits = summary["resources"], summary["limits"]
    cap_mib = limits["max_memory"] / (1 << 20)
    print(f"\nfiles {len(expected)}, records {summary['records']}, errors by reason {summary['errors_by_reason']}")
    print(f"exit {done.returncode}, traceback on stderr: {'Traceback' in done.stderr}, wall {wall:.1f} s "
          f"(timeout per file {limits['timeout']:g} s), workers started {resources.get('workers_started', 0):g}, "
          f"replaced {resources.get('workers_replaced', 0):g}")
    print(f"parent peak {resources['parent_peak_rss_mib']:.0f} MiB (target < {PARENT_TARGET_MIB}), "
          f"worker peak {resources.get('worker_peak_rss_mib', 0):.0f} MiB (cap {cap_mib:.0f} MiB)")
    failed = (wrong or "Traceback" in done.stderr or resources["parent_peak_rss_mib"] >= PARENT_TARGET_MIB
              or resources.get("worker_peak_rss_mib", 0) >= cap_mib
              or any(seen.get(n) == "timeout" != expected[n] for n in expected))
    print("FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
