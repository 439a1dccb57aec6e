"""Helpers shared by the entity components: span groups per method, trimming, plural forms.

Every candidate component writes its spans to a span group named
``memokg:<method>`` (label = entity label, kb_id = registry id or ISO3), so
the resolver knows how each candidate was found without extra attributes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from pipeline.entities.attrs import TEXT_KEY, VIEW_KEY, group_name


def add_spans(doc: Doc, method: str, spans: Iterable[Span]) -> None:
    """Append candidate spans to the method's group (creating it when needed)."""
    name = group_name(method)
    group = doc.spans[name] if name in doc.spans else None
    spans = list(spans)
    if group is None:
        doc.spans[name] = spans
    else:
        group.extend(spans)


def make_span(doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span:
    """A token span with a label and knowledge-base id."""
    return Span(doc, start, end, label=label, kb_id=kb_id)


def trim(span: Span, determiners: frozenset[str]) -> tuple[int, int]:
    """Token bounds of a span without leading determiners and trailing possessives or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in determiners or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space
                           or doc[end - 1].lower_ in ("'s", "\u2019s", "'", "\u2019")):
        end -= 1
    return start, end


def plural(word: str) -> str:
    """Naive English plural of a lowercase word (enough for technology head nouns)."""
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es" if not word.endswith("s") else word
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def is_acronym(text: str) -> bool:
    """True for all-caps short forms such as 'HRW', 'NISS', 'RCS' or 'C&C'."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "for", "and", "or", "in", "on", "at", "to", "by", "with",
                            "from", "as", "via", "vs", "into", "over", "under", "about", "behind", "between"})
CAPTION = re.compile(r"^(figure|fig\.|table|chart|exhibit|image|photo|map)\s*[0-9ivx]+\b", re.IGNORECASE)




def single_break(token: Token) -> bool:
    """Whether a token is one line break inside a paragraph (not a blank line, not at the edges)."""
    return token.is_space and token.text.count("\n") == 1 and 0 < token.i < len(token.doc) - 1 \
        and not token.doc[token.i - 1].is_space and not token.doc[token.i + 1].is_space


def joined_view(doc: Doc) -> tuple[Doc, list[int]] | None:
    """The Doc without line breaks inside paragraphs, and each view token's index in the Doc (None: no such break).

    Names a PDF wrapped over two lines ("Reporters Without\nBorders") match in the view. The view is kept in
    `user_data` so the matchers share it; `drop_joined_view` removes it.
    """
    cached = doc.user_data.get(VIEW_KEY)
    if cached is not None:
        return cached or None
    if "\n" not in doc_text(doc):
        doc.user_data[VIEW_KEY] = ()
        return None
    index = [t.i for t in doc if not single_break(t)]
    if len(index) == len(doc):
        doc.user_data[VIEW_KEY] = ()
        return None
    kept = set(index)
    words, spaces = [], []
    for i in index:
        token = doc[i]
        words.append(token.text)
        # A dropped break leaves a space between the words it separated.
        spaces.append(bool(token.whitespace_) or (i + 1 < len(doc) and i + 1 not in kept))
    view = (Doc(doc.vocab, words=words, spaces=spaces), index)
    doc.user_data[VIEW_KEY] = view
    return view


def joined_matches(matcher: Callable[[Doc], list[tuple[int, int, int]]], doc: Doc) -> list[tuple[int, int, int]]:
    """A matcher's (match_id, start, end) hits over the joined view, in the Doc's token indexes."""
    view = joined_view(doc)
    if view is None:
        return list(matcher(doc))
    joined, index = view
    return [(match_id, index[start], index[end - 1] + 1) for match_id, start, end in matcher(joined)]


def doc_text(doc: Doc) -> str:
    """The Doc's text, read once per Doc (Doc.text joins every token)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def drop_joined_view(doc: Doc) -> None:
    """Forget the cached view (a Doc in user_data would not serialise)."""
    doc.user_data.pop(VIEW_KEY, None)


def heading_line(span: Span) -> bool:
    """Whether the span stands on a title, heading or caption line rather than in running text."""
    doc = span.doc
    text = doc_text(doc)
    begin = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    line = text[begin:end if end >= 0 else len(text)].strip()
    if CAPTION.match(line):
        return True
    if line.startswith(("-", "\u2022", "*")) or " | " in line:
        return False  # list items and table rows are no headings
    if text[span.end_char:span.end_char + 1] == ":" and text[begin:span.start_char].strip() == "":
        return False  # "Sensata Grid Systems: confirmed contracts": a name labelling what follows, a lead line
    words = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", line) if w.lower() not in FUNCTION_WORDS]
    if len(line.split()) <= 8 and line[-1:] not in ".?!,;:\"\u201d)":
        return True
    title_case = sum(w[0].isupper() for w in words) >= 0.8 * len(words) if words else False
    # a line ending in a colon leads into a list or table ("Customers of Grimsby Secure Comms:"), it heads nothing
    return title_case and len(line.split()) <= 16 and not line.endswith((".", ":"))
