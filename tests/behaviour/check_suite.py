#!/usr/bin/env python3
"""Validate the behavioural relation suite (relations.jsonl next to this file).

    python3 tests/behaviour/check_suite.py [FILE]
Exit status 1 and one line per problem when the file does not validate.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

CAUSES = {"discourse", "no_trigger", "product", "nominal", "country_body",
          "company_capability", "lexicon", "precision"}
KINDS = {"MFT", "INV", "DIR"}
STATUSES = {"alleged", "denied", "halted", "planned"}
KEYS = {"id", "cause", "kind", "text", "supplies", "provides", "optional_supplies",
        "optional_provides", "statuses", "group", "note"}
ISO3 = re.compile(r"^[A-Z]{3}$")
MIN_PER_CAUSE = 13


def check(path: Path) -> list[str]:
    errors, ids, causes, groups = [], set(), Counter(), Counter()
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{no}"
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not JSON ({exc})")
            continue
        if not isinstance(case, dict) or set(case) != KEYS:
            errors.append(f"{where}: keys must be exactly {sorted(KEYS)}")
            continue
        cid, text = case["id"], case["text"]
        if cid in ids:
            errors.append(f"{where}: duplicate id {cid}")
        ids.add(cid)
        if case["cause"] not in CAUSES:
            errors.append(f"{where}: unknown cause {case['cause']!r}")
        causes[case["cause"]] += 1
        if case["kind"] not in KINDS:
            errors.append(f"{where}: unknown kind {case['kind']!r}")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: empty text")
            continue
        if (case["kind"] == "INV") != (case["group"] is not None):
            errors.append(f"{where}: INV cases and only they carry a group")
        if case["group"] is not None:
            groups[case["group"]] += 1
        for key in ("supplies", "optional_supplies", "provides", "optional_provides"):
            for pair in case[key]:
                if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
                    errors.append(f"{where}: {key} item {pair!r} is not a [str, str] pair")
                    continue
                if pair[0] not in text:
                    errors.append(f"{where}: vendor {pair[0]!r} of {key} not in the text")
                if key.endswith("supplies") and not ISO3.match(pair[1]):
                    errors.append(f"{where}: {pair[1]!r} is not an ISO3 code")
        kinds = ("supplies", "optional_supplies", "provides", "optional_provides")
        pairs = {"|".join(p) for k in kinds for p in case[k]}
        optional = {"|".join(p) for p in case["optional_supplies"]}
        for key, status in case["statuses"].items():
            if status not in STATUSES or key not in pairs:
                errors.append(f"{where}: bad status entry {key!r}: {status!r}")
            elif status != "alleged" and "|" in key and ISO3.match(key.rsplit("|", 1)[1]) and key not in optional:
                errors.append(f"{where}: {status} supply {key!r} must be under optional_supplies")
    for cause in sorted(CAUSES):
        if causes[cause] < MIN_PER_CAUSE:
            errors.append(f"cause {cause}: {causes[cause]} cases, need {MIN_PER_CAUSE}")
    errors += [f"group {g}: only {n} member" for g, n in groups.items() if n < 2]
    return errors


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("relations.jsonl")
    problems = check(target)
    print("\n".join(problems) or f"{target.name}: ok")
    sys.exit(1 if problems else 0)
