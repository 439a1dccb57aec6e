"""Precision of each relation-finding method, measured on the project's own gold: the figures behind the
per-method confidences in models/relation_cues.json ("confidence").

A predicted SUPPLIES or PROVIDES relation counts as right when its (vendor, country) or (vendor, technology) pair
is a gold or optional pair of its document, matched as `memokg eval` matches them. Gold: corpus/gold (the sample
memos) and the behavioural suites under tests/behaviour. Usage:

    python benchmarks/calibrate_methods.py [--json benchmarks/calibration.json] [EXTRA_GOLD_DIR RECORDS_DIR]...

Extra (gold folder, run folder) pairs add further memos already run with `memokg run`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.evaluate import load_suite
from pipeline.evaluate.score import load_predictions, org_matches, tech_matches
from pipeline.evaluate.suite import case_gold
from pipeline.extract import MemoProcessor

ROOT = Path(__file__).resolve().parents[1]
SUITES = sorted((ROOT / "tests" / "behaviour").glob("*.jsonl"))


def _forms(entity: dict[str, Any]) -> set[str]:
    return {entity["name"], *entity.get("aliases", []), *(m["text"] for m in entity.get("mentions", []))}


def judge(record: dict[str, Any], gold: dict[str, Any], tally: dict[str, Counter]) -> None:
    """Add each SUPPLIES/PROVIDES relation of one record to its method's right/all counts."""
    by_id = {e["id"]: e for e in record["entities"]}
    orgs = {o["name"]: o for o in gold.get("orgs", []) + gold.get("optional_orgs", [])}
    techs = {t["name"]: t for t in gold.get("technologies", []) + gold.get("optional_technologies", [])}
    for rel in record["relations"]:
        if rel["type"] not in ("SUPPLIES", "PROVIDES") or rel["source"] not in by_id or rel["target"] not in by_id:
            continue
        src, dst = _forms(by_id[rel["source"]]), by_id[rel["target"]]
        if rel["type"] == "SUPPLIES":
            pairs = gold.get("supplies", []) + gold.get("optional_supplies", [])
            right = any(dst.get("iso3") == c and org_matches(src, orgs.get(v, {"name": v})) for v, c in pairs)
        else:
            pairs = gold.get("provides", []) + gold.get("optional_provides", [])
            right = any(org_matches(src, orgs.get(v, {"name": v}))
                        and tech_matches(_forms(dst), techs.get(t, {"name": t})) for v, t in pairs)
        key = f"{rel['type']} {rel['method']}"
        tally.setdefault(key, Counter())["all"] += 1
        tally[key]["right"] += int(right)


def _corpus(tally: dict[str, Counter], pairs: list[tuple[Path, Path]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "corpus"
        subprocess.run([sys.executable, "-m", "pipeline", "run", str(ROOT / "corpus"), "-o", str(out), "--no-viz",
                        "--no-graph", "-q"], check=True, cwd=ROOT)
        for gold_dir, run_dir in [(ROOT / "corpus" / "gold", out), *pairs]:
            preds = load_predictions(run_dir)
            for gold_path in sorted(gold_dir.glob("*.gold.json")):
                stem = gold_path.name[: -len(".gold.json")]
                if stem in preds:
                    judge(preds[stem], json.loads(gold_path.read_text(encoding="utf-8")), tally)


def _suites(tally: dict[str, Counter]) -> None:
    processor = MemoProcessor()
    for suite in SUITES:
        for case in load_suite(suite):
            record = processor.process_bytes(case.text.encode("utf-8"), name=f"{case.id}.txt")
            judge(record.to_dict(), case_gold(case) | {"optional_provides": case.optional_provides}, tally)


def main() -> None:
    """Print (and optionally write) the per-method precision table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the table as JSON here")
    parser.add_argument("extra", nargs="*", type=Path, help="pairs of GOLD_DIR RECORDS_DIR")
    args = parser.parse_args()
    tally: dict[str, Counter] = {}
    _corpus(tally, list(zip(args.extra[::2], args.extra[1::2], strict=True)))
    _suites(tally)
    rows = {k: {"right": c["right"], "all": c["all"], "precision": round(c["right"] / c["all"], 2)}
            for k, c in sorted(tally.items())}
    print(f"{'relation method':<34}{'right':>7}{'all':>6}{'precision':>11}")
    for key, row in rows.items():
        print(f"{key:<34}{row['right']:>7}{row['all']:>6}{row['precision']:>11.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
