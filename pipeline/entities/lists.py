"""Names in comma-separated lists take the label most of their neighbours have (organisations or people).

"Media coverage: New York Times, The Hill, Zeit, Reforma, Milenio" — the model
finds some of these outlets and misses others. When most name-like items of a
list (three or more) are already organisations, the remaining name-like items
become organisations too (method "list").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

CONNECTORS = frozenset({"de", "del", "la", "las", "el", "los", "of", "the", "for", "and", "en", "du", "des", "di", "&"})
SEPARATORS = frozenset({",", ";", ":", "\u2022"})
MIN_ITEMS = 3
MAX_ITEM_TOKENS = 6


def _items(doc: Doc) -> list[list[tuple[int, int]]]:
    """Runs of consecutive list items (token bounds, parentheticals removed), split at separators."""
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    start = 0
    depth = 0
    for token in doc:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        after_break = token.i > 0 and "\n" in doc[token.i - 1].whitespace_
        boundary = token.is_sent_start and token.i > 0 or "\n" in token.text or after_break
        separator = token.text in SEPARATORS and depth == 0
        # What stands before a colon labels the list ("Coverage: A, B, C"); it is no item of it.
        label = separator and token.text == ":"
        if (separator or boundary) and not label:
            run.append((start, token.i))
        if separator or boundary:
            start = token.i + (1 if separator else 0)
        if boundary or label:
            runs.append(run)
            run = []
    run.append((start, len(doc)))
    runs.append(run)
    return runs


def _name_like(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Bounds of a short capitalised name inside an item (leading 'and' and bracketed asides dropped)."""
    tokens = []
    depth = 0
    for token in doc[start:end]:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and not token.is_space:
            tokens.append(token)
    if tokens and tokens[0].lower_ in ("and", "or"):
        tokens = tokens[1:]
    if not tokens or len(tokens) > MAX_ITEM_TOKENS or tokens[-1].i - tokens[0].i + 1 != len(tokens):
        return None
    if not (tokens[0].text[:1].isupper() or tokens[0].text[:1].isdigit()):
        return None
    if any(not (t.text[:1].isupper() or t.text[:1].isdigit() or t.lower_ in CONNECTORS or t.is_punct)
           for t in tokens):
        return None
    return tokens[0].i, tokens[-1].i + 1


def _groups(doc: Doc, run: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Maximal sequences of consecutive name-like items of one run."""
    groups: list[list[tuple[int, int]]] = [[]]
    for start, end in run:
        bounds = _name_like(doc, start, end)
        if bounds is None:
            groups.append([])
        else:
            groups[-1].append(bounds)
    return [g for g in groups if len(g) >= MIN_ITEMS]


def list_organisations(doc: Doc, org_tokens: set[int], other_tokens: set[int],
                       stop: frozenset[str] = frozenset()) -> list[Span]:
    """Spans of list items that become organisations because most of their list already are."""
    out = []
    for run in _items(doc):
        for names in _groups(doc, run):
            is_org = [any(i in org_tokens for i in range(s, e)) for s, e in names]
            if sum(is_org) * 2 < len(names):
                continue
            for (s, e), known in zip(names, is_org, strict=True):
                if not known and not any(i in other_tokens for i in range(s, e)) and \
                        doc[s:e].text.casefold() not in stop:
                    out.append(Span(doc, s, e, label="ORG"))
    return out
