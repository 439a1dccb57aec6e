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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ModelsDataError, SegmentError
from pipeline.knowledge import Knowledge, load_knowledge
from pipeline.schema import MemoMetadata, Section, Segmentation
from pipeline.segment import header as mh
from pipeline.segment.banner import banner_parts, fill_from_banners
from pipeline.segment.dates import is_date_line, parse_date
from pipeline.segment.items import BULLET, section_items
from pipeline.text import fold

HEADINGS_FILE = "headings.json"
_LIMITS = {"header_search_lines": 12, "max_issuer_chars": 60, "max_title_chars": 200, "max_heading_chars": 60}
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[IVXLC]{1,6}[.)]|[A-Z][.)])\s+")
_NUMBERED_TITLE = re.compile(r"[ \t]*\d{1,2}(?:\.\d{1,2})*\.?[ \t]+(?P<name>[A-Z][^.:;!?]{0,58}[^\s.,:;!?])[ \t]*$")
_CLOSERS = re.compile(r"^(?:[ \t]*(?:\*\*|__))*[ \t]*")
_HASHES = re.compile(r"^\s*#{1,6}\s*")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]+(?:[-/][A-Z0-9]+)*\b")


@dataclass(frozen=True)
class _Rules:
    """Everything segmentation needs from headings.json, compiled once per models folder."""

    headings: dict[str, str]
    inline_kinds: frozenset[str]
    header: mh.HeaderRules
    limits: dict[str, int]


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
    return fold(name).rstrip(" .:-")


def _load_rules(knowledge: Knowledge) -> _Rules:
    """Compile headings.json of a knowledge object."""
    data: Any = knowledge.json(HEADINGS_FILE)
    try:
        headings = {heading_key(v): kind for kind, variants in data["sections"].items() for v in variants}
        limits = {**_LIMITS, **{key: int(value) for key, value in data.get("limits", {}).items()}}
        return _Rules(headings, frozenset(data.get("inline_kinds", [])), mh.build_header_rules(data), limits)
    except (KeyError, TypeError, AttributeError, ValueError, re.error) as exc:
        raise ModelsDataError("models_file_invalid", f"{HEADINGS_FILE} is malformed: {exc!r}", HEADINGS_FILE) from exc


def segment(text: str, models: Knowledge | Path | str | None = None, running: list[str] | None = None
            ) -> Segmentation:
    """Split memo text into header metadata and body sections (offsets into text).

    `running` holds the running header/footer lines a PDF reader took out of the text; their
    markings and reference still describe the memo.
    """
    if not isinstance(text, str):
        raise SegmentError("invalid_input", f"segment() needs text (str), got {type(text).__name__}")
    rules = load_knowledge(models).derive("segment_rules", _load_rules)
    spans = _line_spans(text)
    lines = [text[s:e] for s, e in spans]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return Segmentation(metadata=MemoMetadata())
    meta, body_line, fields = _read_top(lines, filled, rules)
    banners = [lines[i] for i in filled[: rules.limits["header_search_lines"]] if banner_parts(lines[i], rules.header)]
    fill_from_banners(meta, banners + list(running or []), rules.header)
    body_start = spans[body_line][0] if body_line < len(spans) else len(text)
    headings = [h for i in filled if i >= body_line for h in [_heading_at(text, spans, i, filled[0], rules)] if h]
    if sum(1 for h in headings if _NUMBERING.match(lines[h.line].lstrip("#* \t"))) >= 2:
        headings = _add_numbered_titles(lines, spans, filled, body_line, headings)
    span = (spans[fields[0]][0], spans[fields[-1]][1]) if fields else None
    return Segmentation(metadata=MemoMetadata(**meta), sections=_sections(text, body_start, headings), fields=span)


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
    if len(head) > rules.limits["max_heading_chars"] + 24:
        return None
    core = _NUMBERING.sub("", _HASHES.sub("", head).strip().strip("*_").strip()).strip().strip("*_").strip()
    kind = rules.headings.get(heading_key(core)) if core else None
    if kind is None or len(core) > rules.limits["max_heading_chars"]:
        return None
    # A lower-case 'source' or 'conclusions:' in running text needs markup to count as a heading.
    if core[0].islower() and not re.match(r"\s*(?:#|\*\*|__)", line):
        return None
    rest_clean = _CLOSERS.sub("", rest)
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
    body = start + found[2] if start + found[2] < end else min(end + 1, len(text))
    return _Heading(line=i, start=start, body=body, name=found[0], kind=found[1])


def _add_numbered_titles(
    lines: list[str], spans: list[tuple[int, int]], filled: list[int], body_line: int, heads: list[_Heading]
) -> list[_Heading]:
    """In a memo with numbered headings, an unknown numbered title alone in its block ('3. Exports') is one too."""
    known = {h.line for h in heads}
    extra = []
    for i in filled:
        match = _NUMBERED_TITLE.match(lines[i]) if i >= body_line and i not in known else None
        alone = 0 < i < len(lines) - 1 and not lines[i - 1].strip() and not lines[i + 1].strip()
        if match and alone and len(match.group("name").split()) <= 8:
            name = match.group("name")
            extra.append(_Heading(line=i, start=spans[i][0], body=spans[i][1] + 1, name=name, kind="other"))
    return sorted(heads + extra, key=lambda h: h.line)


