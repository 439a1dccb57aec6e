"""Group accepted candidate spans into entities: ids, short forms, legal forms and surnames.

Names tied to a registry record keep its id. Other names get an id from their
merge key, so "ZTE Corp", "ZTE Corporation" and "ZTE's" share `org:zte`,
"HackingTeam" joins "Hacking Team", a short form that begins a longer
organisation name of the same memo ("Veltrix" in "Veltrix Security") joins it, and
a lone surname joins the one full name that ends with it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.entities.candidates import Cand
from pipeline.knowledge import Gazetteer, org_key, tech_key
from pipeline.text import fold, slugify


def org_words(text: str, legal: frozenset[str]) -> list[str]:
    """Folded words of an organisation name without article, possessive and trailing legal form."""
    words = re.sub(r"'s\b", "", fold(text)).replace(",", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in legal:
        words = words[:-1]
    return words


def unknown_id(label: str, text: str, gaz: Gazetteer) -> str:
    """Entity id of a name found outside the registries (or its registry id when its key is known)."""
    legal = gaz.words("legal_forms")
    if label == "ORG":
        known = gaz.org_id(text)
        return known or "org:" + (slugify(" ".join(org_words(text, legal))) or slugify(text))
    if label == "TECHNOLOGY":
        return gaz.tech_id(text) or "tech:" + slugify(tech_key(text))
    return f"{label.lower()}:{slugify(text)}"


def _merge_short_forms(groups: dict[str, tuple[str, list[Cand]]], doc: Doc, gaz: Gazetteer) -> None:
    """Merge an unknown ORG (or PERSON) whose words begin (or end) exactly one longer name of its label."""
    legal = gaz.words("legal_forms")
    words = {eid: {tuple(org_words(doc[c.start:c.end].text, legal)) for c in members}
             for eid, (label, members) in groups.items() if label in ("ORG", "PERSON")}
    for eid in sorted(groups, key=lambda e: (min(len(w) for w in words.get(e, {()})), e)):
        label, members = groups[eid]
        if label not in ("ORG", "PERSON") or eid in gaz.known or eid not in words:
            continue
        mine = words[eid]
        targets = set()
        for other, forms in words.items():
            if other == eid or groups.get(other, ("", []))[0] != label:
                continue
            for form in forms:
                for short in mine:
                    if len(form) > len(short) and (
                            label == "ORG" and form[:len(short)] == short
                            or label == "PERSON" and len(short) == 1 and form[-1:] == short):
                        targets.add(other)
        if len(targets) == 1:
            target = targets.pop()
            groups[target][1].extend(members)
            words[target] |= mine
            del groups[eid]
            del words[eid]


def group_candidates(doc: Doc, cands: list[Cand], gaz: Gazetteer) -> dict[str, tuple[str, list[Cand]]]:
    """Entity id -> (label, candidate spans), ids deterministic."""
    legal = gaz.words("legal_forms")
    spelled: dict[str, list[str]] = {}
    for c in cands:
        if c.label == "ORG" and not c.kb:
            text = doc[c.start:c.end].text
            spelled.setdefault(org_key(text, legal), []).append(text)
    # One id per merge key, from its most spelled-out form ("Hacking Team" rather than "HackingTeam").
    by_key = {key: unknown_id("ORG", max(texts, key=lambda t: (len(org_words(t, legal)), len(t), t)), gaz)
              for key, texts in spelled.items()}
    groups: dict[str, tuple[str, list[Cand]]] = {}
    for c in sorted(cands, key=lambda c: (c.start, c.end, c.label, c.kb)):
        text = doc[c.start:c.end].text
        if c.kb:
            entity_id = c.kb
        elif c.label == "ORG":
            entity_id = by_key[org_key(text, legal)]
        else:
            entity_id = unknown_id(c.label, text, gaz)
        groups.setdefault(entity_id, (c.label, []))[1].append(c)
    _merge_short_forms(groups, doc, gaz)
    return dict(sorted(groups.items()))
