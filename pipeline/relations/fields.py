"""Relations written as labelled fields, as procurement records and leak summaries are:

    Vendor: Tavor Ridge Ltd
    Customer: Ministry of Defence, Azerbaijan
    Capability: drone-based signals intelligence

A block of consecutive "Label: value" lines (bulleted or not, ended by a blank line or a line without a label)
whose labels say who sells (`field_labels.vendor` in relation_cues.json), who buys (`customer`) and what
(`capability`) gives SUPPLIES from each vendor to each customer country (a country, or the country of a state
body) and PROVIDES from each vendor to each capability. Labels of other fields ("Server hosting", "Target")
give nothing. The evidence is the whole block; the method is `fields`.
"""

from __future__ import annotations

import re

from pipeline.relations.args import Arg, MentionIndex
from pipeline.relations.clauses import is_umbrella
from pipeline.relations.frames import Candidate, as_customer
from pipeline.relations.structure import Line

_FIELD = re.compile(r"^\s*(?:[-*\u2022\u2013]\s+)?(?P<label>[A-Za-z][A-Za-z /&-]{0,30}?)\s*:\s*\S")


class FieldRecords:
    """SUPPLIES and PROVIDES from blocks of labelled lines."""

    def __init__(self, index: MentionIndex) -> None:
        self.index = index
        labels = index.cues.structure.get("field_labels", {})
        self.labels = {role: frozenset(w.lower() for w in labels.get(role, [])) for role in
                       ("vendor", "customer", "capability")}

    def role(self, line: Line) -> str | None:
        """The role of a labelled line ('vendor', 'customer', 'capability'), 'other' for another label, None for
        a line without one."""
        found = _FIELD.match(line.text)
        if found is None:
            return None
        label = " ".join(found.group("label").lower().split())
        return next((role for role, words in self.labels.items() if label in words), "other")

    def candidates(self, lines: list[Line]) -> list[Candidate]:
        """Candidates of every block that names a vendor, from the Doc's lines (`lines_of`)."""
        out: list[Candidate] = []
        block: list[tuple[str, Line]] = []
        for line in [*lines, None]:
            role = self.role(line) if line is not None else None
            if role is None:
                out.extend(self._block(block))
                block = []
            else:
                block.append((role, line))
        return out

    def _block(self, block: list[tuple[str, Line]]) -> list[Candidate]:
        index = self.index
        part = lambda role: [m for r, line in block if r == role for m in line.mentions]  # noqa: E731
        vendors = [(first, e) for first, _last, e in part("vendor") if index.is_vendor(e)]
        if not vendors or len(block) < 2:
            return []
        end = block[-1][1].end
        doc = index.doc
        # the cue is the block's first label: the evidence then runs from the first line to the last
        cue = next((t.i for t in doc if t.idx >= block[0][1].start and not (t.is_space or t.is_punct)), vendors[0][0])
        customers = [(first, c) for first, _last, e in part("customer")
                     for c in [as_customer(Arg(e, first), index)] if c is not None]
        techs = [(first, e) for first, _last, e in part("capability")
                 if e.label == "TECHNOLOGY" and not is_umbrella(e, index.cues.umbrella)]
        out: list[Candidate] = []
        for v_token, vendor in vendors:
            for c_token, country in {c.id: (i, c) for i, c in customers}.values():
                if country.iso3 != vendor.country:
                    out.append(Candidate("SUPPLIES", vendor, country, cue, "fields", None, end, (v_token, c_token)))
            for t_token, tech in {t.id: (i, t) for i, t in techs}.values():
                out.append(Candidate("PROVIDES", vendor, tech, cue, "fields", tech.id, end, (v_token, t_token)))
        return out
