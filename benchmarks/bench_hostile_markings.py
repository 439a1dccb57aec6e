"""The house-style memo as a 2-page PDF (banner as running header) and a 1-page 2-column PDF, through `memokg extract`.

Usage: python benchmarks/bench_hostile_markings.py

The memo is this project's own, invented (tests/banner_memo.py: banner "NORDSEC-CTI | TLP:GREEN | Memo
210412-3"), written by reportlab. Each PDF goes through the real command; its record must keep the marking,
issuer and reference in the metadata and have the memo's real title; as a running header (2 pages) the banner
also leaves the text, while on the one page it stays there as the memo's top matter. Prints what each record
holds; exits 1 when one of them is wrong.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.banner_memo import BANNER, ISSUER, TITLE, memo_pdfs  # noqa: E402  (after the path set-up)

WANTED = {"title": TITLE, "marking": "TLP:GREEN", "issuer": ISSUER, "reference": "210412-3"}


def main() -> int:
    """Write both PDFs, extract each, compare the metadata."""
    wrong = 0
    with tempfile.TemporaryDirectory() as folder:
        for pdf in memo_pdfs(Path(folder)):
            done = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(pdf)], capture_output=True,
                                  text=True, check=False, cwd=ROOT)
            if done.returncode != 0:
                print(f"BAD {pdf.name}: exit {done.returncode}: {done.stderr.strip()[-200:]}")
                wrong += 1
                continue
            record = json.loads(done.stdout)
            meta = record["metadata"]
            got = {key: meta.get(key) for key in WANTED}
            banner_in_text = BANNER in record["text"]
            ok = got == WANTED and not (banner_in_text and "2pages" in pdf.name)
            wrong += not ok
            print(f"{'ok ' if ok else 'BAD'} {pdf.name}: {json.dumps(got)}; banner in text: {banner_in_text}; "
                  f"entities: {len(record['entities'])}")
    print("PASS" if not wrong else "FAIL")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
