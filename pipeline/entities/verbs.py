"""Verbs the small parser read as nouns after a company name, mended before any span is built on the parse.

"Brantel Labs ships cameras to Chile": after a name ending in a plural word (Labs, Systems, Networks) the
small model takes the third-person verb for one more noun of a long noun phrase ("Brantel Labs ships
cameras"), so the sentence has no verb, the technology phrase swallows the verb ("ships cameras") and no
sale is read. Where a sentence has no verbal root and a lower-case '-s' form of a lexicon verb follows a
proper noun and precedes a noun phrase, the form becomes the sentence's verb: the name before it its subject,
the noun phrase after it its object, the object's to/for phrases its own. Where the verb is parsed as a verb
but the name before it hangs on it as a compound ("Karavel Systems markets ..."), the name becomes its
subject. A head of a noun phrase the tagger took for an adjective ('a Quiver IMSI catcher, made by ...': the
parser makes it the subject, with its determiner and compounds) is a noun, and one hung on the verb before it
as a clause ('makes the Nightjar implant') is the verb's object. Sentence boundaries never change.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.entities.lemmas import LemmaMender, lemma_mender

_VERBAL = frozenset({"VERB", "AUX"})
_OBJECT_STARTS = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM", "PRON", "ADP"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos"})
_VERB_PREPS = frozenset({"to", "for", "into", "in", "across", "throughout", "with"})


class VerbMender:
    """Makes a misread third-person verb after a name the verb of its sentence again, and names hung on a verb
    as compounds its subject."""

    def __init__(self, lemmas: LemmaMender) -> None:
        self.lemmas = lemmas

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        if not doc.has_annotation("DEP"):
            return doc
        tree: dict[int, tuple[int, str]] = {}
        for token in doc:
            if token.pos_ != "ADJ":
                continue
            if token.dep_ in _NOUN_DEPS and _heads_a_noun_phrase(token):
                token.pos_, token.tag_ = "NOUN", "NN"
            elif _object_taken_for_clause(token):
                token.pos_, token.tag_, token.dep_ = "NOUN", "NN", "dobj"
                for child in token.lefts:
                    if child.dep_ == "amod" and child.pos_ == "PROPN":
                        child.dep_ = "compound"  # 'the Nightjar implant': a name before the noun
        for sent in doc.sents:
            if sent.root.pos_ in _VERBAL:
                for token in sent:
                    if token.pos_ == "VERB" and token.tag_ in {"VBZ", "VBD", "VBP"}:
                        _compound_subject(token)
                continue
            found = self._misread_verb(sent)
            if found is not None:
                verb, lemma = found
                verb.pos_, verb.tag_, verb.lemma_ = "VERB", "VBZ", lemma
                tree.update(_verb_tree(verb, sent))
        if tree:
            # one write of the whole tree: head by head, a sentence would pass through two roots and split
            array = doc.to_array([HEAD, DEP])
            for i, (head, dep) in tree.items():
                array[i, 0] = numpy.uint64((head - i) % 2**64)
                array[i, 1] = doc.vocab.strings.add(dep)
            doc.from_array([HEAD, DEP], array)
        return doc

    def _misread_verb(self, sent: Span) -> tuple[Token, str] | None:
        """The first '-s' form after a proper noun that inflects a lexicon verb and precedes a noun phrase."""
        doc = sent.doc
        for token in sent[1:-1]:
            before, after = doc[token.i - 1], doc[token.i + 1]
            if token.text != token.lower_ or not token.is_alpha or not token.lower_.endswith("s") \
                    or token.tag_ not in {"NNS", "VBZ", "NN"}:
                continue
            if before.pos_ != "PROPN" or after.pos_ not in _OBJECT_STARTS or after.is_punct:
                continue
            lemma = self.lemmas.lemma(token.text)
            if lemma is not None and lemma != token.lower_:
                return token, lemma
        return None


def _heads_a_noun_phrase(token: Token) -> bool:
    """A determiner and a compound before it: 'a Quiver IMSI catcher' is a noun phrase whatever its tag."""
    left = [c.dep_ for c in token.lefts]
    return "det" in left and "compound" in left


def _object_taken_for_clause(token: Token) -> bool:
    """'makes the Nightjar implant': an 'adjective' with a determiner, hung on the verb before it as a clause,
    is the verb's object."""
    head = token.head
    return token.dep_ in {"ccomp", "xcomp", "oprd"} and head.pos_ == "VERB" and head.i < token.i \
        and any(c.dep_ == "det" for c in token.lefts) and not any(c.dep_ in _SUBJECTS for c in token.children)


def _compound_subject(verb: Token) -> None:
    """'Karavel Systems markets X': the name right before a verb without a subject is its subject."""
    if verb.i == 0 or any(c.dep_ in _SUBJECTS for c in verb.children):
        return
    left = verb.doc[verb.i - 1]
    if left.head.i == verb.i and left.dep_ == "compound" and left.pos_ == "PROPN":
        left.dep_ = "nsubj"


def _verb_tree(verb: Token, sent: Span) -> dict[int, tuple[int, str]]:
    """The sentence's tree rebuilt around `verb`, as token -> (head, dep) for the tokens that change: subject
    on the left, object and its to/for phrases on the right."""
    doc = sent.doc
    subject = verb.i - 1
    right = range(verb.i + 1, sent.end)
    tree = {verb.i: (verb.i, "ROOT"), subject: (verb.i, "nsubj")}
    for token in doc[sent.start:subject]:
        if token.head.i > subject or token.head.i == token.i:
            tree[token.i] = (subject, "dep" if token.dep_ == "ROOT" else token.dep_)
    obj = None
    for token in (doc[i] for i in right if doc[i].head.i not in right or doc[i].head.i == i):
        if sent.start <= token.head.i < verb.i and token.head.i != token.i:
            continue  # hangs on the subject's side already (a comma after the name)
        if obj is None and token.pos_ in _NOMINAL:
            dep, obj = "dobj", token
        elif token.is_punct:
            dep = "punct"
        elif token.pos_ == "ADP":
            dep = "prep"
        else:
            dep = "dep" if token.dep_ == "ROOT" else token.dep_
        tree[token.i] = (verb.i, dep)
    if obj is not None:
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ in _VERB_PREPS and prep.i > obj.i:
                tree[prep.i] = (verb.i, "prep")
    return tree


def make_verbs(nlp: Language, name: str, models_dir: str | None) -> VerbMender:
    """spaCy factory of the verb mender."""
    return VerbMender(lemma_mender(models_dir))
