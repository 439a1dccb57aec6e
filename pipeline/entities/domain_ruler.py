"""Registry matching: organisations and technologies from models/ found with PhraseMatchers.

Case rules: single-token, all-caps and mixed-case aliases ("ZTE", "Access",
"iPhone", "ProxySG") and every alias of a record noted "common word: match
case-sensitively" match exactly as written; other multi-word names ("Human
Rights Watch", "facial recognition") match case-insensitively, and lowercase
technology terms also match in their plural form. Matching runs over the
joined view of the Doc, so a name wrapped over two lines is still found.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pipeline.entities.common import add_spans, joined_matches, make_span, plural
from pipeline.knowledge import Gazetteer, gazetteer_of, load_knowledge


def _exact_case(surface: str, n_tokens: int) -> bool:
    """Whether an alias must match with its case as written."""
    if n_tokens == 1 or surface.isupper() or any(c.isdigit() for c in surface):
        return True
    # Mixed case inside a word ("iPhone", "WebPulse") marks a product name, not a phrase.
    return any(any(c.isupper() for c in word[1:]) or word[:1].islower() and any(c.isupper() for c in word)
               for word in surface.split())


def joined(doc: Doc, start: int, end: int) -> bool:
    """Whether a match is glued by a hyphen to a neighbouring word ("EU" in "DERT-EU")."""
    before = start > 0 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and start > 1 \
        and not doc[start - 2].whitespace_
    after = end < len(doc) - 1 and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
    return before or after


class DomainRuler:
    """Finds registry aliases and writes them to the `memokg:ruler` span group."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact: dict[str, list] = {}
        lower: dict[str, list] = {}
        for label, terms in (("ORG", gazetteer.org_terms), ("TECHNOLOGY", gazetteer.tech_terms)):
            for surface, entity_id in terms:
                pattern = nlp.make_doc(surface)
                if gazetteer.known[entity_id].cased or _exact_case(surface, len(pattern)):
                    exact.setdefault(entity_id, []).append(pattern)
                    continue
                lower.setdefault(entity_id, []).append(pattern)
                if label == "TECHNOLOGY" and surface.islower():
                    words = surface.split()
                    lower[entity_id].append(nlp.make_doc(" ".join([*words[:-1], plural(words[-1])])))
        for entity_id in sorted(exact):
            self.exact.add(entity_id, exact[entity_id])
        for entity_id in sorted(lower):
            self.lower.add(entity_id, lower[entity_id])

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        spans = []
        seen = set()
        for matcher in (self.exact, self.lower):
            for match_id, start, end in joined_matches(matcher, doc):
                if joined(doc, start, end):
                    continue
                entity_id = doc.vocab.strings[match_id]
                known = self.gaz.known[entity_id]
                key = (start, end, entity_id)
                if key not in seen:
                    seen.add(key)
                    spans.append(make_span(doc, start, end, known.label, entity_id))
        spans.sort(key=lambda s: (s.start, s.end, s.kb_id_))
        add_spans(doc, "ruler", spans)
        return doc


def make_domain_ruler(nlp: Language, name: str, models_dir: str | None) -> DomainRuler:
    """spaCy factory of the registry ruler."""
    return DomainRuler(nlp, gazetteer_of(load_knowledge(models_dir)))
