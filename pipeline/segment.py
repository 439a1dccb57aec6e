"""Segmentation: memo text -> header metadata and body sections with their key-point items.

A memo reads top-down: optional markings, the issuer, the title, a header of
``Label: value`` fields, then sections that each start with a heading line.
The segmenter works line by line with plain string and regex tests, so it is
fast and never depends on line wrapping: the same memo wrapped differently by
a PDF writer gives the same metadata and sections. Heading and label
vocabulary is data (``models/headings.json``). Offsets are into ``text``,
end-exclusive.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import memo_header as mh
from pipeline.errors import ModelsDataError, SegmentError
from pipeline.resources import load_json
from pipeline.schema import MemoMetadata, Section, SectionItem, Segmentation

HEADINGS_FILE = "headings.json"
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[IVXLC]{1,6}[.)]|[A-Z][.)])\s+")
_BULLET = re.compile(r"[ \t]*(?:[-•*–—▪●◦‣·■□►➢]|\d{1,2}[.)]|\([a-z0-9]{1,2}\)|[a-z]\))[ \t]+(?=\S)")
_FIELDISH = re.compile(r"^\s*(?:\*\*|__)?[A-Z][\w’' ]{0,24}(?:\*\*|__)?\s*:(?:\*\*|__)?\s+\S")
_HASHES = re.compile(r"^\s*#{1,6}\s*")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]+(?:[-/][A-Z0-9]+)*\b")


@dataclass(frozen=True)
class _Rules:
    """Everything segmentation needs from headings.json, compiled once per models folder."""

    headings: dict[str, str]
    inline_kinds: frozenset[str]
    header: mh.HeaderRules
    header_search_lines: int
    max_issuer: int
    max_title: int
    max_heading: int


@dataclass(frozen=True)
class _Heading:
    """A recognised heading line: where it starts, where its body starts, its name and kind."""

    line: int
    start: int
    body: int
    name: str
    kind: str


def heading_key(name: str) -> str:
    """Normalised heading text used to look a variant up."""
    return " ".join(name.replace("’", "'").casefold().split()).rstrip(" .:-")


@lru_cache(maxsize=16)
def _load_rules(key: str) -> _Rules:
    """Compile headings.json from the given models folder ('' = shipped one)."""
    data: Any = load_json(HEADINGS_FILE, key or None)
    try:
        headings = {heading_key(v): kind for kind, variants in data["sections"].items() for v in variants}
        limits = data.get("limits", {})
        return _Rules(
            headings=headings,
            inline_kinds=frozenset(data.get("inline_kinds", [])),
            header=mh.build_header_rules(data),
            header_search_lines=int(limits.get("header_search_lines", 12)),
            max_issuer=int(limits.get("max_issuer_chars", 60)),
            max_title=int(limits.get("max_title_chars", 200)),
            max_heading=int(limits.get("max_heading_chars", 60)),
        )
    except (KeyError, TypeError, AttributeError, ValueError, re.error) as exc:
        raise ModelsDataError("models_file_invalid", f"{HEADINGS_FILE} is malformed: {exc!r}", HEADINGS_FILE) from exc


def segment(text: str, models: Path | str | None = None) -> Segmentation:
    """Split memo text into header metadata and body sections (offsets into text)."""
    if not isinstance(text, str):
        raise SegmentError("invalid_input", f"segment() needs text (str), got {type(text).__name__}")
    rules = _load_rules("" if models is None else str(models))
    spans = _line_spans(text)
    lines = [text[s:e] for s, e in spans]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return Segmentation(metadata=MemoMetadata())
    meta, body_line = _read_top(lines, filled, rules)
    body_start = spans[body_line][0] if body_line < len(spans) else len(text)
    headings = [h for i in filled if i >= body_line for h in [_heading_at(text, spans, i, filled[0], rules)] if h]
    return Segmentation(metadata=MemoMetadata(**meta), sections=_sections(text, spans, body_start, headings))


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, newline excluded."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _match_heading(line: str, rules: _Rules, inline: bool) -> tuple[str, str, int] | None:
    """(name, kind, body offset in line) when the line is a heading; inline allows 'Summary: text'."""
    lead = line.lstrip()[:1]
    if not lead or not (lead.isalnum() or lead in "#*_"):
        return None
    head, colon, rest = line.partition(":")
    if len(head) > rules.max_heading + 24:
        return None
    core = _NUMBERING.sub("", _HASHES.sub("", head).strip().strip("*_").strip()).strip().strip("*_").strip()
    kind = rules.headings.get(heading_key(core)) if core else None
    if kind is None or len(core) > rules.max_heading:
        return None
    # A lower-case 'source' or 'conclusions:' in running text needs markup to count as a heading.
    if core[0].islower() and not re.match(r"\s*(?:#|\*\*|__)", line):
        return None
    rest_clean = rest.lstrip(" \t")
    while rest_clean[:2] in ("**", "__"):
        rest_clean = rest_clean[2:].lstrip(" \t")
    if rest_clean.strip():
        inline_ok = inline and colon and kind in rules.inline_kinds
        return (core, kind, len(line) - len(rest_clean)) if inline_ok else None
    return core, kind, len(line)


def _heading_at(text: str, spans: list[tuple[int, int]], i: int, first: int, rules: _Rules) -> _Heading | None:
    """The heading on line i, if any (the memo's very first line may only be a bare heading)."""
    start, end = spans[i]
    found = _match_heading(text[start:end], rules, inline=i != first)
    if found is None:
        return None
    name, kind, offset = found
    body = start + offset if start + offset < end else min(end + 1, len(text))
    return _Heading(line=i, start=start, body=body, name=name, kind=kind)


def _read_top(lines: list[str], filled: list[int], rules: _Rules) -> tuple[dict[str, Any], int]:
    """Metadata from markings, issuer, title and header lines; and the index of the first body line."""
    hr = rules.header
    marks: list[int] = []
    tops: list[int] = []
    header: list[int] = []
    for n, i in enumerate(filled[: rules.header_search_lines]):
        line = lines[i]
        if mh.is_marking_line(line, hr) or (n < 4 and mh.is_date_line(line)):
            marks.append(i)
        elif mh.is_header_line(line, hr):
            header = _header_block(lines, i, rules)
            break
        elif _match_heading(line, rules, inline=bool(tops)):
            break
        else:
            tops.append(i)
    if header and (len(tops) > 4 or any(_prose(lines[i], rules) for i in tops)):
        header = []  # a 'Source:' line under a paragraph is a caption, not a memo header
    meta: dict[str, Any] = {}
    if header:
        # Fields we have no label for ('Author: ...', 'Topic: ...') must not leak into known fields or the title.
        while len(tops) > 2 and tops[-1] + 1 == header[0] and _unknown_field(lines[tops[-1]], hr):
            header, tops = [tops[-1], *header], tops[:-1]
        kept = [lines[i] for i in header if not (mh.is_marking_line(lines[i], hr) or _unknown_field(lines[i], hr))]
        text = _join(kept)
        zone = "\n".join(lines[i] for i in sorted(marks + tops + header))
        meta = {k: v for k, v in mh.parse_header(text, hr, zone).items() if v not in (None, [])}
        top_end = header[-1] + 1
        if meta.get("issuer") is None and len(tops) >= 2 and _issuer_like(lines, tops, rules):
            meta["issuer"], tops = _clean(lines[tops[0]]), tops[1:]
        if tops:
            meta["title"] = _join([_clean(lines[i]) for i in tops])[: rules.max_title].rstrip()
    else:
        lead = [i for i in marks if not tops or i < tops[0]]
        top_end = lead[-1] + 1 if lead else filled[0]
        if tops:
            pair = tops[:2]
            if len(pair) == 2 and _issuer_like(lines, pair, rules, strict=True) and _title_like(lines, pair[1], rules):
                meta["issuer"], pair = _clean(lines[pair[0]]), pair[1:]
            first = pair[0]
            meta["title"] = _clean(lines[first])[: rules.max_title].rstrip() or None
            # A long first line is prose, not a title: it stays in the body.
            top_end = first + 1 if "issuer" in meta or len(lines[first].strip()) <= rules.max_title else first
        for i in filled:  # a date or marking line right under the title is still top matter
            if i >= top_end and i not in marks:
                break
            top_end = max(top_end, i + 1)
        meta["marking"] = mh.find_marking("\n".join(lines[i] for i in marks), rules.header) if marks else None
    if "date" not in meta and "date_raw" not in meta:
        for i in marks:
            if mh.is_date_line(lines[i]):
                meta["date"], meta["date_raw"] = mh.parse_date(lines[i])
                break
    return meta, top_end


def _header_block(lines: list[str], first: int, rules: _Rules) -> list[int]:
    """Lines of the header that starts at line `first`: field lines, markings and wrapped continuations."""
    hr = rules.header
    block, i = [first], first + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            if i < len(lines) and (mh.is_header_line(lines[i], hr) or mh.is_marking_line(lines[i], hr)):
                continue  # one field per paragraph
            break
        if mh.has_label(line, hr) or mh.is_marking_line(line, hr):
            block.append(i)
            i += 1
            continue
        run = _continuation_run(lines, i, rules)
        if not run:
            break
        block.extend(run)
        i = run[-1] + 1
    return block


def _continuation_run(lines: list[str], i: int, rules: _Rules) -> list[int]:
    """Lines from i that continue a wrapped header line: up to 3, closed by a blank line or heading."""
    run: list[int] = []
    while i < len(lines) and len(run) < 4:
        line = lines[i]
        if not line.strip() or mh.has_label(line, rules.header) or mh.is_marking_line(line, rules.header):
            return run
        if _match_heading(line, rules, inline=True) or _BULLET.match(line):
            return run
        run.append(i)
        i += 1
    if len(run) > 3 or not run:
        return []
    # Not closed by a blank line: only take it when it plainly continues a value.
    previous, following = lines[run[0] - 1].strip(), lines[run[0]].lstrip()
    return run if previous[-1:] in (",", ";", ":", "-") or following[:1].islower() or following[:1].isdigit() else []


def _prose(line: str, rules: _Rules) -> bool:
    """True for a line that reads as running text rather than an issuer or title line."""
    text = line.strip()
    return len(text) > rules.max_title or (text.endswith(".") and len(text.split()) >= 6)


def _unknown_field(line: str, hr: mh.HeaderRules) -> bool:
    """True for a 'Label: value' line whose label is not a known header field."""
    return bool(_FIELDISH.match(line)) and not mh.has_label(line, hr)


def _issuer_like(lines: list[str], tops: list[int], rules: _Rules, strict: bool = False) -> bool:
    """True when the first top line reads as an issuer name rather than the start of the title.

    Without a header (strict) only an acronym-bearing short name counts: a title-cased headline
    followed by a subtitle is far more common there than an issuer line.
    """
    line = _clean(lines[tops[0]])
    words = line.split()
    if not words or len(line) > rules.max_issuer or len(words) > 8 or ":" in line or line[-1] in ".,;:!?":
        return False
    if mh.is_date_line(line):
        return False
    acronym = bool(_ACRONYM.search(line)) and len(words) <= 5
    own_block = tops[1] > tops[0] + 1  # a blank line separates it from the title
    titled = all(w[0].isupper() or not w[0].isalpha() or len(w) <= 3 for w in words)
    return acronym or (own_block and titled and not strict)


def _title_like(lines: list[str], i: int, rules: _Rules) -> bool:
    """True for a line that can be a title: short, not a sentence end, not a bullet, alone in its block."""
    line = lines[i].strip()
    after = lines[i + 1] if i + 1 < len(lines) else ""
    alone = not after.strip() or mh.is_date_line(after) or mh.is_marking_line(after, rules.header)
    return alone and len(line) <= rules.max_title and line[-1] not in ".,;" and not _BULLET.match(lines[i])


def _clean(line: str) -> str:
    """A title or issuer line without markdown hashes and emphasis."""
    return re.sub(r"^\s*#{1,6}\s+", "", line).replace("**", "").replace("__", "").strip()


def _join(parts: list[str]) -> str:
    """Join wrapped lines with spaces, without a space after a line-final hyphen ('190516-' + '2')."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        glue = "" if not out or (out.endswith("-") and len(out) > 1 and out[-2].isalnum()) else " "
        out += glue + part
    return out


def _sections(text: str, spans: list[tuple[int, int]], body_start: int, heads: list[_Heading]) -> list[Section]:
    """Sections from the heading list; text before the first heading becomes a 'Body' section."""
    out: list[Section] = []
    bounds: list[tuple[str, str, int, int, int | None]] = []
    first = heads[0].start if heads else len(text)
    if text[body_start:first].strip():
        bounds.append(("Body", "body", body_start, first, None))
    for n, head in enumerate(heads):
        end = heads[n + 1].start if n + 1 < len(heads) else len(text)
        bounds.append((head.name, head.kind, head.body, max(end, head.body), head.start))
    for name, kind, start, end, heading_start in bounds:
        chunk = text[start:end]
        stripped = chunk.strip()
        s = start + (len(chunk) - len(chunk.lstrip())) if stripped else min(start, end)
        e = s + len(stripped) if stripped else s
        items = _items(text, spans, s, e, paragraphs=kind == "key_points")
        out.append(Section(name=name, kind=kind, start=s, end=e, heading_start=heading_start, items=items))
    return out


def _items(text: str, spans: list[tuple[int, int]], start: int, end: int, paragraphs: bool) -> list[SectionItem]:
    """Bullets of a section span; without bullets, paragraphs when the section is a key-point list."""
    bullets: list[list[int]] = []
    blocks: list[list[int]] = []
    current: list[int] | None = None
    block: list[int] | None = None
    list_marker: str | None = None
    for s, e in _spans_within(spans, start, end):
        line = text[s:e]
        if not line.strip():
            current = block = None
            continue
        marker = _BULLET.match(line)
        kind = _marker_kind(marker.group(0)) if marker else None
        # A dash that a wrapped paragraph put at a line start is no bullet: a list starts a block
        # and keeps one marker kind.
        if marker and (block is None or kind == list_marker):
            current = [s + marker.end(), e]
            bullets.append(current)
            list_marker = kind
        elif current is not None:
            current[1] = e
        elif block is None:
            list_marker = None
        if block is None:
            block = [s + len(line) - len(line.lstrip()), e]
            blocks.append(block)
        else:
            block[1] = e
    chosen = bullets or (blocks if paragraphs else [])
    items = []
    for s, e in chosen:
        piece = text[s : min(e, end)].rstrip()
        if piece:
            items.append(SectionItem(text=piece, start=s, end=s + len(piece)))
    return items


def _marker_kind(marker: str) -> str:
    """Kind of a list marker: the bullet character, or 'number' / 'letter' for enumerations."""
    mark = marker.strip()
    if mark[0].isdigit():
        return "number"
    return "letter" if mark[0].isalpha() or mark[0] == "(" else mark[0]


def _spans_within(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Line spans clipped to [start, end), found by bisection so long memos stay linear."""
    first = bisect_left(spans, start, key=lambda span: span[1])
    last = bisect_right(spans, end - 1, key=lambda span: span[0]) if end > start else first
    return [(max(s, start), min(e, end)) for s, e in spans[first:last]]
