"""`memokg extract` of one page holding 40,000 overlapping words: wall time and peak memory, against pdfplumber.

Usage: python benchmarks/bench_hostile_extract.py [--words N] [--skip-plain]

The page is made by tests/hostile_factory.py (`dense_page_pdf`). Each command runs in its own process; its
memory is sampled every 50 ms with psutil over the process and its children (memokg reads the file in a
sandboxed worker), the peak of the sum is reported. The reference is plain pdfplumber (`extract_text` of the
page) in the same run and under the same sampling. Targets (issue 11): within 90 s and 3 GiB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile_factory import dense_page_pdf  # noqa: E402  (after the path set-up)

TARGET_SECONDS, TARGET_GIB = 90.0, 3.0
PLAIN = "import sys, pdfplumber\nwith pdfplumber.open(sys.argv[1]) as pdf:\n    print(len(pdf.pages[0].extract_text()))"


def measure(command: list[str]) -> tuple[float, float, int, str]:
    """Wall seconds, peak MiB of the process tree, exit status and the last line of stderr (or stdout)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        watched = psutil.Process(process.pid)
        peak = 0
        while process.poll() is None:
            total = 0
            try:
                for proc in [watched, *watched.children(recursive=True)]:
                    total += proc.memory_info().rss
            except psutil.Error:
                pass  # a process ended between listing and reading
            peak = max(peak, total)
            time.sleep(0.05)
        wall = time.perf_counter() - started
        err.seek(0)
        out.seek(0)
        text = (err.read() or out.read()).decode("utf-8", "replace").strip().splitlines()
    return wall, peak / (1 << 20), process.returncode, (text[-1][:160] if text else "")


def main() -> int:
    """Write the page, time both readers, print the figures and whether the targets hold."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=40_000)
    parser.add_argument("--skip-plain", action="store_true", help="do not run the plain pdfplumber reference")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        page = Path(scratch) / "dense.pdf"
        page.write_bytes(dense_page_pdf(args.words))
        wall, mib, status, line = measure([sys.executable, "-m", "pipeline", "extract", str(page)])
        print(f"memokg extract: {wall:.1f} s, peak {mib:.0f} MiB (process tree), exit {status}: {line}")
        if not args.skip_plain:
            p_wall, p_mib, p_status, p_line = measure([sys.executable, "-c", PLAIN, str(page)])
            print(f"plain pdfplumber extract_text: {p_wall:.1f} s, peak {p_mib:.0f} MiB, exit {p_status}: "
                  f"{p_line} characters")
            print(f"ratio memokg / pdfplumber: time {wall / p_wall:.2f}, memory {mib / p_mib:.2f}")
    ok = wall <= TARGET_SECONDS and mib <= TARGET_GIB * 1024 and "Traceback" not in line
    print(f"targets {TARGET_SECONDS:g} s and {TARGET_GIB:g} GiB: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
