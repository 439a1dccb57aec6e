"""Text repairs after PDF layout: running headers and footers, line-end hyphenation, garbage detection."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from pipeline.knowledge import Knowledge, load_knowledge

# Optional data file of words that keep their hyphen at a line end: {"compounds": [...], "prefixes": [...]}.
HYPHENATION_FILE = "pdf_hyphenation.json"
EDGE_DEPTH = 3

_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|pg\.?|seite|página|pagina)?\s*[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?"
    r"(?:\s*(?:/|of|von|de|sur|di)\s*\d{1,4})?$|^[ivxlc]{1,7}$",
    re.IGNORECASE,
)
_COUNTER = re.compile(r"(?:^|\s)(?:page\s*)?\d{1,4}\s*(?:/|of)\s*\d{1,4}(?:\s|$)", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_CID = re.compile(r"\(cid:\d+\)")
_HYPHEN_END = re.compile(r"([^\W\d_]+)([-\u00ad])$")
_WORDISH = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def is_page_number(line: str) -> bool:
    """True for lines that only carry a page number ('3', '- 3 -', 'Page 3 of 12', 'iv')."""
    return bool(_PAGE_NUMBER.match(line.strip()))


def edge_key(line: str) -> str:
    """Comparison key of a header/footer candidate: case-folded, digits masked, spaces collapsed."""
    return _SPACES.sub(" ", _DIGITS.sub("#", line.casefold())).strip()


def running_lines(pages: list[list[str]], depth: int = EDGE_DEPTH) -> list[set[int]]:
    """Per page, indexes of first/last lines that are running headers/footers or bare page numbers."""
    keys_per_page: list[dict[int, set[str]]] = []
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = _edge_indexes(len(lines), depth)
        keys: dict[int, set[str]] = {}
        for index in edges:
            side = "top" if index < depth and index < len(lines) - index else "bottom"
            found = {f"{side}:{edge_key(lines[index])}"}
            if _COUNTER.search(lines[index]):
                # Footers like 'SUMMARY 3 / 32' change with the section but keep the page counter.
                found.add(f"{side}:counter")
            keys[index] = found
        keys_per_page.append(keys)
        counts.update(set().union(*keys.values()) if keys else set())
    needed = max(2, (len(pages) + 1) // 2)
    drop: list[set[int]] = []
    for lines, keys in zip(pages, keys_per_page, strict=True):
        marked = {i for i, found in keys.items() if len(pages) >= 2 and any(counts[k] >= needed for k in found)}
        marked |= {i for i in keys if is_page_number(lines[i])}
        drop.append(marked)
    return drop


def _edge_indexes(count: int, depth: int) -> list[int]:
    """Indexes of the first and last `depth` lines of a page, each once."""
    return sorted(set(range(min(depth, count))) | set(range(max(count - depth, 0), count)))


def hyphen_knowledge(knowledge: Knowledge | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """Compound words and prefixes that keep their hyphen, from the optional models/ data file."""
    return load_knowledge(knowledge).derive("hyphenation", _hyphenation)


def _hyphenation(knowledge: Knowledge) -> tuple[frozenset[str], frozenset[str]]:
    if not knowledge.has(HYPHENATION_FILE):
        return frozenset(), frozenset()
    data = knowledge.json(HYPHENATION_FILE)
    compounds = frozenset(str(w).casefold() for w in data.get("compounds", []))
    prefixes = frozenset(str(w).casefold() for w in data.get("prefixes", []))
    return compounds, prefixes


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """Case-folded words and hyphenated compounds of a document, used as evidence for hyphenation."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(m.group(0).casefold() for m in _WORDISH.finditer(text))
    return counts


def dehyphenate(lines: list[str], vocab: Counter[str] | None = None, knowledge: Knowledge | None = None) -> list[str]:
    """Rejoin words split at line ends ('surveil-' + 'lance'), keeping real compounds hyphenated."""
    compounds, prefixes = hyphen_knowledge(knowledge)
    vocab = vocab or Counter()
    out = list(lines)
    for i in range(len(out) - 1):
        match = _HYPHEN_END.search(out[i])
        following = out[i + 1]
        if not match or not following or not following[0].isalpha():
            continue
        token = following.split(" ", 1)[0]
        rest = following[len(token):].lstrip(" ")
        head = match.group(1)
        tail = _WORDISH.match(token)
        tail_word = tail.group(0) if tail else token
        joined = (head + tail_word).casefold()
        compound = f"{head}-{tail_word}".casefold()
        soft = match.group(2) == "\u00ad"
        keep = not soft and (
            token[0].isupper()
            or compound in compounds
            or head.casefold() in prefixes
            or vocab[compound] > vocab[joined]
        )
        out[i] = out[i][: match.end(1)] + ("-" if keep else "") + token
        out[i + 1] = rest
    # A line emptied by pulling its only word up disappears rather than leaving a blank paragraph break.
    return [line for line, original in zip(out, lines, strict=True) if line or not original]


def garbled_ratio(text: str) -> float:
    """Share of a text layer that is unmapped glyphs: (cid:N) tokens, replacement, private-use and control chars."""
    visible = sum(1 for ch in text if not ch.isspace())
    if not visible:
        return 0.0
    cids = _CID.findall(text)
    bad = len(cids)
    visible -= sum(len(c) for c in cids) - len(cids)
    bad += sum(1 for ch in _CID.sub("", text) if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff"
               or (ch < " " and ch not in "\t\n\r") or "\x7f" <= ch <= "\x9f")
    return bad / max(visible, 1)
