"""What a place says about the sale beside it: part of a name, a company's base, or where targets are.

A country or city that premodifies a company word ('a Frankfurt provider'), a company's name ('Rome's Lumen
Srl') or an 'X-based' phrase names a base, never a customer; one inside an organisation's name ('Zhejiang
Dahua', 'NEC of Japan') names no customer either, and nor does one that only says where the people a
technology was used against are (`under_victims`).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.relations.args import MentionIndex
from pipeline.schema import Entity


def names_organisation(token: Token, index: MentionIndex) -> bool:
    """A country mention that is part of, or modifies, an organisation ('Zhejiang Dahua', 'NEC of Japan')."""
    if any(e.label == "ORG" for e in index.at(token.i)):
        return True
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of":
        head = head.head
    elif token.dep_ not in {"compound", "amod", "nmod", "poss", "npadvmod"}:
        return False
    return any(e.label == "ORG" for e in index.at(head.i)) or head.lemma_.lower() in index.cues.words("company_nouns")


def names_vendor_base(token: int, index: MentionIndex, vendor: Entity | None = None) -> bool:
    """A place that premodifies a company word or a company's name says where the company is ('a Frankfurt
    provider', 'the Cypriot subsidiary of X', 'a US fund', 'the Toronto-based lab', or the vendor's own name
    ('Rome's Lumen Srl'), not whom it sells to."""
    place = index.doc[token]
    if place.dep_ not in {"amod", "compound", "nmod", "poss", "npadvmod"} or place.head.i <= place.i:
        return False
    head = place.head
    if head.lemma_.lower() in index.cues.words("based_words"):
        return True  # "the Toronto-based group", "Munich-based Hellwig"
    words = index.cues.words("company_nouns") | index.cues.words("provider_nouns")
    if place.dep_ != "poss" and head.lemma_.lower() in words:
        return True  # but "Kenya's largest supplier" supplies Kenya
    return any((e.id == vendor.id) if vendor is not None else (e.label == "ORG" and index.is_vendor(e))
               for e in index.at(head.i) if e not in index.at(token))


def under_victims(index: MentionIndex, token: int, trigger: Token) -> bool:
    """Whether a country only says where targets or onlookers are ("the phones of activists in Spain",
    "researchers in Canada bought a sample"): between it and the trigger stands a word for the people the
    technology was used against or who only study it."""
    victims = index.cues.words("victim_nouns") | index.cues.words("observer_nouns")

    def victim(t: Token) -> bool:
        # a capitalised plural at a sentence start may keep its surface form as lemma ("Researchers")
        forms = {t.lemma_.lower(), t.lower_, t.lower_[:-1] if t.lower_.endswith("s") else t.lower_}
        return bool(forms & victims) and t.pos_ in {"NOUN", "PROPN"} and not index.at(t.i)  # "Penumbra Labs"

    current = index.doc[token]
    for _ in range(10):
        if current.i == trigger.i or current.head.i == current.i:
            return False
        current = current.head
        # "the phones of activists from X", however the parser hangs "from X": the victims' things
        owners = [c for c in current.children if c.dep_ == "poss"]
        owners += [p for c in current.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        if victim(current) or any(victim(o) for o in owners):
            return True
    return False
