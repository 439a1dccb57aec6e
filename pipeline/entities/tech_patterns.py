"""Technology noun phrases the taxonomy does not list, found by their head word (`memokg:pattern` group).

A phrase is a head word from `entity_rules.json` ("recognition", "spyware",
"camera", "system"...) plus the modifiers on its left. Strong heads need one
modifier that is not a weak word ("facial recognition", not "new recognition");
weak heads ("system", "platform", "software") need a technology modifier or a
proper noun ("surveillance system", "Galileo platform"); standalone heads
("spyware", "malware") are entities alone. Named products introduced by a cue
("a spyware called X", "a platform dubbed 'X'") are caught too.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from pipeline.entities.attrs import ORG_TOKENS_KEY, group_name
from pipeline.entities.common import add_spans, is_acronym, make_span, plural
from pipeline.knowledge import Gazetteer, gazetteer_of, load_knowledge

MODIFIER_POS = ("ADJ", "NOUN", "PROPN", "X")
MAX_MODIFIERS = 3


CLAUSE_DEPS = frozenset({"ROOT", "appos"})
# relations by which a word hangs under a verb (or a noun's clause), not inside a noun phrase
CLAUSAL = frozenset({"acl", "relcl", "dobj", "pobj", "advcl", "ccomp", "xcomp", "attr", "oprd", "nsubj", "nsubjpass"})


def _governs(token: Token, target: Token) -> bool:
    """The target hangs under the token through a clause relation: the token is a verb or noun of the clause."""
    node = target
    while node.i != token.i and node.head.i != node.i:  # spaCy makes a new Token object on every access
        if node.dep_ in CLAUSAL:
            return True
        node = node.head
    return False


def modifies(token: Token, head_start: int, head_end: int) -> bool:
    """Whether the token can modify the head: not a clause word that the tagger took for a noun.

    A word the head hangs under as an object or clause ("denial concerns hacking", "groups AI
    surveillance"), an appositive, a root or the subject of a word outside the phrase ("products
    analyse live camera") belongs to the clause around the phrase, not to the phrase.
    """
    if token.dep_ in CLAUSE_DEPS:
        return False
    if token.dep_ in ("nsubj", "nsubjpass") and not token.i < token.head.i < head_end:
        return False  # the subject of a word outside the phrase
    doc = token.doc
    return not any(token.is_ancestor(doc[i]) and _governs(token, doc[i]) for i in range(head_start, head_end))


class TechPatterns:
    """Finds technology noun phrases by head word and named products by cue."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        heads = gazetteer.rules.get("tech_heads", {})
        self.kind: dict[str, str] = {}
        for kind in ("weak", "strong", "standalone"):
            for head in heads.get(kind, []):
                for form in (head, " ".join([*head.split()[:-1], plural(head.split()[-1])])):
                    self.kind[form] = kind
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind in ("weak", "strong", "standalone"):
            self.matcher.add(kind, [nlp.make_doc(h) for h, k in sorted(self.kind.items()) if k == kind])
        self.tech_modifiers = gazetteer.words("tech_modifiers")
        self.weak_modifiers = gazetteer.words("weak_modifiers") | gazetteer.words("determiners")
        self.generic = gazetteer.words("not_technologies")
        self.context_words = gazetteer.words("tech_context_words")
        self.cues = gazetteer.words("tech_name_cues")
        self.cue_ends = frozenset(cue.split()[-1] for cue in self.cues)

    def modifier_ok(self, token: Token) -> bool:
        """Whether a token may stand inside a technology phrase left of its head (not a vendor's name)."""
        if token.i in token.doc.user_data.get(ORG_TOKENS_KEY, ()):
            return False
        if token.is_punct or token.is_space or token.like_num or token.is_stop:
            return False
        if not any(c.isalnum() for c in token.text):
            return False  # a table's '|' is no modifier
        if token.lower_ in self.weak_modifiers or self.gaz.country_of(token.text):
            return False
        if token.lower_ in self.tech_modifiers:
            return True
        if token.pos_ == "VERB":
            return token.tag_ == "VBG" and token.dep_ in ("amod", "compound")
        return token.pos_ in MODIFIER_POS or token.lower_ in self.tech_modifiers

    def left_edge(self, doc: Doc, head_start: int, head_end: int | None = None) -> int:
        """Start of the modifiers left of a head (hyphenated words such as 'zero-day' count as one)."""
        start = head_start
        used = 0
        while start > 0 and used < MAX_MODIFIERS:
            prev = doc[start - 1]
            if prev.text == "-" and start >= 2 and not prev.whitespace_ and doc[start - 2].is_alpha:
                start -= 2
                used += 1
                continue
            if not self.modifier_ok(prev) or not modifies(prev, head_start, head_end or head_start + 1):
                break
            start -= 1
            used += 1
        return start

    def distinctive(self, tokens: list[Token], kind: str) -> bool:
        """Whether the modifiers make a specific technology of the head."""
        if kind == "standalone":
            return True
        words = [t for t in tokens if t.text != "-"]
        if not words:
            return False
        if kind == "strong":
            return any(t.lower_ not in self.weak_modifiers for t in words)
        return any(t.lower_ in self.tech_modifiers or t.pos_ == "PROPN" or is_acronym(t.text)
                   or t.lower_ in self.kind for t in words)

    def named_products(self, doc: Doc) -> list:
        """Names introduced by a cue after a technology word: 'a spyware called Predator'."""
        spans = []
        for token in doc:
            if token.lower_ not in self.cue_ends:
                continue  # one set test per word: most are no cue's last word
            before = [t.lower_ for t in doc[max(0, token.i - 2):token.i]]
            phrases = {token.lower_, " ".join([*before[-1:], token.lower_]), " ".join([*before, token.lower_])}
            if not phrases & self.cues:
                continue  # 'called', 'known as', 'under the name'
            if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in {"the", "a"}:
                continue  # 'under the' of 'under the name': the cue is not complete yet
            window = doc[max(0, token.i - 6):token.i]
            if not any(t.lemma_.lower() in self.context_words or t.lower_ in self.kind for t in window):
                continue
            start = token.i + 1
            while start < len(doc) and doc[start].text in ("'", '"', "\u2018", "\u201c"):
                start += 1
            end = start
            while end < len(doc) and ((doc[end].is_title or doc[end].is_upper or doc[end].pos_ == "PROPN")
                                      and not doc[end].is_punct or _joined(doc, end, start)):
                end += 1
            if end > start:
                spans.append(make_span(doc, start, end, "TECHNOLOGY"))
        return spans

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        org_tokens = {i for group in (group_name("ruler"), group_name("model")) if group in doc.spans
                      for span in doc.spans[group] if span.label_ == "ORG" for i in range(span.start, span.end)}
        doc.user_data[ORG_TOKENS_KEY] = org_tokens
        heads: dict[int, tuple[int, str]] = {}
        for match_id, start, end in self.matcher(doc):
            if end > heads.get(start, (0, ""))[0]:
                heads[start] = (end, doc.vocab.strings[match_id])
        spans = []
        covered = -1
        for head_start in sorted(heads):
            end, kind = heads[head_start]
            if head_start < covered or any(i in org_tokens for i in range(head_start, end)):
                continue
            # A head followed by another head word ("surveillance system") is a modifier of the latter.
            if end in heads and doc[end - 1].whitespace_:
                continue
            start = self.left_edge(doc, head_start, end)
            text = doc[start:end].text.lower()
            if text in self.generic or not self.distinctive(list(doc[start:head_start]), kind):
                continue
            spans.append(make_span(doc, start, end, "TECHNOLOGY"))
            covered = end
        spans.extend(self.named_products(doc))
        spans.sort(key=lambda s: (s.start, s.end))
        add_spans(doc, "pattern", spans)
        doc.user_data.pop(ORG_TOKENS_KEY, None)
        return doc


def make_tech_patterns(nlp: Language, name: str, models_dir: str | None) -> TechPatterns:
    """spaCy factory of the technology pattern matcher."""
    return TechPatterns(nlp, gazetteer_of(load_knowledge(models_dir)))


def _joined(doc: Doc, i: int, start: int) -> bool:
    """A hyphen inside a product name ('Tetrad-LI'): written without spaces, between two words of it."""
    return doc[i].text == "-" and i > start and not doc[i - 1].whitespace_ and not doc[i].whitespace_ \
        and i + 1 < len(doc) and doc[i + 1].is_alpha
