"""Relations that memos write without a verb: lists and tables under a lead line, inline client lists and
headings (role nouns are in `pipeline.relations.roles`).

A lead line names a vendor and what the items are (`list_cues` in
relation_cues.json: clients, users, deployments, installations...) and ends in
a colon or stands right above the items; each following item (a bullet, a table
row, or a short line naming a country) is a customer of that vendor. A table's
header row says which column holds customers and which only hosts or targets
(`customer_columns`, `non_customer_columns`). A lead that speaks of targets or
victims introduces no customers, and an item that says there is nothing ("no
deployments found") adds none.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.relations.args import Arg, MentionIndex
from pipeline.relations.clauses import is_umbrella
from pipeline.relations.coref import resolve_possessive, resolve_vendor
from pipeline.relations.frames import Candidate, as_customer, as_vendor
from pipeline.relations.roles import client_owner
from pipeline.schema import Entity

_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013\u25aa\u25cf]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@dataclass(frozen=True)
class Line:
    """One line of the Doc text: its character bounds and the entities mentioned on it."""

    start: int
    end: int
    text: str
    mentions: tuple[tuple[int, int, Entity], ...]

    @property
    def words(self) -> set[str]:
        """Lower-case words of the line."""
        return {w.lower() for w in _WORD.findall(self.text)}

    def item(self) -> bool:
        """Whether the line reads as a list item or a table row rather than as prose."""
        text = self.text.strip()
        if not text:
            return False
        if _BULLET.match(text) or "|" in text or "\t" in text:
            return True
        return len(text.split()) <= 6 and not text.endswith((".", ":")) and bool(self.countries())

    def countries(self) -> list[tuple[int, int, Entity]]:
        """Country mentions on the line, in order."""
        return [m for m in self.mentions if m[2].label == "COUNTRY"]


def lines_of(index: MentionIndex) -> list[Line]:
    """The Doc's lines with their entity mentions."""
    text = index.sents.text
    doc = index.doc
    out, start = [], 0
    by_line: dict[int, list[tuple[int, int, Entity]]] = {}
    breaks = [m.start() for m in re.finditer("\n", text)] + [len(text)]
    for first, last, entity in index.ordered:
        line_no = bisect.bisect_left(breaks, doc[first].idx)
        by_line.setdefault(line_no, []).append((first, last, entity))
    for n, end in enumerate(breaks):
        out.append(Line(start, end, text[start:end], tuple(by_line.get(n, []))))
        start = end + 1
    return out


