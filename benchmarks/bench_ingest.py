"""Time ingest over a folder of memos: CPU seconds, pages and characters per file.

Usage: python benchmarks/bench_ingest.py FOLDER [FOLDER...]
CPU time is reported (not wall time) so a busy machine does not distort the figures.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.ingest import ingest_path


def bench(paths: list[Path]) -> None:
    """Ingest each file once and print one line per file plus a total."""
    total = 0.0
    for path in paths:
        start = time.process_time()
        try:
            doc = ingest_path(path)
            outcome = f"ok pages={doc.source.pages} chars={len(doc.text)} warnings={','.join(doc.warnings) or '-'}"
        except IngestError as exc:
            outcome = f"{exc.reason}: {exc.message}"
        spent = time.process_time() - start
        total += spent
        print(f"{spent:7.2f}s  {path.name[:60]:60}  {outcome}")
    print(f"{total:7.2f}s  total for {len(paths)} files")


if __name__ == "__main__":
    files = sorted(p for folder in sys.argv[1:] for p in Path(folder).iterdir() if p.is_file())
    bench(files)
