"""Words per second of memokg's extractor against plain `nlp.pipe` of the same model on the same texts, A/B.

Usage: python benchmarks/bench_extract.py [FOLDER ...] [--repeat N] [--rounds R] [--batch-size N] [--json FILE]

Default folder: corpus/. The memo texts are read and segmented once with memokg's ingest and segment (txt, md,
pdf), then repeated `--repeat` times. Both pipelines are loaded once, in this process, and warmed up; then each
round runs plain (spacy.load of the model, `nlp.pipe`) and memokg (the Extractor: the same model with memokg's
components, its `pipe` over (text, sections, pages), entities and relations out) back to back, the order
alternating from round to round, so that a busy machine slows both alike. Figures are CPU seconds of this
process (less disturbed by other work than wall time) and wall seconds; the ratio reported is the median of the
rounds' memokg/plain words/s ratios. Target: at least 0.8.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import MemokgError
from pipeline.extract import Extractor, load_model
from pipeline.ingest import ingest_path
from pipeline.segment import segment

SUFFIXES = (".txt", ".md", ".pdf")
TARGET = 0.8


def read_items(folders: list[Path]) -> list[tuple[str, list, list | None]]:
    """(text, sections, pages) of every readable memo in the folders, sorted by path (READMEs left out)."""
    items = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES):
            if path.stem.upper() == "README":
                continue
            try:
                document = ingest_path(path)
            except MemokgError:
                continue
            items.append((document.text, segment(document.text).sections, document.pages))
    return items


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall seconds of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    """Print one line per round and a JSON summary (saved with --json)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("corpus")])
    parser.add_argument("--repeat", type=int, default=2, help="process the texts this many times per run")
    parser.add_argument("--rounds", type=int, default=4, help="A/B rounds (the order alternates)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    items = read_items(args.folders) * args.repeat
    if not items:
        raise SystemExit("no readable texts in " + ", ".join(map(str, args.folders)))
    texts = [text for text, _, _ in items]
    words = sum(len(text.split()) for text in texts)
    plain_nlp = load_model()
    memokg = Extractor(batch_size=args.batch_size)
    # Warm-up: first calls pay for lazy initialisation in spaCy and the matchers.
    list(plain_nlp.pipe(texts[:8], batch_size=args.batch_size))
    list(memokg.pipe(items[:8]))
    runs = {
        "plain": lambda: [None for _ in plain_nlp.pipe(texts, batch_size=args.batch_size)],
        "memokg": lambda: [None for _ in memokg.pipe(items)],
    }
    rounds = []
    for number in range(args.rounds):
        order = ("plain", "memokg") if number % 2 == 0 else ("memokg", "plain")
        figures = {name: timed(runs[name]) for name in order}
        row = {f"{name}_{kind}_words_per_s": round(words / max(seconds[i], 1e-9))
               for name, seconds in figures.items() for i, kind in enumerate(("cpu", "wall"))}
        row["ratio_cpu"] = round(figures["plain"][0] / figures["memokg"][0], 3)
        row["ratio_wall"] = round(figures["plain"][1] / figures["memokg"][1], 3)
        rounds.append(row)
        print(json.dumps({"round": number + 1, "order": order, **row}), flush=True)
    summary = {
        "texts": len(texts), "words": words, "batch_size": args.batch_size, "cpus": os.cpu_count(),
        "load_average": os.getloadavg(), "rounds": rounds,
        "ratio_cpu_median": round(statistics.median(r["ratio_cpu"] for r in rounds), 3),
        "ratio_wall_median": round(statistics.median(r["ratio_wall"] for r in rounds), 3),
        "target": TARGET,
    }
    text = json.dumps(summary, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
