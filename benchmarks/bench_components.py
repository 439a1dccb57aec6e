"""What every component of memokg's spaCy pipeline costs: CPU seconds per component over the same texts.

Usage: python benchmarks/bench_components.py [FOLDER ...] [--repeat N] [--batch-size N]

Default folder: corpus/. Texts are read with ingest and segmented as `memokg run` does; the docs are made as the
Extractor makes them (sections on the Doc), then sent through the pipeline one component at a time
(`component.pipe` over all docs), so each component's CPU time is measured alone, in pipeline order. The model's
own components (tok2vec, tagger, parser, ner, ...) are rows too: their sum against the whole is memokg's share.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import read_items  # noqa: E402

from pipeline.extract import Extractor  # noqa: E402
from pipeline.extract.factories import ENTITY_COMPONENTS, RELATION_COMPONENT, STRUCTURE_COMPONENT  # noqa: E402

MEMOKG = {STRUCTURE_COMPONENT, *ENTITY_COMPONENTS, RELATION_COMPONENT}


def main() -> None:
    """Print one row per component: CPU seconds, share of the pipeline, words/s of the pipeline up to it."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("corpus")])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    items = read_items(args.folders) * args.repeat
    texts = [text for text, _sections, _pages in items]
    words = sum(len(text.split()) for text in texts)
    extractor = Extractor(batch_size=args.batch_size)
    nlp = extractor.nlp
    nlp(texts[0][:2000])  # warm-up: lazy initialisation of matchers and the model
    start = time.process_time()
    docs = list(extractor._docs(items, []))  # the Extractor's own doc making (sections, chunk offsets)
    rows = [("make_doc (tokenizer, sections)", time.process_time() - start, False)]
    for name, component in nlp.pipeline:
        start = time.process_time()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=args.batch_size))
        else:
            docs = [component(doc) for doc in docs]
        rows.append((name, time.process_time() - start, name in MEMOKG))
    total = sum(seconds for _, seconds, _ in rows)
    print(f"texts={len(texts)} words={words} batch={args.batch_size}")
    print("| component | memokg's | CPU s | share | words/s alone |")
    print("|---|---|---|---|---|")
    for name, seconds, ours in rows:
        print(f"| `{name}` | {'yes' if ours else ''} | {seconds:.2f} | {seconds / total:.1%} | "
              f"{words / max(seconds, 1e-9):,.0f} |")
    model = sum(seconds for _, seconds, ours in rows if not ours)
    print(f"| all | | {total:.2f} | 100% | {words / total:,.0f} |")
    print(f"model and tokenizer alone: {model:.2f} s ({words / model:,.0f} words/s); memokg's components: "
          f"{total - model:.2f} s, {(total - model) / total:.1%} of the pipeline")


if __name__ == "__main__":
    main()
