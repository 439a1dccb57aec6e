"""Low-confidence fallback: a known vendor, a country and a supply cue in one clause.

Used only for pairs the dependency patterns did not relate in that sentence,
and labelled `cooccurrence` so nobody mistakes it for a parsed relation. The
cue must lie on the dependency path between vendor and country, so a list of
vendors and a list of countries in one long sentence are not all paired.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.relations.args import MentionIndex
from pipeline.relations.bases import names_organisation
from pipeline.relations.frames import Candidate

_NP_DEPS = {"compound", "appos", "conj", "amod", "nmod", "flat"}
_ARGUMENT_DEPS = {"dobj", "nsubj", "nsubjpass", "attr", "oprd"}


def _path(a: Token, b: Token) -> set[int]:
    """Token ids on the dependency path between two tokens (both included)."""
    up_a = [a, *a.ancestors]
    ids_a = {t.i for t in up_a}
    path = set()
    for t in [b, *b.ancestors]:
        path.add(t.i)
        if t.i in ids_a:
            for u in up_a:
                path.add(u.i)
                if u.i == t.i:
                    return path
    return set()


def _governed_elsewhere(tech: Token, path: set[int], cue_lemmas: frozenset[str]) -> bool:
    """True when the technology's noun phrase is the subject or object of a verb that is no cue: it is then
    what that verb does or meets ('blocks Pinboard', 'queried the engine Lookwise'), not what is provided."""
    head = tech
    while head.dep_ in _NP_DEPS and head.head.i in path and head.head.i != head.i:
        head = head.head
    governor = head.head
    return (head.dep_ in _ARGUMENT_DEPS and governor.pos_ in {"VERB", "AUX"}
            and governor.lemma_.lower() not in cue_lemmas)


def _beside_the_object(tech: Token, cue: Token) -> bool:
    """True when the cue verb has an object and the technology is neither in it nor in what comes 'with' it:
    'built its name on Face++, a cloud platform' makes a name, not the platform."""
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    if cue.pos_ != "VERB" or not objects:
        return False
    allowed = objects + [c for c in cue.children if c.dep_ == "prep" and c.lower_ == "with"]
    return not any(tech.i in {t.i for t in o.subtree} for o in allowed)


def _in_vendor_list(token: Token, index: MentionIndex) -> bool:
    """True for a vendor written in a coordination with other vendors ('Huawei, Hikvision and ZTE')."""
    head = token
    while head.dep_ in {"compound", "flat"} and head.head.i != head.i:
        head = head.head
    others = [c for c in head.conjuncts if any(index.is_vendor(e) for e in index.at(c.i))]
    return bool(others)


def sentence_fallback(sent: Span, index: MentionIndex, related: set[tuple[str, str]]) -> list[Candidate]:
    """SUPPLIES candidates by co-occurrence of a known vendor, a country and a cue on one dependency path."""
    cues = index.cues
    doc = index.doc
    cue_tokens = [t for t in sent if t.lemma_.lower() in cues.fallback_cues]
    if not cue_tokens:
        return []
    vendors = [(i, e) for i in range(sent.start, sent.end) for e in index.at(i) if index.known_vendor(e)]
    countries = [(i, e) for i in range(sent.start, sent.end) for e in index.at(i) if e.label == "COUNTRY"]
    victims = cues.words("victim_nouns")
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for v_i, vendor in vendors:
        if _in_vendor_list(doc[v_i], index):
            continue  # which of several coordinated vendors sold where is for the patterns to say
        for c_i, country in countries:
            pair = (vendor.id, country.id)
            if pair in related or pair in seen or country.iso3 == vendor.country:
                continue
            if names_organisation(doc[c_i], index):
                continue
            path = _path(doc[v_i], doc[c_i])
            cue = next((t for t in cue_tokens if t.i in path), None)
            if cue is None or any(doc[i].lemma_.lower() in victims and doc[i].pos_ == "NOUN" for i in path):
                continue  # no cue, or the country is where targets are ('targets in Spain')
            seen.add(pair)
            out.append(Candidate("SUPPLIES", vendor, country, cue.i, "cooccurrence", None, None, (v_i, c_i)))
    return out


def provides_fallback(
    sent: Span, index: MentionIndex, related: set[tuple[str, str]], makers: dict[str, set[str]]
) -> list[Candidate]:
    """PROVIDES candidates: a known vendor and a technology with a making/selling cue on the path between them.

    A technology the patterns already gave a maker (anywhere in the memo) gets no other maker here.
    """
    doc = index.doc
    cue_lemmas = index.cues.fallback_provides_cues
    vendors = [(i, e) for i in range(sent.start, sent.end) for e in index.at(i) if index.known_vendor(e)]
    techs = [(i, e) for i in range(sent.start, sent.end) for e in index.at(i) if e.label == "TECHNOLOGY"]
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for v_i, vendor in vendors:
        for t_i, tech in techs:
            pair = (vendor.id, tech.id)
            if pair in related or pair in seen or v_i == t_i or vendor.id not in makers.get(tech.id, {vendor.id}):
                continue
            path = _path(doc[v_i], doc[t_i])
            cue = next((doc[i] for i in sorted(path) if doc[i].lemma_.lower() in cue_lemmas), None)
            if cue is None or len(path) > 9:
                continue
            if _governed_elsewhere(doc[t_i], path, cue_lemmas) or _beside_the_object(doc[t_i], cue):
                continue
            if any(c.dep_ == "neg" for i in path for c in doc[i].children):
                continue  # "the programme does not include drones": a co-occurrence under a negation says nothing
            seen.add(pair)
            out.append(Candidate("PROVIDES", vendor, tech, cue.i, "cooccurrence", tech.id, None, (v_i, t_i)))
    return out
