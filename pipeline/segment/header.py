"""Memo header fields: label detection, value cleaning, dates and handling markings.

The label vocabulary comes from ``models/headings.json`` (``header_fields``);
this module only knows the shape of a header: ``Label: value`` pairs on one
line or many, in any order, plus TLP or classification markings anywhere.
Pure functions over strings; the compiled rules are built once per models
folder by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.segment.dates import parse_date
from pipeline.text import fold

# A comma or semicolon splits a list unless a closing bracket comes before the next opening one.
_LIST_SPLIT = re.compile(r"[,;](?![^(\[{]*[)\]}])")
_SEPARATORS = " \t\n-–—|;,"
_MARKUP = re.compile(r"\*\*|__")
_FIELDISH = re.compile(r"^\s*(?:\*\*|__)?[A-Z][\w’' ]{0,24}(?:\*\*|__)?\s*:(?:\*\*|__)?\s+\S")
_LEADING_BULLET = re.compile(r"^\s*(?:[-*•]\s+|#{1,6}\s*|\|\s*)")


@dataclass(frozen=True)
class HeaderRules:
    """Compiled header vocabulary: field labels, reference prefixes and markings."""

    label_re: re.Pattern[str]
    fields: dict[str, str]
    ref_prefix_re: re.Pattern[str]
    tlp_re: re.Pattern[str]
    class_any_re: re.Pattern[str]
    class_upper_re: re.Pattern[str]
    banner_split_re: re.Pattern[str] | None = None
    banner_max_parts: int = 5
    banner_max_chars: int = 140


def label_key(label: str) -> str:
    """Normalised form of a header label, used to look up its field."""
    return re.sub(r"[\s.:#]+$", "", fold(label))


def _alternation(words: list[str]) -> str:
    """Regex alternation of literal phrases, longest first so 'Date of issue' beats 'Date'."""
    groups: dict[str, list[str]] = {}  # by first character: the scan then tries one branch per position
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        groups.setdefault(word[0], []).append(r"\s+".join(re.escape(p) for p in word[1:].split(" ")))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(tails)})" for first, tails in sorted(groups.items()))


def build_header_rules(data: dict[str, Any]) -> HeaderRules:
    """Compile the header part of headings.json."""
    fields = {label_key(label): field for field, labels in data["header_fields"].items() for label in labels}
    labels = [label for labels in data["header_fields"].values() for label in labels]
    # A label needs a colon, unless it ends with '.', '#' or 'No' ("Ref. 12", "Reference No 12").
    label_re = re.compile(
        rf"(?<![\w])(?P<label>{_alternation(labels)})"
        r"(?:[ \t]*[:：]|(?:(?<=[.#])|(?<=no)|(?<=nr))[ \t]+(?=\S))",
        re.I,
    )
    prefixes = _alternation(data["reference_prefixes"])
    tlp = _alternation(data["tlp_levels"])
    classes = _alternation(data["classifications"])
    banner = data.get("banner", {})
    separators = [str(sep) for sep in banner.get("separators", [])]
    return HeaderRules(
        banner_split_re=re.compile("|".join(re.escape(sep) for sep in separators)) if separators else None,
        banner_max_parts=int(banner.get("max_parts", 5)),
        banner_max_chars=int(banner.get("max_chars", 140)),
        label_re=label_re,
        fields=fields,
        ref_prefix_re=re.compile(rf"^(?:(?:{prefixes})(?:\s+|(?<=[.#])(?=\S)))+", re.I),
        tlp_re=re.compile(rf"\bTLP\s*[:\-]?\s*(?P<level>{tlp})(?![\w+])", re.I),
        class_any_re=re.compile(rf"(?<![\w-])(?:{classes})(?![\w-])", re.I),
        class_upper_re=re.compile(rf"(?<![\w-])(?:{classes})(?![\w-])"),
    )


def strip_markup(line: str) -> str:
    """A header line without markdown emphasis, heading hashes or a list bullet."""
    return _LEADING_BULLET.sub("", _MARKUP.sub("", line)).strip()


def is_marking_line(line: str, rules: HeaderRules) -> bool:
    """True for a line holding only handling markings, e.g. 'TLP:AMBER' or 'UNCLASSIFIED // EU'."""
    if len(line) > 120:
        return False
    rest, found = rules.tlp_re.subn("", line)
    rest, found_class = rules.class_upper_re.subn("", rest)
    return bool(found or found_class) and not re.sub(r"[\s/|:()\[\]*_\-–—]+|\bEU\b", "", rest)


def is_header_line(line: str, rules: HeaderRules) -> bool:
    """True when a line starts with a header label or carries two of them ('Date: x Version: y')."""
    clean = strip_markup(line)
    if rules.label_re.match(clean):
        return True
    return len(rules.label_re.findall(clean, 0, 2000)) >= 2


def has_label(line: str, rules: HeaderRules) -> bool:
    """True when a header label with its colon appears anywhere in the line (a wrapped header line)."""
    return rules.label_re.search(strip_markup(line), 0, 2000) is not None


def split_list(value: str) -> list[str]:
    """Items of a comma/semicolon list, trimmed, never split inside brackets."""
    cleaned = (" ".join(item.split()).strip(" .-–—|") for item in _LIST_SPLIT.split(value))
    return [item for item in cleaned if item]


def find_marking(zone: str, rules: HeaderRules, field_values: list[str] | None = None) -> str | None:
    """Normalised marking: a TLP label anywhere in the zone, else a classification word."""
    zone = _MARKUP.sub("", zone)
    tlp = rules.tlp_re.search(zone)
    if tlp:
        return "TLP:" + tlp.group("level").upper()
    for value in field_values or []:
        found = rules.class_any_re.search(value)
        if found:
            return " ".join(found.group(0).upper().split())
    found = rules.class_upper_re.search(zone)
    return " ".join(found.group(0).split()) if found else None


def parse_header(header: str, rules: HeaderRules, zone: str | None = None) -> dict[str, Any]:
    """Metadata fields of a header text (one or many lines joined); zone is where markings may sit."""
    text = _MARKUP.sub("", header)
    # Markings are removed first so 'TLP:AMBER' never leaks into the value of the field before it.
    text = rules.tlp_re.sub(" | ", text)
    matches = list(rules.label_re.finditer(text))
    raw: dict[str, str] = {}
    marking_values: list[str] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        field = rules.fields.get(label_key(match.group("label")))
        value = text[match.end() : end].strip(_SEPARATORS)
        if field == "marking":
            marking_values.append(value)
        elif field and field not in raw:
            raw[field] = value
    out: dict[str, Any] = {"marking": find_marking(zone if zone is not None else header, rules, marking_values)}
    if "issuer" in raw:
        out["issuer"] = " ".join(raw["issuer"].split()) or None
    out["reference"] = _reference(raw.get("reference"), text, rules)
    if "date" in raw:
        out["date"], out["date_raw"] = parse_date(raw["date"])
    if "version" in raw:
        out["version"] = _version(raw["version"])
    out["keywords"] = split_list(raw.get("keywords", ""))
    out["sources"] = split_list(raw.get("sources", ""))
    return out


def _reference(value: str | None, text: str, rules: HeaderRules) -> str | None:
    """Memo reference from its field ('Memo [190516-2]' -> '190516-2'), or a bare 'Memo [..]' in the header."""
    if value is None:
        bare = re.search(r"\bMemo\s*(?:No\.?\s*)?\[([^\]\n]{1,60})\]", text, re.I)
        return bare.group(1).strip() if bare else None
    bracketed = re.search(r"\[([^\]]{1,60})\]", value)
    if bracketed:
        return bracketed.group(1).strip() or None
    value = rules.ref_prefix_re.sub("", value.strip()).strip()
    first = value.split()[0] if value.split() else ""
    # 'Memo 2019-042 (update)' keeps the identifier only; a wordy reference stays whole.
    chosen = first if any(ch.isdigit() for ch in first) else " ".join(value.split())
    return chosen.strip(" ,;") or None


def _version(value: str) -> str | None:
    """Version number as written, without a leading 'v'."""
    first = value.split()[0].strip(",;") if value.split() else ""
    return re.sub(r"^[vV](?=\d)", "", first) or None


def unknown_field(line: str, rules: HeaderRules) -> bool:
    """True for a 'Label: value' line whose label is not a known header field ('Author: ...')."""
    return bool(_FIELDISH.match(line)) and not has_label(line, rules)


def header_block(lines: list[str], first: int, rules: HeaderRules, body_line: Callable[[str], bool]) -> list[int]:
    """Indices of the header lines from `first`: fields, markings and wrapped continuations.

    `body_line` tells a line that opens the body (a heading, a bullet). PDF extraction may wrap
    a header line anywhere and even put a blank line inside it, so a line after a gap still
    belongs to the header when the previous line ended on a separator and the line goes on
    with a label or a lower-case word.
    """
    block, i = [first], first + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            nxt = lines[i] if i < len(lines) else ""
            dangling = lines[block[-1]].rstrip()[-1:] in (",", ";", ":", "-")
            if is_header_line(nxt, rules) or is_marking_line(nxt, rules):
                continue
            if dangling and nxt.strip() and (has_label(nxt, rules) or nxt.lstrip()[:1].islower()):
                continue
            break
        if has_label(line, rules) or is_marking_line(line, rules):
            block.append(i)
            i += 1
            continue
        run = _continuation_run(lines, i, rules, body_line)
        if not run:
            break
        block.extend(run)
        i = run[-1] + 1
    return block


def _continuation_run(lines: list[str], i: int, rules: HeaderRules, body_line: Callable[[str], bool]) -> list[int]:
    """Lines from i that continue a wrapped header line: up to 3, closed by a blank line or the body."""
    run: list[int] = []
    while i < len(lines) and len(run) < 4:
        line = lines[i]
        if not line.strip() or has_label(line, rules) or is_marking_line(line, rules) or body_line(line):
            break
        run.append(i)
        i += 1
    if not run or len(run) > 3:
        return []
    if i < len(lines):
        return run
    # Closed only by the end of the text: take it when it plainly continues a value.
    previous, following = lines[run[0] - 1].strip(), lines[run[0]].lstrip()
    return run if previous[-1:] in (",", ";", ":", "-") or following[:1].islower() or following[:1].isdigit() else []


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines with spaces, without a space after a line-final hyphen ('190516-' + '2')."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        glue = "" if not out or (out.endswith("-") and len(out) > 1 and out[-2].isalnum()) else " "
        out += glue + part
    return out
