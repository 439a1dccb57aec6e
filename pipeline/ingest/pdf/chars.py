"""Character-level repairs of a PDF text layer before words are formed.

Two defects of real-world PDFs are fixed here: fonts whose declared descent pushes
character boxes far from the baseline (lines then interleave), and subset fonts
whose broken Unicode map turns the space glyph into punctuation
("This!is!a!submission"), which would glue every word of a page together.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

Char = dict[str, Any]

# A font's "space" impostor is this common among its characters, and sits between letters this often.
_SPACE_SHARE = 0.08
_GLUED_SHARE = 0.6
_MIN_FONT_CHARS = 30


def baseline_box(char: Char) -> Char:
    """The char with its box rebuilt around its baseline (0.75 em above, 0.25 em below)."""
    a, b, c, d, _, f = char["matrix"]
    if b or c or a <= 0 or d <= 0:
        return char
    base = char["bottom"] - (f - char["y0"])
    size = float(char["size"])
    top = base - 0.75 * size
    return {**char, "top": top, "bottom": base + 0.25 * size, "doctop": char["doctop"] - char["top"] + top}


def space_impostors(pages: list[list[Char]]) -> dict[str, str]:
    """Per font name, the punctuation character that stands for the space glyph (fonts without a real space)."""
    totals: Counter[str] = Counter()
    spaces: Counter[str] = Counter()
    punct: dict[str, Counter[str]] = defaultdict(Counter)
    glued: Counter[tuple[str, str]] = Counter()
    for chars in pages:
        for i, ch in enumerate(chars):
            font, text = ch.get("fontname", ""), ch["text"]
            totals[font] += 1
            if text.isspace():
                spaces[font] += 1
            elif len(text) == 1 and not text.isalnum():
                punct[font][text] += 1
                before = chars[i - 1]["text"] if i else ""
                after = chars[i + 1]["text"] if i + 1 < len(chars) else ""
                if before[-1:].isalnum() and after[:1].isalpha():
                    glued[(font, text)] += 1
    found: dict[str, str] = {}
    small: list[str] = []
    for font, counts in punct.items():
        if spaces[font] > 0.01 * totals[font]:
            continue
        if totals[font] < _MIN_FONT_CHARS:
            small.append(font)
            continue
        text, count = counts.most_common(1)[0]
        if count >= _SPACE_SHARE * totals[font] and glued[(font, text)] >= _GLUED_SHARE * count:
            found[font] = text
    # Subsets of one font share the defect: a few-character subset follows a decided sibling.
    by_base = {_base(font): text for font, text in found.items()}
    for font in small:
        text = by_base.get(_base(font))
        if text is not None and glued[(font, text)] >= _GLUED_SHARE * punct[font][text] > 0:
            found[font] = text
    return found


def _base(font: str) -> str:
    """Font name without its subset tag ('ABCDEF+Calibri' -> 'Calibri')."""
    return font.split("+", 1)[-1]


def repair_spaces(chars: list[Char], impostors: dict[str, str]) -> list[Char]:
    """Chars with each font's space impostor turned back into a space."""
    if not impostors:
        return chars
    return [
        {**ch, "text": " "} if impostors.get(ch.get("fontname", "")) == ch["text"] else ch
        for ch in chars
    ]


def overlap_share(chars: list[Char], probe: int = 8) -> float:
    """Share of a page's characters drawn over a different character (covering half of the smaller box).

    Real text never stacks glyphs; a page of words printed over each other reads as noise
    whatever the order. Each character is compared with the last few characters of the grid
    cells it touches, so a pile of thousands of glyphs on one spot costs no more than a page.
    """
    cells: dict[tuple[int, int], list[Char]] = {}
    stacked = total = 0
    for char in chars:
        text = char["text"]
        if not text.strip():
            continue
        total += 1
        x0, x1, top, bottom = char["x0"], char["x1"], char["top"], char["bottom"]
        if not all(math.isfinite(v) for v in (x0, x1, top, bottom)):
            continue
        area = max((x1 - x0) * (bottom - top), 1e-6)
        keys = {(int(x) // 12, int(y) // 12) for x in (x0, x1) for y in (top, bottom)}
        hit = False
        for key in keys:
            bucket = cells.setdefault(key, [])
            for other in bucket[-probe:]:
                if other["text"] == text:
                    continue
                width = min(x1, other["x1"]) - max(x0, other["x0"])
                height = min(bottom, other["bottom"]) - max(top, other["top"])
                other_area = max((other["x1"] - other["x0"]) * (other["bottom"] - other["top"]), 1e-6)
                if width > 0 and height > 0 and width * height >= 0.5 * min(area, other_area):
                    hit = True
                    break
            bucket.append(char)
        stacked += hit
    return stacked / total if total else 0.0
