"""Run a behavioural relation suite through the extractor and score it (`memokg eval --suite`)."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluate import load_suite, score_suite
from pipeline.extract import MemoProcessor
from pipeline.knowledge import Knowledge
from pipeline.schema import SuiteReport


def evaluate_suite(path: Path, model: str | None = None, models: Knowledge | Path | str | None = None,
                   processor: MemoProcessor | None = None) -> SuiteReport:
    """Extract every case text of the suite at `path` and score the relations per cause and kind."""
    cases = load_suite(path)
    processor = processor or MemoProcessor(model=model, models=models)
    records = {case.id: processor.process_bytes(case.text.encode("utf-8"), name=f"{case.id}.txt") for case in cases}
    return score_suite(str(path), cases, records)
