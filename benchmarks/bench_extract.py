"""Words per second of the plain spaCy model against memokg's full Extractor on the same texts.

Usage: python benchmarks/bench_extract.py [FOLDER ...] [--repeat N] [--batch-size N]
Default folder: corpus/. Texts are read with ingest (txt, md, pdf). Three figures: plain
`nlp.pipe` of the same statistical model; the Extractor without the relation component
(entities only: memokg's own cost); the full Extractor. CPU seconds are used, so a busy
machine distorts the figures less. The target is a full/plain ratio of at least 0.70.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import MemokgError
from pipeline.extract import Extractor, load_model
from pipeline.ingest import ingest_path
from pipeline.segment import segment

SUFFIXES = (".txt", ".md", ".pdf")


def read_texts(folders: list[Path]) -> list[str]:
    """Memo texts of every readable file in the folders (sorted by path)."""
    texts = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES):
            try:
                texts.append(ingest_path(path).text)
            except MemokgError:
                continue
    return texts


def words_per_second(run: Callable[[], object], words: int) -> float:
    """CPU-time throughput of one call."""
    start = time.process_time()
    run()
    return words / max(time.process_time() - start, 1e-9)


def main() -> None:
    """Print plain, entities-only and full throughput and their ratios."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("corpus")])
    parser.add_argument("--repeat", type=int, default=1, help="process the texts this many times")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    texts = read_texts(args.folders) * args.repeat
    if not texts:
        raise SystemExit("no readable texts in " + ", ".join(map(str, args.folders)))
    items = [(t, segment(t).sections, None) for t in texts]
    words = sum(len(t.split()) for t in texts)
    plain_nlp = load_model()
    full = Extractor(batch_size=args.batch_size)
    entities_only = Extractor(batch_size=args.batch_size)
    entities_only.nlp.remove_pipe("memokg_relations")
    # Warm-up: first calls pay for lazy initialisation in spaCy and the matchers.
    for runner in (plain_nlp, full.nlp, entities_only.nlp):
        runner(texts[0][:2000])
    plain = words_per_second(lambda: list(plain_nlp.pipe(texts, batch_size=args.batch_size)), words)
    ents = words_per_second(lambda: list(entities_only.pipe(items)), words)
    whole = words_per_second(lambda: list(full.pipe(items)), words)
    print(f"texts={len(texts)} words={words}")
    print(f"plain nlp.pipe         {plain:10.0f} words/s")
    print(f"Extractor (entities)   {ents:10.0f} words/s   ratio {ents / plain:.2f}")
    print(f"Extractor (full)       {whole:10.0f} words/s   ratio {whole / plain:.2f}  (target >= 0.70)")


if __name__ == "__main__":
    main()
