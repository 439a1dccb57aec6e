"""Sales read from word order when the parse is broken: "The Tunisian Ministry of Interior procured ... from
Orsola" (the small model takes 'procured' for an adjective and the ministry for the root).

Within one clause (no ';', no contrast word, no negation in between, `surface.max_gap` tokens at most), a
customer (a country or a state body) followed by an acquiring verb and 'from' right before a vendor, or a
vendor followed by a supplying verb and 'to' (or 'for') before a customer, is a sale, and the
technologies between the verb and the preposition are what the vendor provides. It is used only for pairs that
no parsed frame related in that sentence, and says `surface` as its method.
"""

from __future__ import annotations

from bisect import bisect_right

from pipeline.relations.args import Arg, MentionIndex
from pipeline.relations.bases import under_victims
from pipeline.relations.frames import Candidate, as_customer
from pipeline.schema import Entity

_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "aux", "auxpass"})


class SurfaceSales:
    """SUPPLIES from the order of customer, verb, preposition and vendor in a sentence."""

    def __init__(self, index: MentionIndex) -> None:
        self.index = index
        spec = index.cues.events.get("surface", {})
        self.max_gap = int(spec.get("max_gap", 20))
        self.stops = frozenset(spec.get("stop_words", []))
        self.acquire = index.cues.words("acquire_verbs")
        self.supply = index.cues.words("supply_verbs")
        self.companies = index.cues.words("company_nouns") | frozenset(index.cues.structure.get("role_nouns", []))

    def candidates(self, related: set[tuple[int, str, str]]) -> list[Candidate]:
        """Candidates of every sentence, leaving out (sentence start, vendor, country) already related."""
        by_sentence: dict[int, list[tuple[int, int, Entity]]] = {}
        for mention in self.index.ordered:  # one pass: long reports hold thousands of mentions
            by_sentence.setdefault(self.index.sents.start(mention[0]), []).append(mention)
        out: list[Candidate] = []
        for start, mentions in by_sentence.items():
            if len(mentions) < 2:
                continue
            for sale, goods in self._sentence(mentions):
                if (start, sale.source.id, sale.target.id) not in related:
                    out.extend([sale, *goods])
        return out

    def _sentence(self, mentions: list[tuple[int, int, Entity]]) -> list[tuple[Candidate, list[Candidate]]]:
        index = self.index
        vendors = [(first, last, e) for first, last, e in mentions if index.is_vendor(e)]
        customers = [(first, last, c) for first, last, e in mentions
                     for c in [as_customer(Arg(e, first), index)] if c is not None and not index.is_vendor(e)]
        out: list[tuple[Candidate, list[Candidate]]] = []
        for v_first, v_last, vendor in vendors:
            for c_first, c_last, country in customers:
                if country.iso3 == vendor.country:
                    continue
                if c_last <= v_first:
                    verb = self._verb(c_last, v_first, self.acquire, ("from",))
                else:
                    verb = self._verb(v_last, c_first, self.supply, ("to", "for"))
                inner = range(min(v_last, c_last), max(v_first, c_first))
                if any(first in inner for first, _last, _v in vendors):
                    continue  # another vendor stands between: the sale is that one's
                if verb is not None and not under_victims(index, c_first, index.doc[verb]):
                    sale = Candidate("SUPPLIES", vendor, country, verb, "surface", None, None, (v_first, c_first))
                    out.append((sale, self._goods(vendor, verb, v_first if c_last <= v_first else c_first)))
        return out

    def _goods(self, vendor: Entity, verb: int, end: int) -> list[Candidate]:
        """PROVIDES of the technologies the sale's verb takes before its preposition ("procured voice
        interception equipment from V", "V delivered drones to C")."""
        out, seen = [], set()
        ordered = self.index.ordered
        for first, _last, entity in ordered[bisect_right(ordered, verb, key=lambda m: m[0]):]:
            if first >= end:
                break
            if entity.label == "TECHNOLOGY" and entity.id not in seen:
                seen.add(entity.id)
                out.append(Candidate("PROVIDES", vendor, entity, verb, "surface", None, None, (verb, first)))
        return out

    def _verb(self, start: int, end: int, verbs: frozenset[str], preps: tuple[str, ...]) -> int | None:
        """The verb between two mentions, when the words between read 'verb ... prep' with no break."""
        doc = self.index.doc
        between = doc[start:end]
        if not 1 < len(between) <= self.max_gap or any(t.lower_ in self.stops or t.dep_ == "neg" for t in between):
            return None
        verb = next((t.i for t in between if t.lemma_.lower() in verbs and t.pos_ in {"VERB", "ADJ", "AUX"}), None)
        if verb is None:
            return None
        prep = next((t for t in doc[max(verb + 1, end - 4):end] if t.lower_ in preps and t.pos_ == "ADP"), None)
        if prep is None or any(t.lemma_.lower() in self.companies for t in doc[prep.i + 1:end]):
            return None  # "sold to a distributor in Dubai": the buyer is a company, not the place
        if any(t.pos_ in {"VERB", "AUX"} and t.dep_ in _CLAUSE_DEPS for t in doc[verb + 1:prep.i]):
            return None  # "X, which builds probes, has been added to a US list": the preposition is another verb's
        return verb


def unrelated(candidates: list[Candidate], index: MentionIndex) -> set[tuple[int, str, str]]:
    """(sentence start, vendor, country) of the SUPPLIES already found."""
    return {(index.sents.start(c.cue), c.source.id, c.target.id) for c in candidates if c.type == "SUPPLIES"}
