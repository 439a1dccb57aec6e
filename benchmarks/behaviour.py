"""Per-cause scores of the behavioural relation suites, as the table in benchmarks/behaviour.md.

    python benchmarks/behaviour.py [--write]

Runs every suite under tests/behaviour through the extractor (`memokg eval --suite`), prints one table per suite
(P/R/F1 of SUPPLIES and PROVIDES per cause and per kind, statuses, invariance) and, with --write, saves them to
benchmarks/behaviour.md and benchmarks/behaviour.json (the figures tests/evaluate/test_behaviour.py guards).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.extract import MemoProcessor
from pipeline.run import evaluate_suite
from pipeline.schema import SuiteReport, SuiteScore

ROOT = Path(__file__).resolve().parents[1]
SUITES = sorted((ROOT / "tests" / "behaviour").glob("*.jsonl"))


def _row(score: SuiteScore) -> str:
    s, p = score.supplies, score.provides
    return (f"| {score.slice} | {score.cases} | {score.passed} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} "
            f"| {p.precision:.2f} | {p.recall:.2f} | {p.f1:.2f} |")


def table(report: SuiteReport) -> str:
    """One Markdown table of a suite report."""
    head = ["| slice | cases | passed | SUP P | SUP R | SUP F1 | PROV P | PROV R | PROV F1 |",
            "|---|---|---|---|---|---|---|---|---|"]
    rows = [_row(s) for s in [*report.by_cause, *report.by_kind, *([report.total] if report.total else [])]]
    tail = (f"\nStatuses right: {report.statuses_correct}/{report.statuses_expected}; invariance groups "
            f"consistent: {report.invariance_consistent}/{report.invariance_groups}.")
    return "\n".join(head + rows) + tail


def main() -> None:
    """Score every suite; print the tables and optionally write them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write benchmarks/behaviour.md and .json")
    args = parser.parse_args()
    processor = MemoProcessor()
    parts, figures = [], {}
    for suite in SUITES:
        report = evaluate_suite(suite, processor=processor)
        parts.append(f"## {suite.name} ({report.cases} cases)\n\n{table(report)}\n")
        figures[suite.name] = {s.slice: {"supplies_f1": round(s.supplies.f1, 2), "provides_f1": round(s.provides.f1, 2),
                                         "supplies_p": round(s.supplies.precision, 2),
                                         "provides_p": round(s.provides.precision, 2)}
                               for s in [*report.by_cause, *([report.total] if report.total else [])]}
    text = ("# Behavioural relation suites\n\nInvented texts, one pattern each (CheckList style: MFT, INV, DIR), "
            "scored at document level. Produced by `python benchmarks/behaviour.py --write`.\n\n" + "\n".join(parts))
    print(text)
    if args.write:
        (ROOT / "benchmarks" / "behaviour.md").write_text(text, encoding="utf-8")
        (ROOT / "benchmarks" / "behaviour.json").write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n",
                                                            encoding="utf-8")


if __name__ == "__main__":
    main()
