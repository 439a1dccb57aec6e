"""Geometry of one PDF page: words into lines, columns into reading order, gaps into paragraphs.

Works on plain word boxes (PDF points, top-down y), so it can be tested without a
PDF and costs one sort per page rather than a pass per character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

# A gutter is at least this wide (points); at most this share of the page's lines may cross it.
_MIN_GUTTER = 7.0
_MAX_FULL_WIDTH_SHARE = 0.4
# A line pitch this much larger than the page's usual pitch starts a new paragraph.
_PARAGRAPH_PITCH = 1.3
_SIZE_CHANGE = 1.12
_CID_BULLET = re.compile(r"\(cid:\d+\)")
_BULLETS = "•◦▪▫■□●○‣⁃∙·–—➢➤►▸◆◇✓✔"


@dataclass(frozen=True)
class Word:
    """One word box as pdfplumber reports it, with its dominant font size and weight."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


@dataclass
class Line:
    """Words sharing a baseline, left to right; `break_before` marks a paragraph start."""

    words: list[Word]
    break_before: bool = False

    @property
    def top(self) -> float:
        """Top of the highest word."""
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        """Bottom of the lowest word."""
        return max(w.bottom for w in self.words)

    @property
    def base(self) -> float:
        """Baseline of most words (superscripts do not move it)."""
        return median(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        """Font size of most of the line's characters."""
        return median(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        """True when every word of the line is set in a bold face."""
        return all(w.bold for w in self.words)

    @property
    def text(self) -> str:
        """The line's words joined by single spaces, leading bullet glyphs written as '- '."""
        text = join_words(self.words)
        first = self.words[0].text
        if len(self.words) > 1 and _CID_BULLET.fullmatch(first) and not self.words[1].text.startswith("(cid:"):
            # An unmapped glyph alone before text is a bullet drawn from a symbol font.
            return "- " + join_words(self.words[1:])
        if len(text) > 1 and text[0] in _BULLETS and (text[1] == " " or text[0] != "·"):
            text = "- " + text[1:].lstrip()
        return text


def join_words(words: list[Word]) -> str:
    """Join words with spaces, collapsing letter-spaced runs ("T h e  R i g h t" -> "The Right")."""
    parts: list[str] = []
    run: list[Word] = []
    for word in [*words, None]:
        if word is not None and len(word.text) == 1 and word.text.isalnum():
            run.append(word)
            continue
        parts.extend(_collapse_run(run))
        run = []
        if word is not None:
            parts.append(word.text)
    return " ".join(parts)


def _collapse_run(run: list[Word]) -> list[str]:
    """Single letters of a letter-spaced run regrouped into words by their gaps."""
    if len(run) < 4:
        return [w.text for w in run]
    gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:], strict=False)]
    small = min(gaps)
    words, current = [], run[0].text
    for gap, word in zip(gaps, run[1:], strict=False):
        # Inter-word gaps in letter-spaced text are about twice the inter-letter ones.
        if gap > small * 1.6 + 0.5:
            words.append(current)
            current = word.text
        else:
            current += word.text
    words.append(current)
    return words


