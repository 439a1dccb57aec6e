"""Status of a relation from the words around its cue: reported, alleged, denied, halted or planned.

Negation and hedging change the status; they never drop a relation. The
scope is the cue, the verbs it hangs from (up to the sentence root) and their
auxiliaries, negations and adverbs, plus phrases anywhere in the sentence
("according to").
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.relations.cues import RelationCues
from pipeline.schema import RelationStatus

# relcl: "the sale, which the company denies"; acomp: "reports that X sold ... are false"
_MODIFIER_DEPS = {"aux", "auxpass", "neg", "advmod", "npadvmod", "prt", "mark", "amod", "det", "relcl", "acomp"}


def scope_tokens(cue: Token) -> list[Token]:
    """The cue, its governing chain up to the root, and the modifiers of each."""
    chain = [cue, *cue.ancestors]
    scope: list[Token] = []
    for token in chain:
        scope.append(token)
        scope.extend(c for c in token.children if c.dep_ in _MODIFIER_DEPS)
    return scope


def _trailing_clauses(cue: Token) -> list[Token]:
    """Relative clauses on the cue's own phrases: "the sale of cameras to Ghana, which the company denies" (the
    parser hangs the clause on the last noun); they count only as denials, a plan of the buyer is not the sale's."""
    return [r for prep in cue.children if prep.dep_ == "prep" for pobj in prep.children if pobj.dep_ == "pobj"
            for r in pobj.children if r.dep_ == "relcl"]


def _has_phrase(text: str, phrases: tuple[str, ...]) -> str | None:
    padded = f" {' '.join(text.lower().split())} "
    return next((p for p in phrases if f" {p} " in padded), None)


def relation_status(cue: Token, cues: RelationCues, sentence: str | None = None) -> tuple[RelationStatus, str | None]:
    """Status of the relation anchored at `cue`, with the word that decided it (None when reported).

    `sentence` is the text of the cue's sentence, when the caller already has it.
    """
    status = cues.status
    scope = scope_tokens(cue)
    lemmas = [(t.lemma_.lower(), t.lower_, t) for t in scope]
    sentence = cue.sent.text if sentence is None else sentence
    for token in _trailing_clauses(cue):
        if token.lemma_.lower() in status["denial_lemmas"]:
            return "denied", token.lower_
    for lemma, lower, token in lemmas:
        if lemma in status["denial_lemmas"]:
            return "denied", lower
        if lower in status["negations"] and token.dep_ in {"neg", "advmod", "det"}:
            # "has not been confirmed": a fact nobody confirmed is alleged, not denied
            unconfirmed = token.head.lemma_.lower() in status.get("unconfirmed_lemmas", ())
            return ("alleged" if unconfirmed else "denied"), lower
    for lemma, lower, _ in lemmas:
        if lemma in status["halt_lemmas"]:
            return "halted", lower
    halt = _has_phrase(sentence, status["halt_phrases"])
    if halt:
        return "halted", halt
    for lemma, lower, token in lemmas:
        if lemma in status["plan_lemmas"] and (token.pos_ in {"VERB", "AUX", "NOUN"} or lower in {"will", "shall"}):
            return "planned", lower
    plan = _has_phrase(sentence, status["plan_phrases"])
    if plan:
        return "planned", plan
    for lemma, lower, _ in lemmas:
        if lemma in status["hedge_lemmas"] or lower in status["hedge_lemmas"]:
            return "alleged", lower
    hedge = _has_phrase(sentence, status["hedge_phrases"])
    if hedge:
        return "alleged", hedge
    return "reported", None
