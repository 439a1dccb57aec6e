"""What a vendor's project is made of: "The project will add 5,000 cameras with facial recognition".

A clause whose subject is a project noun ("the project", "the Safe City network", "Brantel's monitoring
programme") and whose verb says what the project consists of (`component_verbs` in lexicon.json: include,
add, involve, connect...) names technologies the project's vendor provides, and places in the project's
country. The vendor is the one named in the subject's phrase, else the one of the project the subject points
back to ('the project' after "Brantel won the Lima project", pipeline.relations.coref.resolve_project), else
that of an earlier mention of the same named project ("a project called Safe City" ... "the Safe City
project"). Found this way, a relation says `project` as its method and rests on the sentences of both.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.relations.args import MentionIndex
from pipeline.relations.clauses import is_umbrella
from pipeline.relations.coref import project_owner, resolve_project
from pipeline.relations.frames import Candidate, as_customer, resolve_slot
from pipeline.schema import Entity

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _name_words(tokens) -> set[str]:  # noqa: ANN001  a Span or a token's subtree
    """Capitalised words that are no sentence opener or function word: what a project's name is made of."""
    return {t.lower_ for t in tokens if t.text[:1].isupper() and not t.is_sent_start and not t.is_stop}


class ProjectComponents:
    """PROVIDES (and SUPPLIES) from clauses that say what a vendor's project consists of."""

    def __init__(self, index: MentionIndex) -> None:
        self.index = index
        self.nouns = frozenset(index.cues.anaphora.get("project_nouns", []))
        self.verbs = index.cues.words("component_verbs")
        self.locations = frozenset(index.cues.events.get("preps", {}).get("location", []))

    def candidates(self) -> list[Candidate]:
        """Candidates of every project subject whose vendor is known."""
        out: list[Candidate] = []
        for token in self.index.with_lemma(self.nouns):
            if token.dep_ not in _SUBJECTS:
                continue
            verb = token.head
            if verb.lemma_.lower() not in self.verbs or any(c.dep_ == "neg" for c in verb.children):
                continue
            vendor, countries = self.owner(token)
            if vendor is not None:
                out.extend(self._found(token, verb, vendor, countries))
        return out

    def owner(self, subject: Token) -> tuple[Entity | None, list[Entity]]:
        """The project's vendor and countries (see the module docstring for the order)."""
        vendor, countries = project_owner(subject, self.index)
        if vendor is not None:
            return vendor, countries
        vendor, earlier = resolve_project(subject, self.index)
        if vendor is not None:
            return vendor, countries + earlier
        names = _name_words(subject.subtree) - {subject.lower_}
        if not names:
            return None, countries
        for noun in reversed(self.index.doc[: self.index.sents.start(subject.i)]):
            if noun.lemma_ == subject.lemma_ and names & _name_words(noun.sent):
                vendor, earlier = project_owner(noun, self.index)
                if vendor is not None:
                    return vendor, countries + earlier
        return None, countries

    def _found(self, subject: Token, verb: Token, vendor: Entity, countries: list[Entity]) -> list[Candidate]:
        inside = {t.i for t in subject.subtree}
        out: list[Candidate] = []
        seen: set[str] = set()
        for t in verb.subtree:
            if t.i in inside:
                continue
            for entity in self.index.at(t.i):
                if entity.label != "TECHNOLOGY" or entity.id in seen or is_umbrella(entity, self.index.cues.umbrella):
                    continue
                seen.add(entity.id)
                out.append(Candidate("PROVIDES", vendor, entity, verb.i, "project", entity.id, None, (subject.i, t.i)))
        places = [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in self.locations
                  for p in prep.children if p.dep_ == "pobj"]
        customers = [as_customer(a, self.index) for p in places for a in resolve_slot(p.i, "customer", self.index)]
        for country in {c.id: c for c in [*countries, *customers] if c is not None}.values():
            if country.iso3 != vendor.country:
                out.append(Candidate("SUPPLIES", vendor, country, verb.i, "project", None, None, (subject.i,)))
        return out
