"""Sentence bounds and text of one Doc, computed once; paragraph bounds of a text.

`Token.sent` walks the Doc's sentence starts and `Doc.text` joins every token
on each call, which made them the largest costs of the relation stage; the
relation modules ask this index instead.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from pipeline.entities import doc_text


@dataclass
class SentenceIndex:
    """Sentence start tokens and text of a Doc, with cached sentence spans."""

    doc: Doc
    starts: list[int]
    text: str
    _spans: dict[int, Span] = field(default_factory=dict)

    @classmethod
    def from_doc(cls, doc: Doc) -> SentenceIndex:
        """Read the sentence boundaries once."""
        if not len(doc):
            return cls(doc=doc, starts=[], text=doc_text(doc))
        # one array read instead of walking Doc.sents (which builds a Span per sentence)
        flags = doc.to_array([SENT_START]).reshape(-1)
        starts = [0, *(int(i) for i in (flags == 1).nonzero()[0] if i > 0)]
        return cls(doc=doc, starts=starts, text=doc_text(doc))  # the entity stage already read it

    def start(self, i: int) -> int:
        """First token of the sentence holding token i."""
        return self.starts[bisect.bisect_right(self.starts, i) - 1]

    def sent(self, i: int) -> Span:
        """The sentence holding token i."""
        n = bisect.bisect_right(self.starts, i) - 1
        start = self.starts[n]
        span = self._spans.get(start)
        if span is None:
            end = self.starts[n + 1] if n + 1 < len(self.starts) else len(self.doc)
            span = self._spans[start] = self.doc[start:end]
        return span

    def all(self) -> list[Span]:
        """Every sentence, in order."""
        return [self.sent(start) for start in self.starts]


def paragraph_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start and end of the blank-line delimited paragraph around an offset."""
    start = max(text.rfind("\n\n", 0, offset), text.rfind("\n \n", 0, offset))
    end_candidates = [i for i in (text.find("\n\n", offset), text.find("\n \n", offset)) if i != -1]
    return (start + 1 if start != -1 else 0), (min(end_candidates) if end_candidates else len(text))