class StructureFinder:
    """SUPPLIES from lists, tables, inline client lists, ranges, role nouns and headings."""

    def __init__(self, index: MentionIndex, makers: dict[str, str], by_id: dict[str, Entity]) -> None:
        self.index = index
        self.makers = makers
        self.by_id = by_id
        spec = index.cues.structure
        self.list_cues = frozenset(spec.get("list_cues", []))
        self.target_cues = frozenset(spec.get("target_cues", []))
        self.nothing = frozenset(spec.get("nothing_words", []))
        self.customer_columns = frozenset(spec.get("customer_columns", []))
        self.non_customer_columns = frozenset(spec.get("non_customer_columns", []))

    def candidates(self, lines: list[Line]) -> list[Candidate]:
        """Every structural candidate of the Doc, whose lines (`lines_of`) the caller read once."""
        out = self.blocks(lines)
        out += self.inline_lists()
        out += self.headings(lines)
        return out + self.row_products(out, lines)

    def row_products(self, found: list[Candidate], lines: list[Line]) -> list[Candidate]:
        """PROVIDES of the technologies on the row or item that makes a country a vendor's customer
        ("Armenia: social media monitoring", "Oman | voice interception")."""
        starts = [line.start for line in lines]
        umbrella = self.index.cues.umbrella
        out: list[Candidate] = []
        for c in found:
            if c.type != "SUPPLIES" or c.method not in {"list", "table"} or len(c.tokens) < 2:
                continue
            on = [lines[bisect.bisect_right(starts, self.index.doc[t].idx) - 1] for t in (c.tokens[1], c.tokens[0])]
            line = next((candidate for candidate in on if candidate.item()), None)
            if line is None:
                continue  # an inline list in a sentence: its technologies belong to the sentence's own frames
            spans = [(a, b) for a, b, e in line.mentions if e.label in {"TECHNOLOGY", "ORG"}]
            for first, last, tech in line.mentions:
                if any(a <= first and last <= b and (a, b) != (first, last) for a, b in spans):
                    continue  # "drone" of "drone jammers", a word inside a company's name
                maker = self.makers.get(tech.id, c.source.id)
                if tech.label == "TECHNOLOGY" and maker == c.source.id and not is_umbrella(tech, umbrella):
                    out.append(Candidate("PROVIDES", c.source, tech, c.cue, c.method, tech.id, c.evidence_end,
                                         (c.tokens[0], first)))
        return out

    def vendors_in(self, line: Line) -> list[tuple[int, Entity]]:
        """Vendors a line names: vendor organisations, makers of named products, and 'its' / 'the company'."""
        found: list[tuple[int, Entity]] = []
        for first, _last, entity in line.mentions:
            resolved = as_vendor(Arg(entity, first), self.index, self.makers, self.by_id)
            if resolved is not None:
                found.append((first, resolved[0]))
        if not found:
            for token in self.tokens(line):
                entity = resolve_vendor(token, self.index) or resolve_possessive(token, self.index)
                if entity is not None and self.index.is_vendor(entity):
                    found.append((token.i, entity))
                    break
        return found

    def tokens(self, line: Line) -> list[Token]:
        """The tokens of a line."""
        span = self.index.doc.char_span(line.start, line.end, alignment_mode="contract")
        return list(span) if span is not None else []

    def blocks(self, lines: list[Line]) -> list[Candidate]:
        """Items under a lead line that names a vendor and says what the items are."""
        out: list[Candidate] = []
        n = 0
        while n < len(lines):
            lead = lines[n]
            items, header, end = self.items_after(lines, n)
            if not items or not lead.text.strip():
                n += 1
                continue
            n = end
            words = lead.words | (header.words if header is not None else set())
            if words & self.target_cues or not (words & self.list_cues or lead.text.rstrip().endswith(":")):
                continue
            vendors = self.vendors_in(lead)
            if not vendors:
                found = self.supplier_items(lead, items, "table" if header else "list")
                out.extend(found)
                if found or not lead.text.rstrip().endswith(":"):
                    continue
                # "X has supplied kits to ... A brochure lists the following projects:": the vendor just named
                tokens = self.tokens(lead)
                named, v_token = self.previous_vendor(self.index.sents.start(tokens[0].i)) if tokens else ([], 0)
                vendors = [(v_token, v) for v in named]
                if not vendors:
                    continue
            if len({v.id for _, v in vendors}) != 1:
                continue
            v_token, vendor = vendors[0]
            columns = self.customer_column_flags(header)
            for item in items:
                out.extend(self.item_candidates(item, vendor, v_token, columns, "table" if header else "list"))
        return out

    def supplier_items(self, lead: Line, items: list[Line], method: str) -> list[Candidate]:
        """Vendors listed under a lead line that names one customer ("Suppliers to Bangladesh's police:",
        "Award results, Honduran Ministry of Security tender:"): each item's vendor supplies it."""
        customers = [(first, country) for first, _last, entity in lead.mentions
                     for country in [as_customer(Arg(entity, first), self.index)] if country is not None]
        if len({c.id for _, c in customers}) != 1:
            return []
        c_token, country = customers[0]
        out = []
        for item in items:
            if item.words & self.nothing:
                continue
            for first, _last, entity in item.mentions:
                found = as_vendor(Arg(entity, first), self.index, self.makers, self.by_id)
                if found is not None and found[0].country != country.iso3:
                    out.append(Candidate("SUPPLIES", found[0], country, first, method, found[1], item.end,
                                         (first, c_token)))
                    break  # one vendor per item: the others on it are its products or partners
        return out

    def items_after(self, lines: list[Line], n: int) -> tuple[list[Line], Line | None, int]:
        """The item lines right after line n (and a table's header row, when the first one is a header), and the
        index of the line after them."""
        k = n + 1
        if k < len(lines) - 1 and not lines[k].text.strip() and (
                lines[n].text.rstrip().endswith(":") or "|" in lines[k + 1].text):
            k += 1  # "... lists the following projects:" (or a paragraph), a blank line, then the table
        header = None
        if k < len(lines) and "|" in lines[k].text and not lines[k].countries():
            header = lines[k]
            k += 1
        items = []
        while k < len(lines) and lines[k].item():
            items.append(lines[k])
            k += 1
        return items, header, k

    def customer_column_flags(self, header: Line | None) -> list[bool] | None:
        """For a table header, whether each column may hold customers (None when there is no header)."""
        if header is None:
            return None
        flags = []
        for cell in header.text.split("|"):
            words = {w.lower() for w in _WORD.findall(cell)}
            flags.append(not words & self.non_customer_columns and bool(words & self.customer_columns))
        return flags

    def item_candidates(self, item: Line, vendor: Entity, v_token: int, columns: list[bool] | None,
                        method: str) -> list[Candidate]:
        """A customer per item: the first country of a customer column, or of the item."""
        if item.words & self.nothing:
            return []
        countries = item.countries()
        if columns is not None:
            cells = item.text.split("|")
            bounds, offset = [], item.start
            for cell in cells:
                bounds.append((offset, offset + len(cell)))
                offset += len(cell) + 1
            doc = self.index.doc
            countries = [m for m in countries for col, (a, b) in enumerate(bounds)
                         if a <= doc[m[0]].idx < b and col < len(columns) and columns[col]]
        if not countries:
            return []
        first, _last, country = countries[0]
        if vendor.country == country.iso3:
            return []
        end = item.end
        return [Candidate("SUPPLIES", vendor, country, v_token, method, None, end, (v_token, first))]

    def inline_lists(self) -> list[Candidate]:
        """"Clients of X's platform: A, B and C", "X (clients: A, B)": countries after a customer noun's colon."""
        out: list[Candidate] = []
        doc = self.index.doc
        customer_nouns = self.index.cues.words("customer_nouns")
        for token in self.index.with_lemma(customer_nouns):
            sent = self.index.sents.sent(token.i)
            colon = next((t for t in doc[token.i + 1:min(sent.end, token.i + 25)] if t.text == ":"), None)
            if colon is None:
                continue
            vendors = client_owner(token, self.index, self.makers, self.by_id)
            opened = token.i > 0 and doc[token.i - 1].text == "("
            if not vendors and opened and token.i > 1:
                vendors = [v for v in (as_vendor(Arg(e, token.i - 2), self.index, self.makers, self.by_id)
                                       for e in self.index.at(token.i - 2)) if v for v in [v[0]]]
            v_token = token.i
            if not vendors and token.i == sent.start and not any(c.dep_ in {"poss", "det"} for c in token.children):
                # "X (SS7 tracking). Clients named in a filing: ...": a bare lead takes the one vendor just named
                vendors, v_token = self.previous_vendor(sent.start)
            if len({v.id for v in vendors}) != 1:
                continue
            vendor = vendors[0]
            end = next((t.i for t in doc[colon.i + 1:sent.end] if t.text == ")"), sent.end) if opened else sent.end
            for i in range(colon.i + 1, end):
                for country in (e for e in self.index.at(i) if e.label == "COUNTRY"):
                    if country.iso3 != vendor.country and (i == colon.i + 1 or country not in self.index.at(i - 1)):
                        out.append(Candidate("SUPPLIES", vendor, country, token.i, "list", None,
                                             doc[end - 1].idx + len(doc[end - 1]), (v_token, i)))
        return out

    def previous_vendor(self, start: int) -> tuple[list[Entity], int]:
        """The vendors the sentence before `start` names, and where the first stands."""
        if start == 0:
            return [], start
        before = self.index.sents.start(start - 1)
        found = [(first, v[0]) for first, _last, e in self.index.ordered if before <= first < start
                 for v in [as_vendor(Arg(e, first), self.index, self.makers, self.by_id)] if v]
        return [v for _f, v in found], (found[0][0] if found else start)

    def headings(self, lines: list[Line]) -> list[Candidate]:
        """A verbless heading naming a vendor's work in a country ("X's Border Camera Network in Peru")."""
        out: list[Candidate] = []
        for line in lines:
            text = line.text.strip()
            if not text or text.endswith((".", "!", "?", ":")) or len(text.split()) > 12 or "|" in text:
                continue
            tokens = self.tokens(line)
            if any(t.pos_ in {"VERB", "AUX"} and t.tag_ not in {"VBN", "VBG"} for t in tokens):
                continue
            vendors = self.vendors_in(line)
            if len({v.id for _, v in vendors}) != 1:
                continue
            v_token, vendor = vendors[0]
            for first, _last, country in line.countries():
                token = self.index.doc[first]
                placed = token.dep_ == "pobj" and token.head.lower_ in {"in", "for", "to", "across"}
                if placed and country.iso3 != vendor.country:
                    out.append(Candidate("SUPPLIES", vendor, country, v_token, "heading", None, line.end,
                                         (v_token, first)))
        return out
