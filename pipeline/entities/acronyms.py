"""Acronyms defined in the text: "Human Rights Watch (HRW)" (Schwartz & Hearst, 2003).

Writes each long form to the `memokg:acronym_def` span group with the acronym
as its label; the resolver makes the long form and every later bare use of the
acronym one entity.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.entities.common import add_spans, is_acronym, make_span
from pipeline.knowledge import Gazetteer, gazetteer_of, load_knowledge

STOP_TOKENS = {",", ";", ":", "(", ")", "[", "]", "'", '"', "\u2018", "\u2019", "\u201c", "\u201d", "."}


def long_form_start(short: str, words: list[str]) -> int | None:
    """Index of the first word of the long form of `short` among `words` (the text before it), or None."""
    chars = [c.lower() for c in short if c.isalnum()]
    text = " ".join(words).lower()
    s, pos = len(chars) - 1, len(text) - 1
    while s >= 0:
        c = chars[s]
        # The first letter of the acronym must start a word; the others may sit anywhere.
        while pos >= 0 and (text[pos] != c or (s == 0 and pos > 0 and text[pos - 1].isalnum())):
            pos -= 1
        if pos < 0:
            return None
        s -= 1
        pos -= 1
    start_char = pos + 1
    offset = 0
    for index, word in enumerate(words):
        if offset <= start_char < offset + len(word) + 1:
            return index
        offset += len(word) + 1
    return None


class AcronymFinder:
    """Finds 'Long Form (ACR)' definitions."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.determiners = gazetteer.words("determiners")

    def reverse(self, doc: Doc) -> list:
        """Definitions written short form first: "TNI (Tactical Network Injector)"."""
        spans = []
        for token in doc[1:-2]:
            i = token.i
            if doc[i + 1].text != "(" or not is_acronym(token.text) or len(token) > 10:
                continue
            close = next((j for j in range(i + 2, min(len(doc), i + 12)) if doc[j].text == ")"), None)
            if close is None or close - i - 2 < 2:
                continue
            words = [t.text for t in doc[i + 2:close]]
            if long_form_start(token.text, words) == 0 and words[0][:1].lower() == token.text[:1].lower():
                spans.append(make_span(doc, i + 2, close, token.text))
        return spans

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        spans = []
        for token in doc[2:-1]:
            i = token.i
            if doc[i - 1].text != "(" or doc[i + 1].text != ")" or not is_acronym(token.text) or len(token) > 10:
                continue
            n_chars = sum(c.isalnum() for c in token.text)
            first = i - 1
            limit = max(0, i - 1 - min(n_chars + 5, n_chars * 2))
            while first > limit and doc[first - 1].text not in STOP_TOKENS and not doc[first - 1].is_space \
                    and not doc[first].is_sent_start:
                first -= 1
            window = [t.text for t in doc[first:i - 1]]
            index = long_form_start(token.text, window)
            if index is None:
                continue
            start = first + index
            while start < i - 1 and doc[start].lower_ in self.determiners:
                start += 1
            if i - 1 - start >= 2 or (i - 1 - start == 1 and len(doc[start]) > len(token)):
                spans.append(make_span(doc, start, i - 1, token.text))
        spans.extend(self.reverse(doc))
        add_spans(doc, "acronym_def", spans)
        return doc


def make_acronyms(nlp: Language, name: str, models_dir: str | None) -> AcronymFinder:
    """spaCy factory of the acronym-definition finder."""
    return AcronymFinder(gazetteer_of(load_knowledge(models_dir)))
