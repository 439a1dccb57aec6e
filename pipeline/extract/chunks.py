"""Long memo texts in chunks and back: wrapped lines joined, cuts at boundaries, offsets made whole again.

`unwrap_lines` turns the line breaks of wrapped PDF paragraphs into spaces
(same length, so offsets stay). `split_text` cuts texts longer than the chunk
size at a paragraph, line, sentence or word boundary; the `shift_*` functions
and `merge_chunk_entities` put each chunk's entities and relations back into
whole-text offsets, sentences, sections and pages.
"""

from __future__ import annotations

import bisect
import re

from pipeline.entities import ConfidenceRule
from pipeline.schema import Entity, Evidence, Mention, Page, Relation, Section

# A line break inside a wrapped paragraph (PDF text): the next line is no bullet, heading or blank line.
WRAPPED_BREAK = re.compile(r"\n(?=[^\n\s\-\u2022*])(?!\d{1,2}[.)]\s)")
# A line that opens with a capitalised label and a colon ("Nepal: border cameras", "Customer: Oman") is a row or
# a field of its own, never the rest of the line before it.
LABELLED_LINE = re.compile(r"[A-Z][\w'\u2019&.-]*(?: [\w'\u2019&.-]+){0,3}:\s")

def _title_line(text: str, start: int) -> bool:
    """Whether the line starting at `start` is a short title-case line (a heading, not a continuation)."""
    end = text.find("\n", start)
    words = text[start:end if end >= 0 else len(text)].split()
    content = [w for w in words if len(w) > 3]
    heading = all(w[:1].isupper() for w in content) and not any(w.endswith((".", ",")) for w in words)
    return 0 < len(words) <= 12 and heading


def unwrap_lines(text: str) -> str:
    """The text with wrapped-paragraph line breaks as spaces (same length, so offsets do not move).

    A break counts as a wrap when the line before it is nearly as long as the text's long lines, as in
    PDF text; texts whose paragraphs are single long lines keep every break.
    """
    lengths = sorted(len(line) for line in text.split("\n"))
    if len(lengths) < 5:
        return text
    full = max(40, int(0.7 * lengths[int(0.9 * (len(lengths) - 1))]))
    chars = list(text)
    for match in WRAPPED_BREAK.finditer(text):
        at = match.start()
        line_start = text.rfind("\n", 0, at) + 1
        # A line that ends a sentence may well be followed by a heading: keep that break.
        if at - line_start >= full and text[at - 1] not in ".!?:;\"\u201d\u2019)" and not _title_line(text, at + 1) \
                and not LABELLED_LINE.match(text, at + 1):
            chars[at] = " "
    return "".join(chars)


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, chunk) pairs covering the text, cut at a paragraph, line, sentence or word boundary."""
    chunks = []
    pos = 0
    while len(text) - pos > limit:
        window = text[pos:pos + limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            found = window.rfind(separator, limit // 2)
            if found > 0:
                cut = found + len(separator)
                break
        if cut <= 0:
            cut = limit
        chunks.append((pos, text[pos:pos + cut]))
        pos += cut
    chunks.append((pos, text[pos:]))
    return chunks


def shift_sections(sections: list[Section], offset: int, length: int) -> list[Section]:
    """The sections that overlap a chunk, in the chunk's own offsets."""
    out = []
    for s in sections:
        if s.end <= offset or s.start >= offset + length:
            continue
        items = [i.model_copy(update={"start": i.start - offset, "end": i.end - offset})
                 for i in s.items if i.start >= offset and i.end <= offset + length]
        heading = s.heading_start - offset if s.heading_start is not None and s.heading_start >= offset else None
        out.append(s.model_copy(update={"start": max(s.start - offset, 0), "end": min(s.end - offset, length),
                                        "heading_start": heading, "items": items}))
    return out


class Locator:
    """Finds the section and page of a character offset in the whole text."""

    def __init__(self, sections: list[Section], pages: list[Page] | None, text: str = "") -> None:
        self.text = text
        self.sections = sections
        self.pages = sorted(pages or [], key=lambda p: p.start)
        self.page_starts = [p.start for p in self.pages]

    def section(self, offset: int) -> str | None:
        """Name of the section holding the offset."""
        return next((s.name for s in self.sections if s.start <= offset < s.end), None)

    def page(self, offset: int) -> int | None:
        """Number of the page holding the offset."""
        index = bisect.bisect_right(self.page_starts, offset) - 1
        if index >= 0 and offset < self.pages[index].end:
            return self.pages[index].number
        return None


def shift_entity(entity: Entity, offset: int, sentences: int, where: Locator) -> Entity:
    # Mention texts come from the memo text itself (the Doc saw wrapped line breaks as spaces).
    mentions = [m.model_copy(update={"start": m.start + offset, "end": m.end + offset,
                                     "text": where.text[m.start + offset:m.end + offset] or m.text,
                                     "sentence": None if m.sentence is None else m.sentence + sentences,
                                     "section": where.section(m.start + offset), "page": where.page(m.start + offset)})
                for m in entity.mentions]
    return entity.model_copy(update={"mentions": mentions})


def shift_relation(relation: Relation, offset: int, where: Locator) -> Relation:
    ev = relation.evidence
    evidence = _shift_evidence(ev, offset, where)
    rel_id = relation.id
    if offset and rel_id.endswith(f":{ev.start}"):
        rel_id = rel_id[: -len(str(ev.start))] + str(evidence.start)
    support = [_shift_evidence(s, offset, where) for s in relation.support]
    return relation.model_copy(update={"id": rel_id, "evidence": evidence, "support": support})


def _shift_evidence(ev: Evidence, offset: int, where: Locator) -> Evidence:
    """Evidence moved from chunk to memo offsets, its text and page read from the memo (the Doc saw wrapped
    line breaks as spaces)."""
    start, end = ev.start + offset, ev.end + offset
    return ev.model_copy(update={"start": start, "end": end, "page": where.page(start),
                                 "sentence": where.text[start:end] or ev.sentence})


def merge_chunk_entities(parts: list[Entity], confidence: ConfidenceRule) -> Entity:
    """One entity from the same id found in several chunks."""
    first = parts[0]
    mentions: dict[tuple[int, int], Mention] = {}
    for part in parts:
        for m in part.mentions:
            mentions.setdefault((m.start, m.end), m)
    names = {p.name for p in parts}
    forms = names | {a for p in parts for a in p.aliases}
    name = first.name if len(names) == 1 else max(names, key=lambda n: (len(n), n))
    methods = sorted({m for p in parts for m in p.methods})
    return first.model_copy(update={
        "name": name, "aliases": sorted(forms - {name}), "methods": methods,
        "mentions": sorted(mentions.values(), key=lambda m: (m.start, m.end)),
        "confidence": confidence(methods)})
