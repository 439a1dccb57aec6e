"""Sentence starts at the memo's structural boundaries, set before the parser so sentences never cross them.

The small model's parser happily runs a "sentence" from the header line over
the "Key Points" heading into the first bullet. This component marks a
sentence start at the start of every section body, every heading line, every
list item (`Section.items`), every token after a blank line, every line of the
header zone (the text before the first section) and every bulleted line.
spaCy's parser keeps boundaries that are already set and only adds its own.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.entities.common import doc_text
from pipeline.schema import Section

# The next non-space character after a blank line.
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# The next non-space character after any line break.
LINE_BREAK = re.compile(r"\n\s*")
# A line that opens with a list marker: the marker and the item text each begin a sentence.
BULLET_LINE = re.compile(
    r"\n[ \t]*(?P<marker>[-\u2022*\u2013\u25aa\u25cf\u25e6\u2023\u00b7\u25a0\u25ba]|\d{1,2}[.)])[ \t]+(?P<item>\S)")


def section_starts(text: str, sections: list[Section]) -> list[int]:
    """Character offsets where a section's heading, body, list item or item marker begins (or an item ends)."""
    starts = []
    for s in sections:
        starts.append(s.start)
        if s.heading_start is not None:
            starts.append(s.heading_start)
        for item in s.items:
            # A list marker before the item stands alone, so the item's sentence is its own text.
            line = text.rfind("\n", 0, item.start) + 1
            marker = line + len(text[line:item.start]) - len(text[line:item.start].lstrip())
            starts.extend((marker, item.start, item.end))
    return [p for p in starts if 0 < p < len(text)]


def header_end(sections: list[Section], length: int) -> int:
    """End of the header zone: where the first section (heading or body) begins."""
    firsts = [s.heading_start if s.heading_start is not None else s.start for s in sections]
    return min(firsts, default=0) if sections else 0


def boundary_offsets(text: str, sections: list[Section]) -> list[int]:
    """Sorted character offsets at which a new sentence must begin."""
    found = set(section_starts(text, sections))
    found.update(m.end() for m in BLANK_LINE.finditer(text))
    for m in BULLET_LINE.finditer(text):
        found.update((m.start("marker"), m.start("item")))
    zone = header_end(sections, len(text))
    if zone > 0:
        found.update(m.end() for m in LINE_BREAK.finditer(text, 0, zone))
    found.update(item_line_starts(text))
    return sorted(p for p in found if 0 < p < len(text))


def item_line_starts(text: str) -> list[int]:
    """Starts of lines that stand apart from their neighbours: table rows, the lines after a line that ends in a
    colon (a list's items), and the line after a short line without closing punctuation (a title, an item)."""
    out = []
    offset = 0
    lines = text.split("\n")
    for n, line in enumerate(lines[:-1]):
        after = offset + len(line) + 1
        stripped = line.strip()
        table_row = "|" in stripped or "\t" in stripped
        following = lines[n + 1].lstrip()[:1]
        # a short line that goes on in lower case is a wrapped sentence, not a title or an item
        item = stripped.endswith(":") or 0 < len(stripped.split()) <= 6 and stripped[-1:] not in ".,;!?" \
            and not following.islower()
        if table_row or item or "|" in lines[n + 1]:
            out.append(after)
            if table_row:
                out.append(offset + len(line) - len(line.lstrip()))
        offset = after
    return out


def mark_boundaries(doc: Doc, offsets: list[int]) -> int:
    """Set `is_sent_start` on the first non-space token at or after each offset; the number of tokens marked."""
    if not offsets or len(doc) < 2:
        return 0
    starts = doc.to_array([IDX]).reshape(-1)
    marked: list[int] = []
    for i in sorted(set(np.searchsorted(starts, np.asarray(offsets), side="left").tolist())):
        while i < len(doc) and doc[i].is_space:
            i += 1
        if 0 < i < len(doc) and doc[i].is_sent_start is not True:
            doc[i].is_sent_start = True
            marked.append(i)
    # Given a start, the small parser is apt to cut the next word off too ('Sandvine' | 'has offices ...'):
    # a boundary we set opens a sentence of at least two words when its line goes on.
    for i in marked:
        nxt = i + 1
        if nxt < len(doc) and doc[nxt].is_sent_start is None and not doc[nxt].is_space and not doc[nxt].is_punct \
                and "\n" not in doc[i].whitespace_:
            doc[nxt].is_sent_start = False
    return len(marked)


class StructureSentences:
    """Marks sentence starts at section, heading, item, paragraph and header-line boundaries."""

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc (before the parser)."""
        text = doc_text(doc)
        mark_boundaries(doc, boundary_offsets(text, list(doc._.memokg_sections or [])))
        return doc


def make_structure(nlp: Language, name: str) -> StructureSentences:
    """spaCy factory of the structural sentence-boundary marker."""
    return StructureSentences()
