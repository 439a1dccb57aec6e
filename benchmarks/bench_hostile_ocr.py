"""OCR seconds per page: memokg's way (PDFium picture + pytesseract word boxes) against ocrmypdf, same pages.

Usage: python benchmarks/bench_hostile_ocr.py [--pages N] [--rounds R] [--ocrmypdf PATH]

A scanned memo (pages drawn as pictures only, by tests/hostile_factory.py) is read in alternating A/B pairs:
A = `ingest_path` (pdfplumber finds no text, PDFium renders each page at 300 dpi, one Tesseract call per page
gives the words and their boxes); B = `ocrmypdf --output-type pdf` (it renders with its own rasteriser, runs
Tesseract, writes a new PDF with a text layer) and then pdfplumber reading that PDF, which is what memokg would
have to do with its output. Both get one Tesseract thread (OMP_THREAD_LIMIT=1). Reported: median wall seconds per
page, CPU seconds per page (this process and its children), the B/A ratio and the share of the memo's words read
back. ocrmypdf is not a dependency of memokg: install it anywhere (`pip install ocrmypdf` in its own venv) and
name it with --ocrmypdf, or leave it out to time A alone.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from pipeline.ingest import ingest_path  # noqa: E402
from tests.hostile_factory import MEMO_LINES, scanned_memo_pdf  # noqa: E402


def scanned(folder: Path, pages: int) -> Path:
    """A scanned memo of `pages` picture-only pages."""
    single = scanned_memo_pdf(folder / "page.pdf")
    merged = pdfium.PdfDocument.new()
    source = pdfium.PdfDocument(single)
    for _ in range(pages):
        merged.import_pages(source)
    target = folder / "scanned.pdf"
    merged.save(target)
    merged.close()
    source.close()
    return target


def recall(text: str) -> float:
    """Share of the memo's words (one page's worth) found in the text read back."""
    wanted = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", " ".join(MEMO_LINES))}
    found = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}
    return len(wanted & found) / len(wanted)


def memokg_way(pdf: Path, _: Path) -> str:
    """A: memokg's own reader."""
    document = ingest_path(pdf)
    assert document.source.ocr_pages, "no page went through OCR"
    return document.text


def ocrmypdf_way(program: str) -> Callable[[Path, Path], str]:
    """B: ocrmypdf, then pdfplumber over the PDF it writes."""
    def read(pdf: Path, scratch: Path) -> str:
        target = scratch / "ocrmypdf-out.pdf"
        subprocess.run([program, "--output-type", "pdf", "-j", "1", "--optimize", "0", "-q", str(pdf), str(target)],
                       check=True, capture_output=True)
        with pdfplumber.open(target) as document:
            return "\n".join(page.extract_text() or "" for page in document.pages)
    return read


def timed(read: Callable[[Path, Path], str], pdf: Path, scratch: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds (self and children) of one read, and its text."""
    def cpu() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    wall, used = time.perf_counter(), cpu()
    text = read(pdf, scratch)
    return time.perf_counter() - wall, cpu() - used, text


def main() -> int:
    """Alternate A and B, print per-page medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ocrmypdf", default=shutil.which("ocrmypdf"), help="the ocrmypdf program")
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    ways: dict[str, Callable[[Path, Path], str]] = {"memokg (PDFium + pytesseract)": memokg_way}
    if args.ocrmypdf:
        ways["ocrmypdf + pdfplumber"] = ocrmypdf_way(args.ocrmypdf)
    else:
        print("ocrmypdf not found: timing memokg's way alone (pass --ocrmypdf PATH for the comparison)")
    figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in ways}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        pdf = scanned(scratch, args.pages)
        for read in ways.values():
            timed(read, pdf, scratch)  # warm-up: imports, Tesseract's language data in the page cache
        for _ in range(args.rounds):
            for name, read in ways.items():
                wall, cpu, text = timed(read, pdf, scratch)
                figures[name].append((wall / args.pages, cpu / args.pages, recall(text)))
    medians = {}
    for name, rows in figures.items():
        wall, cpu = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
        medians[name] = wall
        print(f"{name:32} {wall:6.2f} s/page wall, {cpu:6.2f} s/page CPU, words read back "
              f"{min(r[2] for r in rows):.0%} ({args.pages} pages x {args.rounds} rounds)")
    if len(medians) == 2:
        first, second = medians.values()
        print(f"ocrmypdf / memokg wall time per page: {second / first:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
