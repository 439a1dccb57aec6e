"""The items of a section: its bullets, or its paragraphs when a key-point list has no bullets."""

from __future__ import annotations

import re

from pipeline.schema import SectionItem

# '(cid:127)' and U+F0B7 are bullet glyphs that some PDF fonts leave unmapped.
BULLET = re.compile(
    r"[ \t]*(?:[-•*–—▪●◦‣·■□►➢\uf0b7\uf0a7]|\(cid:\d+\)|\d{1,2}[.)]|\([a-z0-9]{1,2}\)|[a-z]\))[ \t]+(?=\S)"
)
_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n[ \t]*\S[^\n]*)*")


def section_items(text: str, start: int, end: int, paragraphs: bool) -> list[SectionItem]:
    """Bullets of a section span; without bullets, paragraphs when the section is a key-point list."""
    spans: list[list[int]] = []
    current: list[int] | None = None
    list_marker: str | None = None
    fresh, pos = True, start  # fresh: the line opens a block
    for line in text[start:end].split("\n"):
        s, e, pos = pos, pos + len(line), pos + len(line) + 1
        if not line.strip():
            current, fresh = None, True
            continue
        marker = BULLET.match(line)
        kind = _marker_kind(marker.group(0)) if marker else None
        # A dash that a wrapped paragraph put at a line start is no bullet: a list opens a block
        # and keeps one marker kind.
        if marker and (fresh or kind == list_marker):
            current, list_marker = [s + marker.end(), e], kind
            spans.append(current)
        elif current is not None:
            current[1] = e
        elif fresh:
            list_marker = None
        fresh = False
    if not spans and paragraphs:
        spans = [[m.start(), m.end()] for m in _PARAGRAPH.finditer(text, start, end)]
    pieces = [(s, text[s:e].rstrip()) for s, e in spans]
    return [SectionItem(text=piece, start=s, end=s + len(piece)) for s, piece in pieces if piece]


def _marker_kind(marker: str) -> str:
    """Kind of a list marker: the bullet character, or 'number' / 'letter' for enumerations."""
    mark = marker.strip()[0]
    return "number" if mark.isdigit() else "letter" if mark.isalpha() or mark == "(" else mark
