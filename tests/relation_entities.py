"""Hand-made entities for relation tests: the relation stage's input, placed at the names' offsets in a text."""

from __future__ import annotations

import re

from pipeline.schema import Entity, Mention

# name -> (label, entity id, home country of an ORG or iso3 of a COUNTRY)
NameTable = dict[str, tuple[str, str, str | None]]


def entities_at_names(text: str, table: NameTable) -> list[Entity]:
    """Entities at the offsets of the table's names in the text (longest names first, no overlaps)."""
    taken: list[tuple[int, int]] = []
    found: dict[str, dict] = {}
    for name in sorted(table, key=len, reverse=True):
        label, eid, extra = table[name]
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            # the table plays the registry: its names are known names, as the entity ruler would mark them
            entry = found.setdefault(eid, {"id": eid, "label": label, "name": name, "mentions": [],
                                           "methods": ["ruler"]})
            if label == "COUNTRY":
                entry["iso3"] = extra
            elif label == "ORG" and extra:
                entry["country"] = extra
            entry["mentions"].append(Mention(text=m.group(0), start=m.start(), end=m.end()))
    return [Entity(**v) for _, v in sorted(found.items())]
