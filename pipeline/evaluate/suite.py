"""Behavioural relation suites (CheckList style): invented texts, one pattern each, scored per cause and kind.

A suite is a JSON Lines file of `SuiteCase`s. Each case is scored like a
document of `memokg eval` (the same matching rules: a vendor matches by name
or alias, a technology when a gold name stands in it as whole words; PROVIDES
has no optional pairs, as in the shared scorer), and the tallies are kept per
cause, per kind (MFT, INV, DIR) and overall. Expected statuses are checked on
the predicted relation, and each invariance group is consistent when all its
name-swapped variants are scored alike.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.errors import EvaluationError
from pipeline.evaluate.score import Tally, normalise, org_matches, predicted_items, score_document
from pipeline.schema import MemoRecord, SuiteCase, SuiteReport, SuiteScore

RELATIONS = ("SUPPLIES", "PROVIDES")


def load_suite(path: Path) -> list[SuiteCase]:
    """The cases of a suite file (blank lines skipped), or an EvaluationError naming the line."""
    cases: list[SuiteCase] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError("suite_unreadable", f"cannot read the suite: {exc}", str(path)) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            cases.append(SuiteCase.model_validate(json.loads(line)))
        except (ValueError, ValidationError) as exc:
            raise EvaluationError("suite_invalid", f"line {number}: {exc}", str(path)) from exc
    if not cases:
        raise EvaluationError("suite_empty", "the suite holds no case", str(path))
    return cases


def case_gold(case: SuiteCase) -> dict[str, Any]:
    """The document-level gold of a case, in the shape of a `.gold.json` file."""
    vendors = sorted({pair[0] for key in ("supplies", "provides", "optional_supplies", "optional_provides")
                      for pair in getattr(case, key)})
    techs = sorted({pair[1] for pair in case.provides})
    return {"orgs": [{"name": v} for v in vendors], "technologies": [{"name": t} for t in techs],
            "supplies": case.supplies, "optional_supplies": case.optional_supplies, "provides": case.provides}


def _status_checks(case: SuiteCase, record: MemoRecord) -> list[tuple[str, bool]]:
    """(key, right) for each expected status: a SUPPLIES or PROVIDES relation of that pair carries it."""
    by_id = {e.id: e for e in record.entities}
    out = []
    for key, expected in sorted(case.statuses.items()):
        vendor, _, target = key.partition("|")
        statuses = set()
        for relation in record.relations:
            source, dest = by_id.get(relation.source), by_id.get(relation.target)
            if source is None or dest is None or relation.type not in RELATIONS:
                continue
            forms = {source.name, *source.aliases, *(m.text for m in source.mentions)}
            target_ok = dest.iso3 == target.upper() if dest.iso3 else normalise(target) in {
                normalise(f) for f in {dest.name, *dest.aliases}}
            if target_ok and org_matches(forms, {"name": vendor}):
                statuses.add(relation.status)
        out.append((key, expected in statuses))
    return out


def _slice(name: str, tallies: dict[str, Tally], cases: int, passed: int) -> SuiteScore:
    return SuiteScore(slice=name, cases=cases, passed=passed, supplies=tallies["SUPPLIES"].score(),
                      provides=tallies["PROVIDES"].score())


def score_suite(suite: str, cases: list[SuiteCase], records: dict[str, MemoRecord]) -> SuiteReport:
    """Score the records (by case id) of a suite's cases."""
    groups: dict[str, dict[str, dict[str, Tally]]] = {"cause": defaultdict(_tallies), "kind": defaultdict(_tallies)}
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    total, total_count = _tallies(), [0, 0]
    report = SuiteReport(suite=suite, cases=len(cases))
    signatures: dict[str, set[tuple[int, ...]]] = defaultdict(set)
    for case in cases:
        record = records.get(case.id)
        if record is None:
            raise EvaluationError("suite_no_record", f"no record for case {case.id}", suite)
        pred = predicted_items(record.to_dict())
        one = _tallies()
        doc = score_document(case_gold(case), pred, one, case.id, True)
        ok = all(one[r].found == one[r].gold and one[r].correct == one[r].predicted for r in RELATIONS)
        problems = [f"{r} missed {', '.join(doc.missed[r])}" for r in RELATIONS if doc.missed.get(r)]
        problems += [f"{r} spurious {', '.join(doc.spurious[r])}" for r in RELATIONS if doc.spurious.get(r)]
        for key, right in _status_checks(case, record):
            report.statuses_expected += 1
            report.statuses_correct += right
            if not right:
                problems.append(f"status of {key} is not {case.statuses[key]}")
        if problems:
            report.failures[case.id] = problems
        for target, slice_key in ((groups["cause"][case.cause], ("cause", case.cause)),
                                  (groups["kind"][case.kind], ("kind", case.kind)), (total, None)):
            for label in RELATIONS:
                _add(target[label], one[label])
            count = counts[slice_key] if slice_key else total_count
            count[0] += 1
            count[1] += ok
        if case.group:
            signatures[case.group].add(tuple(x for r in RELATIONS for x in (one[r].found, one[r].gold,
                                                                            one[r].predicted - one[r].correct)))
    report.by_cause = [_slice(c, t, *counts[("cause", c)]) for c, t in sorted(groups["cause"].items())]
    report.by_kind = [_slice(k, t, *counts[("kind", k)]) for k, t in sorted(groups["kind"].items())]
    report.total = _slice("all", total, *total_count)
    report.invariance_groups = len(signatures)
    report.invariance_consistent = sum(1 for s in signatures.values() if len(s) == 1)
    return report


def _tallies() -> dict[str, Tally]:
    return {label: Tally(label) for label in ("ORG", "COUNTRY", "TECHNOLOGY", *RELATIONS)}


def _add(into: Tally, other: Tally) -> None:
    into.correct += other.correct
    into.predicted += other.predicted
    into.found += other.found
    into.gold += other.gold


def format_suite_report(report: SuiteReport, failures: bool = True) -> str:
    """Plain-text table: P/R/F1 of SUPPLIES and PROVIDES per cause, per kind and overall."""
    lines = []
    if failures:
        lines += [f"{case}: {'; '.join(problems)}" for case, problems in sorted(report.failures.items())]
    head = f"{'slice':<20}{'cases':>6}{'pass':>6}   {'SUP P':>6}{'R':>6}{'F1':>6}   {'PROV P':>6}{'R':>6}{'F1':>6}"
    lines.append(head)
    for row in [*report.by_cause, *report.by_kind, *([report.total] if report.total else [])]:
        s, p = row.supplies, row.provides
        lines.append(f"{row.slice:<20}{row.cases:>6}{row.passed:>6}   {s.precision:>6.2f}{s.recall:>6.2f}{s.f1:>6.2f}"
                     f"   {p.precision:>6.2f}{p.recall:>6.2f}{p.f1:>6.2f}")
    lines.append(f"statuses right: {report.statuses_correct}/{report.statuses_expected}; "
                 f"invariance groups consistent: {report.invariance_consistent}/{report.invariance_groups}")
    return "\n".join(lines)
