"""Memo banners and running headers: the one-line 'issuer | marking | reference' a memo wears on top.

A banner's shape comes from ``models/headings.json`` (``banner``: separators,
at most so many parts, at most so many characters): a few short parts, exactly
one a TLP or classification marking, the others a reference, a date or a name.
A banner above the title is top matter, never the title; running header lines
that a PDF reader removed from every page still give the memo its marking,
reference and issuer when the text itself does not.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.segment.dates import parse_date
from pipeline.segment.header import HeaderRules, find_marking, is_marking_line, label_key, strip_markup


def banner_parts(line: str, rules: HeaderRules) -> dict[str, str] | None:
    """The issuer, marking and reference of a banner line ('ACME-CERT | TLP:GREEN | Memo 210412-3'), else None.

    A banner has the shape of headings.json's ``banner``: a few short parts between separators,
    exactly one a marking, every other one a reference, a date or a name; prose never fits.
    """
    text = strip_markup(line)
    if rules.banner_split_re is None or len(text) > rules.banner_max_chars:
        return None
    parts = [" ".join(part.split()) for part in rules.banner_split_re.split(text)]
    if not 2 <= len(parts) <= rules.banner_max_parts or not all(parts):
        return None
    markings = [part for part in parts if is_marking_line(part, rules)]
    if len(markings) != 1:
        return None
    found: dict[str, str] = {"marking": find_marking(markings[0], rules) or markings[0]}
    for part in parts:
        if part in markings:
            continue
        reference = _banner_reference(part, rules)
        if reference:
            found.setdefault("reference", reference)
        elif parse_date(part)[0] and len(part) <= 40:
            found.setdefault("date", part)
        elif _name_like(part) and "issuer" not in found and "reference" not in found:
            found["issuer"] = part
        else:
            return None
    return found if len(found) >= 2 else None


def _banner_reference(part: str, rules: HeaderRules) -> str | None:
    """The identifier of a reference part ('Memo 210412-3', 'Ref. 12/2021', 'Memo [190516-2]')."""
    bracketed = re.fullmatch(r"(?:\w+\.?\s*)?\[([^\]]{1,60})\]", part)
    if bracketed:
        return bracketed.group(1).strip() or None
    label = rules.label_re.match(part)
    if label and rules.fields.get(label_key(label.group("label"))) == "reference":
        part = part[label.end():].strip()
    rest = rules.ref_prefix_re.sub("", part)
    if rest == part and not label:
        return None
    return rest if len(rest.split()) == 1 and any(ch.isdigit() for ch in rest) else None


def _name_like(part: str) -> bool:
    """A short name: a few words starting upper-case or with a digit, no sentence punctuation."""
    words = part.split()
    return 1 <= len(words) <= 6 and part[0].isupper() and part[-1] not in ".,;:!?"


def fill_from_banners(meta: dict[str, Any], lines: list[str], rules: HeaderRules) -> None:
    """Marking, reference and issuer the metadata lacks, from banner lines (or any marking in them)."""
    if not lines:
        return
    for line in lines:
        found = banner_parts(line, rules)
        for key in ("marking", "reference", "issuer"):
            if found and found.get(key) and not meta.get(key):
                meta[key] = found[key]
    if not meta.get("marking"):
        meta["marking"] = find_marking("\n".join(lines), rules)
