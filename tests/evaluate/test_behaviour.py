"""The behavioural relation suites as tests: per cause, F1 may not fall below the recorded figures.

benchmarks/behaviour.json holds the figures `python benchmarks/behaviour.py --write` measured; a change that
costs a cause more than MARGIN of F1 (or the whole suite more than MARGIN of precision) fails here. Raising the
figures is done by rerunning the benchmark script and committing its output with the change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import MemoProcessor
from pipeline.run import evaluate_suite
from pipeline.schema import SuiteReport

ROOT = Path(__file__).resolve().parents[2]
RECORDED = json.loads((ROOT / "benchmarks" / "behaviour.json").read_text(encoding="utf-8"))
SUITES = sorted((ROOT / "tests" / "behaviour").glob("*.jsonl"))
MARGIN = 0.03

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reports() -> dict[str, SuiteReport]:
    """Every suite run once through the real extractor."""
    processor = MemoProcessor()
    return {suite.name: evaluate_suite(suite, processor=processor) for suite in SUITES}


def test_every_suite_has_recorded_figures() -> None:
    assert {s.name for s in SUITES} == set(RECORDED)


@pytest.mark.parametrize("suite", [s.name for s in SUITES])
def test_no_cause_falls_below_its_recorded_f1(reports: dict[str, SuiteReport], suite: str) -> None:
    report = reports[suite]
    fallen = []
    for score in [*report.by_cause, report.total]:
        want = RECORDED[suite][score.slice]
        for label, got in (("supplies_f1", score.supplies.f1), ("provides_f1", score.provides.f1)):
            if got < want[label] - MARGIN:
                fallen.append(f"{score.slice} {label}: {got:.2f} < {want[label]:.2f}")
    assert not fallen, "; ".join(fallen)


@pytest.mark.parametrize("suite", [s.name for s in SUITES])
def test_precision_of_the_whole_suite_holds(reports: dict[str, SuiteReport], suite: str) -> None:
    total, want = reports[suite].total, RECORDED[suite]["all"]
    assert total.supplies.precision >= want["supplies_p"] - MARGIN
    assert total.provides.precision >= want["provides_p"] - MARGIN
