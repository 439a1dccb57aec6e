"""Sentence bounds and text of one Doc, computed once; paragraph bounds of a text.

`Token.sent` walks the Doc's sentence starts and `Doc.text` joins every token
on each call, which made them the largest costs of the relation stage; the
relation modules ask this index instead.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span


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
        starts = [sent.start for sent in doc.sents] if len(doc) else []
        return cls(doc=doc, starts=starts, text=doc.text)

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
