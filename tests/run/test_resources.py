"""The peak memory a run reports is its own, not that of the process that started it."""

from __future__ import annotations

import subprocess
import sys

from pipeline.ingest import peak_rss


def test_a_child_does_not_report_its_parents_peak() -> None:
    ballast = bytearray(300 << 20)
    ballast[:: 4096] = b"\x01" * len(ballast[:: 4096])  # touch every page, so this process holds 300 MB
    assert peak_rss() > 300 << 20
    code = "from pipeline.ingest import peak_rss; print(peak_rss())"
    child = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    del ballast
    # Linux carries the forking process's high-water mark into ru_maxrss across exec; the child holds far less.
    assert 5 << 20 < child < 200 << 20
