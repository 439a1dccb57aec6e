"""`memokg eval`: score memo records against document-level gold annotations.

Gold files are `<stem>.gold.json` (orgs, countries, technologies, supplies,
provides, each with optional_* items that are neither rewarded nor penalised).
Predictions are the memo records of a run folder (`memos/*.json`,
`records.jsonl`, or any record JSON below it), paired with gold files by the
stem of the input file. Matching rules are in docs/evaluation.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import EvaluationError
from pipeline.schema import DocumentScore, EvaluationReport, LabelScore
from pipeline.text import fold

LABELS = ("ORG", "COUNTRY", "TECHNOLOGY", "SUPPLIES", "PROVIDES")
INPUT_SUFFIXES = (".txt", ".pdf", ".md", ".markdown", ".text")
Forms = set[str]


def normalise(text: str) -> str:
    """Comparison form: case-folded, no possessive, punctuation and dots/hyphens as spaces, no leading 'the'."""
    text = re.sub(r"'s\b", "", fold(text))
    text = re.sub(r"[^\w\s&+.-]", " ", text).replace(".", " ").replace("-", " ")
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def contains_words(form: str, name: str) -> bool:
    """Whether `name` appears in `form` as a run of whole words."""
    hay, needle = normalise(form).split(), normalise(name).split()
    n = len(needle)
    return n > 0 and any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


def stem_of(record: dict[str, Any]) -> str | None:
    """Input-file stem a record belongs to (source path, source name, or id)."""
    source = record.get("source") or {}
    for value in (source.get("path"), source.get("name"), record.get("id")):
        if isinstance(value, str) and value:
            name = Path(value).name
            lower = name.lower()
            return next((name[: -len(s)] for s in INPUT_SUFFIXES if lower.endswith(s)), name)
    return None


def _records(pred_dir: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted(pred_dir.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and "entities" in record:
                yield path, record
    for path in sorted(pred_dir.rglob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(record, dict) and "entities" in record:
            yield path, record


def load_predictions(pred_dir: Path) -> dict[str, dict[str, Any]]:
    """Records of a run folder by input stem (a memo's own JSON file wins over records.jsonl)."""
    out: dict[str, dict[str, Any]] = {}
    for path, record in _records(pred_dir):
        out[stem_of(record) or path.stem] = record
    return out


def entity_forms(entity: dict[str, Any]) -> Forms:
    """Every surface form of a predicted entity: name, aliases, mention texts."""
    forms = {entity.get("name") or ""} | {a for a in entity.get("aliases") or [] if isinstance(a, str)}
    forms |= {m.get("text") for m in entity.get("mentions") or [] if isinstance(m, dict) and m.get("text")}
    return {f for f in forms if isinstance(f, str) and normalise(f)}


def merge_same(items: list[Forms]) -> list[Forms]:
    """Predicted entities sharing a normalised form count as one."""
    merged: list[Forms] = []
    for forms in items:
        keys = {normalise(f) for f in forms}
        target = next((m for m in merged if keys & {normalise(f) for f in m}), None)
        if target is None:
            merged.append(set(forms))
        else:
            target |= forms
    return merged


def org_matches(forms: Forms, gold: dict[str, Any]) -> bool:
    """A predicted organisation matches when one of its forms equals the gold name or an alias."""
    names = {normalise(n) for n in [gold["name"], *gold.get("aliases", [])]}
    return any(normalise(f) in names for f in forms)


def tech_matches(forms: Forms, gold: dict[str, Any]) -> bool:
    """A predicted technology matches when a gold name or alias stands in one of its forms as whole words."""
    return any(contains_words(f, n) for f in forms for n in [gold["name"], *gold.get("aliases", [])])


def _as_records(items: list[Any]) -> list[dict[str, Any]]:
    return [{"name": i} if isinstance(i, str) else i for i in items]


class Tally:
    """Counts behind one label's figures."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.correct = self.predicted = self.found = self.gold = 0

    def score(self) -> LabelScore:
        """The label's precision, recall and F1 (1.0 when there is nothing to get wrong)."""
        p = self.correct / self.predicted if self.predicted else 1.0
        r = self.found / self.gold if self.gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return LabelScore(label=self.label, precision=round(p, 3), recall=round(r, 3), f1=round(f, 3),
                          predicted=self.predicted, gold=self.gold, correct_predicted=self.correct,
                          found_gold=self.found)


def _score_items(preds: list[Any], gold: list[Any], optional: list[Any], match: Callable[[Any, Any], bool],
                 show: Callable[[Any], str], tally: Tally) -> tuple[list[str], list[str]]:
    spurious = []
    for pred in preds:
        if any(match(pred, g) for g in gold):
            tally.correct += 1
            tally.predicted += 1
        elif not any(match(pred, g) for g in optional):
            tally.predicted += 1
            spurious.append(show(pred))
    found = [g for g in gold if any(match(p, g) for p in preds)]
    tally.found += len(found)
    tally.gold += len(gold)
    return [show_gold(g) for g in gold if g not in found], spurious


def show_gold(item: Any) -> str:
    """Display form of a gold item."""
    if isinstance(item, dict):
        return item["name"]
    return "->".join(item)


def predicted_items(record: dict[str, Any]) -> dict[str, list[Any]]:
    """What a record predicts, per label: forms of entities, ISO3 codes, (forms, code/forms) relation pairs."""
    entities = [e for e in record.get("entities") or [] if isinstance(e, dict)]
    by_id = {e.get("id"): e for e in entities}
    out: dict[str, list[Any]] = {label: [] for label in LABELS}
    for e in entities:
        label = str(e.get("label", "")).upper()
        if label == "COUNTRY" and isinstance(e.get("iso3"), str):
            out["COUNTRY"].append(e["iso3"].upper())
        elif label in ("ORG", "TECHNOLOGY") and entity_forms(e):
            out[label].append(entity_forms(e))
    for r in record.get("relations") or []:
        kind = str(r.get("type", "")).upper() if isinstance(r, dict) else ""
        src, dst = by_id.get(r.get("source")) if kind else None, by_id.get(r.get("target")) if kind else None
        if src is None or dst is None:
            continue
        if kind == "SUPPLIES" and isinstance(dst.get("iso3"), str):
            out[kind].append((entity_forms(src), dst["iso3"].upper()))
        elif kind == "PROVIDES":
            out[kind].append((entity_forms(src), entity_forms(dst)))
    return out


def _merge_pairs(pairs: list[tuple[Forms, Any]], same_target: Callable[[Any, Any], bool]) -> list[tuple[Forms, Any]]:
    merged: list[tuple[Forms, Any]] = []
    for forms, target in pairs:
        keys = {normalise(f) for f in forms}
        hit = next((m for m in merged if same_target(m[1], target) and keys & {normalise(f) for f in m[0]}), None)
        if hit is None:
            merged.append((set(forms), target))
        else:
            hit[0].update(forms)
    return merged


def _unique_pairs(pairs: list[tuple[Forms, Forms]]) -> list[tuple[Forms, Forms]]:
    """Vendor-technology pairs with the same normalised forms on both sides count once."""
    seen, out = set(), []
    for src, dst in pairs:
        key = (frozenset(map(normalise, src)), frozenset(map(normalise, dst)))
        if key not in seen:
            seen.add(key)
            out.append((src, dst))
    return out


def score_document(gold: dict[str, Any], pred: dict[str, list[Any]], tallies: dict[str, Tally], name: str,
                   has_output: bool) -> DocumentScore:
    """Add one document to the tallies and list its misses and false positives."""
    report = DocumentScore(document=name, has_output=has_output)
    orgs, opt_orgs = _as_records(gold.get("orgs", [])), _as_records(gold.get("optional_orgs", []))
    techs, opt_techs = _as_records(gold.get("technologies", [])), _as_records(gold.get("optional_technologies", []))
    shown = lambda forms: sorted(forms)[0]  # noqa: E731
    for label, g, o, match in (("ORG", orgs, opt_orgs, org_matches), ("TECHNOLOGY", techs, opt_techs, tech_matches)):
        missed, spurious = _score_items(merge_same(pred[label]), g, o, match, shown, tallies[label])
        report.missed[label], report.spurious[label] = missed, spurious
    gold_c = {c.upper() for c in gold.get("countries", [])}
    pred_c = set(pred["COUNTRY"]) - ({c.upper() for c in gold.get("optional_countries", [])} - gold_c)
    t = tallies["COUNTRY"]
    t.correct, t.predicted = t.correct + len(pred_c & gold_c), t.predicted + len(pred_c)
    t.found, t.gold = t.found + len(pred_c & gold_c), t.gold + len(gold_c)
    report.missed["COUNTRY"], report.spurious["COUNTRY"] = sorted(gold_c - pred_c), sorted(pred_c - gold_c)
    by_name = {o["name"]: o for o in orgs + opt_orgs}
    tech_by_name = {t["name"]: t for t in techs + opt_techs}
    org_of = lambda n: by_name.get(n, {"name": n})  # noqa: E731
    tech_of = lambda n: tech_by_name.get(n, {"name": n})  # noqa: E731
    supplies = _merge_pairs(pred["SUPPLIES"], lambda a, b: a == b)
    sup_match = lambda p, g: p[1] == g[1].upper() and org_matches(p[0], org_of(g[0]))  # noqa: E731
    missed, spurious = _score_items(supplies, [tuple(x) for x in gold.get("supplies", [])],
                                    [tuple(x) for x in gold.get("optional_supplies", [])], sup_match,
                                    lambda p: f"{sorted(p[0])[0]}->{p[1]}", tallies["SUPPLIES"])
    report.missed["SUPPLIES"], report.spurious["SUPPLIES"] = missed, spurious
    provides = _unique_pairs(pred["PROVIDES"])
    prov_match = lambda p, g: org_matches(p[0], org_of(g[0])) and tech_matches(p[1], tech_of(g[1]))  # noqa: E731
    missed, spurious = _score_items(provides, [tuple(x) for x in gold.get("provides", [])], [], prov_match,
                                    lambda p: f"{sorted(p[0])[0]}->{sorted(p[1])[0]}", tallies["PROVIDES"])
    report.missed["PROVIDES"], report.spurious["PROVIDES"] = missed, spurious
    return report


def evaluate(gold_dir: Path, pred_dir: Path) -> EvaluationReport:
    """Score the records under pred_dir against the gold files of gold_dir."""
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    for folder in (gold_dir, pred_dir):
        if not folder.is_dir():
            raise EvaluationError("not_found", f"folder does not exist: {folder}", str(folder))
    gold_files = sorted(gold_dir.glob("*.gold.json"))
    if not gold_files:
        raise EvaluationError("no_gold", f"no *.gold.json files in {gold_dir}", str(gold_dir))
    preds = load_predictions(pred_dir)
    tallies = {label: Tally(label) for label in LABELS}
    report = EvaluationReport(gold_dir=str(gold_dir), pred_dir=str(pred_dir))
    for path in gold_files:
        name = path.name[: -len(".gold.json")]
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise EvaluationError("gold_invalid", f"cannot read gold file: {exc}", str(path)) from exc
        record = preds.get(name)
        if record is None:
            report.missing_outputs.append(name)
        pred = predicted_items(record) if record is not None else {label: [] for label in LABELS}
        report.per_document.append(score_document(gold, pred, tallies, name, record is not None))
    report.documents = len(report.per_document)
    report.scores = [tallies[label].score() for label in LABELS]
    total = Tally("ALL")
    for t in tallies.values():
        total.correct, total.predicted = total.correct + t.correct, total.predicted + t.predicted
        total.found, total.gold = total.found + t.found, total.gold + t.gold
    report.scores.append(total.score())
    return report


def format_report(report: EvaluationReport) -> str:
    """Plain-text report: per-document misses and false positives, then the table of figures."""
    lines = []
    for doc in report.per_document:
        errors = [(label, doc.missed.get(label, []), doc.spurious.get(label, [])) for label in LABELS]
        errors = [e for e in errors if e[1] or e[2]]
        if errors:
            lines.append(f"== {doc.document}" + ("" if doc.has_output else "  (no output)"))
            for label, missed, spurious in errors:
                lines.append(f"   {label:<10} missed: {', '.join(missed) or '-'}")
                lines.append(f"   {'':<10} spurious: {', '.join(spurious) or '-'}")
    if report.missing_outputs:
        lines.append("no output for: " + ", ".join(report.missing_outputs))
    lines.append(f"{'':<11}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}")
    for s in report.scores:
        lines.append(f"{s.label:<11}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.predicted:>7}{s.gold:>7}")
    lines.append(f"{report.documents} documents")
    return "\n".join(lines)