def group_lines(words: list[Word]) -> list[Line]:
    """Words into lines by chained top positions (superscripts stay on their line), top to bottom."""
    if not words:
        return []
    ordered = sorted(words, key=lambda w: (w.top, w.x0))
    heights = sorted(w.bottom - w.top for w in ordered)
    tolerance = max(2.0, 0.35 * heights[len(heights) // 2])
    lines: list[list[Word]] = [[ordered[0]]]
    for word in ordered[1:]:
        if word.top - lines[-1][-1].top <= tolerance:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [Line(sorted(group, key=lambda w: w.x0)) for group in lines]


def find_gutter(words: list[Word], width: float) -> float | None:
    """x of a vertical gutter splitting the page into two text columns, or None for one column."""
    if len(words) < 40:
        return None
    lines = group_lines(words)
    lo, hi = int(width * 0.3), int(width * 0.7)
    # Words of one line never overlap, so the coverage at x counts the lines crossing x.
    cover = [0] * (int(width) + 2)
    for w in words:
        cover[min(max(int(w.x0), 0), len(cover) - 1)] += 1
        cover[min(max(int(w.x1) + 1, 0), len(cover) - 1)] -= 1
    crossing, running = [], 0
    for x in range(hi + 1):
        running += cover[x]
        crossing.append(running)
    least = min(crossing[lo:])
    # Full-width title and abstract lines may cross the gutter; the columns themselves must not.
    if least > _MAX_FULL_WIDTH_SHARE * len(lines):
        return None
    limit = least + max(2, len(lines) // 10)
    best: tuple[int, int] | None = None
    start: int | None = None
    for x in range(lo, hi + 2):
        free = x <= hi and crossing[x] <= limit
        if free and start is None:
            start = x
        elif not free and start is not None:
            if x - start >= _MIN_GUTTER and (best is None or x - start > best[1] - best[0]):
                best = (start, x)
            start = None
    if best is None:
        return None
    gutter = (best[0] + best[1]) / 2
    column_lines = [line for line in lines if not any(w.x0 < gutter < w.x1 for w in line.words)]
    left = [w for line in column_lines for w in line.words if w.x1 <= gutter]
    right = [w for line in column_lines for w in line.words if w.x0 >= gutter]
    if min(len(left), len(right)) < 0.15 * len(words):
        return None
    return gutter if _is_text_column(left, gutter) and _is_text_column(right, None) else None


def _is_text_column(words: list[Word], gutter: float | None) -> bool:
    """A text column has many lines, and (left side) lines that mostly run up to the gutter, unlike a table."""
    lines = group_lines(words)
    if len(lines) < 5:
        return False
    if gutter is None:
        return True
    ends = sorted(max(w.x1 for w in line.words) for line in lines)
    starts = sorted(min(w.x0 for w in line.words) for line in lines)
    column_width = gutter - starts[len(starts) // 2]
    return gutter - ends[len(ends) // 2] < 0.25 * column_width


@dataclass
class Region:
    """Words read as one flow: a full-width band of a two-column page, one column, or a whole page."""

    words: list[Word]
    full: bool = False


def reading_order(words: list[Word], width: float) -> list[Region]:
    """Regions of the page in reading order: full-width bands, and left then right column between them."""
    gutter = find_gutter(words, width)
    if gutter is None:
        return [Region(words)]
    regions: list[Region] = []
    band: list[Word] = []
    for line in group_lines(words):
        if any(w.x0 < gutter < w.x1 for w in line.words):
            if band:
                regions.extend(_split_columns(band, gutter))
                band = []
            if regions and regions[-1].full:
                regions[-1].words.extend(line.words)
            else:
                regions.append(Region(list(line.words), full=True))
        else:
            band.extend(line.words)
    if band:
        regions.extend(_split_columns(band, gutter))
    return [region for region in regions if region.words]


def _split_columns(words: list[Word], gutter: float) -> list[Region]:
    """Left column, then right column."""
    return [Region([w for w in words if w.x1 <= gutter]), Region([w for w in words if w.x1 > gutter])]


def lay_out(regions: list[Region]) -> list[Line]:
    """Lines of all regions in order, with paragraph breaks where the spacing or the font changes."""
    per_region = [group_lines(region.words) for region in regions]
    pitches = [
        b.base - a.base
        for lines in per_region
        for a, b in zip(lines, lines[1:], strict=False)
        if 0 < b.base - a.base < 2.5 * max(a.bottom - a.top, 1.0)
    ]
    typical = median(pitches) if pitches else None
    out: list[Line] = []
    for index, lines in enumerate(per_region):
        for position, line in enumerate(lines):
            if position == 0:
                line.break_before = index > 0 and regions[index - 1].full != regions[index].full
            else:
                line.break_before = _paragraph_break(lines[position - 1], line, typical)
            out.append(line)
    return out


def _paragraph_break(prev: Line, line: Line, typical: float | None) -> bool:
    """True when `line` starts a new block: a clearly larger gap, a change of font size, or a bold heading."""
    pitch = line.base - prev.base
    height = max(prev.bottom - prev.top, 1.0)
    limit = typical * _PARAGRAPH_PITCH if typical else height * 1.8
    if pitch > limit and line.top - prev.bottom > 0.35 * height:
        return True
    big, small = max(prev.size, line.size), min(prev.size, line.size)
    if small > 0 and big / small > _SIZE_CHANGE:
        return True
    return prev.bold != line.bold