def _read_top(lines: list[str], filled: list[int], rules: _Rules) -> tuple[dict[str, Any], int, list[int]]:
    """Metadata from markings, issuer, title and header lines; the index of the first body line; the field lines."""
    hr, max_title = rules.header, rules.limits["max_title_chars"]
    marks: list[int] = []
    tops: list[int] = []
    header: list[int] = []
    for n, i in enumerate(filled[: rules.limits["header_search_lines"]]):
        line = lines[i]
        if mh.is_marking_line(line, hr) or (n < 4 and is_date_line(line)) or banner_parts(line, hr):
            marks.append(i)
        elif mh.is_header_line(line, hr):
            header = mh.header_block(lines, i, hr, lambda text: _body_line(text, rules))
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
        while len(tops) > 2 and tops[-1] + 1 == header[0] and mh.unknown_field(lines[tops[-1]], hr):
            header, tops = [tops[-1], *header], tops[:-1]
        kept = [lines[i] for i in header if not (mh.is_marking_line(lines[i], hr) or mh.unknown_field(lines[i], hr))]
        text = mh.join_lines(kept)
        zone = "\n".join(lines[i] for i in sorted(marks + tops + header))
        meta = {k: v for k, v in mh.parse_header(text, hr, zone).items() if v not in (None, [])}
        top_end = header[-1] + 1
        if meta.get("issuer") is None and len(tops) >= 2 and _issuer_like(lines, tops, rules):
            meta["issuer"], tops = _clean(lines[tops[0]]), tops[1:]
        if tops:
            meta["title"] = mh.join_lines([_clean(lines[i]) for i in tops])[: max_title].rstrip()
    else:
        lead = [i for i in marks if not tops or i < tops[0]]
        top_end = lead[-1] + 1 if lead else filled[0]
        if tops:
            pair = tops[:2]
            if len(pair) == 2 and _issuer_like(lines, pair, rules, strict=True) and _title_like(lines, pair[1], rules):
                meta["issuer"], pair = _clean(lines[pair[0]]), pair[1:]
            first = pair[0]
            meta["title"] = _clean(lines[first])[: max_title].rstrip() or None
            # A long first line is prose, not a title: it stays in the body.
            top_end = first + 1 if "issuer" in meta or len(lines[first].strip()) <= max_title else first
        for i in filled:  # a date or marking line right under the title is still top matter
            if i >= top_end and i not in marks:
                break
            top_end = max(top_end, i + 1)
        meta["marking"] = mh.find_marking("\n".join(lines[i] for i in marks), rules.header) if marks else None
    if "date" not in meta and "date_raw" not in meta:
        for i in marks:
            if is_date_line(lines[i]):
                meta["date"], meta["date_raw"] = parse_date(lines[i])
                break
    return meta, top_end, header


def _body_line(line: str, rules: _Rules) -> bool:
    """True for a line that starts the body: a heading or a bullet."""
    return bool(_match_heading(line, rules, inline=True) or BULLET.match(line))


def _prose(line: str, rules: _Rules) -> bool:
    """True for a line that reads as running text rather than an issuer or title line."""
    text = line.strip()
    return len(text) > rules.limits["max_title_chars"] or (text.endswith(".") and len(text.split()) >= 6)


def _issuer_like(lines: list[str], tops: list[int], rules: _Rules, strict: bool = False) -> bool:
    """True when the first top line reads as an issuer name rather than the start of the title."""
    line = _clean(lines[tops[0]])
    words = line.split()
    if not words or len(line) > rules.limits["max_issuer_chars"] or len(words) > 8 or ":" in line:
        return False
    if line[-1] in ".,;:!?" or is_date_line(line):
        return False
    # Without a header (strict) a title-cased headline over a subtitle is likelier than an issuer.
    acronym = bool(_ACRONYM.search(line)) and len(words) <= 5
    own_block = tops[1] > tops[0] + 1  # a blank line separates it from the title
    titled = all(w[0].isupper() or not w[0].isalpha() or len(w) <= 3 for w in words)
    return acronym or (own_block and titled and not strict)


def _title_like(lines: list[str], i: int, rules: _Rules) -> bool:
    """True for a line that can be a title: short, not a sentence end, not a bullet, alone in its block."""
    line = lines[i].strip()
    after = lines[i + 1] if i + 1 < len(lines) else ""
    alone = not after.strip() or is_date_line(after) or mh.is_marking_line(after, rules.header)
    short = len(line) <= rules.limits["max_title_chars"]
    return alone and short and line[-1] not in ".,;" and not BULLET.match(lines[i])


def _clean(line: str) -> str:
    """A title or issuer line without markdown hashes and emphasis."""
    return re.sub(r"^\s*#{1,6}\s+", "", line).replace("**", "").replace("__", "").strip()


def _sections(text: str, body_start: int, heads: list[_Heading]) -> list[Section]:
    """Sections from the heading list; text before the first heading becomes a 'Body' section."""
    out: list[Section] = []
    bounds: list[tuple[str, str, int, int, int | None]] = []  # name, kind, start, end, heading_start
    first = heads[0].start if heads else len(text)
    if text[body_start:first].strip():
        bounds.append(("Body", "body", body_start, first, None))
    for n, head in enumerate(heads):
        end = heads[n + 1].start if n + 1 < len(heads) else len(text)
        bounds.append((head.name, head.kind, head.body, max(end, head.body), head.start))
    for name, kind, start, end, heading_start in bounds:
        chunk = text[start:end]
        s = start + len(chunk) - len(chunk.lstrip()) if chunk.strip() else min(start, end)
        e = s + len(chunk.strip())
        items = section_items(text, s, e, paragraphs=kind == "key_points")
        out.append(Section(name=name, kind=kind, start=s, end=e, heading_start=heading_start, items=items))
    return out
