"""Products seen in use: a sentence that places a vendor's product somewhere supplies that place's country.

"Lantern Eye has screened passengers at the airport in Addis Ababa", "a
Moray panel recovered in Yaoundé listed the state intelligence service as its
licence holder", "the police extracted messages with a UFED": whatever the
verb, a product with a known maker (the registry, or a PROVIDES the memo
states) or an owner ("its cameras") that is an argument of a clause, together
with a place (a location phrase of the clause or of the product's own phrase)
or a state body on the other side of the clause, says the maker's product is
deployed there. Verbs of making, studying or describing a product place
nothing (`non_deployment_verbs` in relation_cues.json).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.relations.args import Arg, MentionIndex, span_head
from pipeline.relations.bases import under_victims
from pipeline.relations.frames import Candidate, as_customer, resolve_slot
from pipeline.relations.products import is_named_product
from pipeline.schema import Entity

_NP_UP = frozenset({"compound", "amod", "nmod", "appos", "conj", "flat", "poss"})


class ProductDeployments:
    """SUPPLIES from clauses in which a product with a known maker is used, found or placed."""

    def __init__(self, index: MentionIndex, makers: dict[str, str], by_id: dict[str, Entity]) -> None:
        self.index = index
        self.makers = makers
        self.by_id = by_id
        events = index.cues.events
        self.locations = frozenset(events.get("preps", {}).get("location", []))
        self.excluded = index.cues.words("non_deployment_verbs")
        self.instruments = frozenset(events.get("instrument_preps", ["with", "using"]))
        self.traces = index.cues.words("evidence_nouns") | index.cues.words("copy_nouns")
        self.speech = index.cues.words("speech_verbs")

    def candidates(self) -> list[Candidate]:
        """Candidates of every product mention that is an argument of a deploying clause."""
        out: list[Candidate] = []
        seen: set[tuple[int, str]] = set()
        for start, end, entity in self.index.ordered:
            if entity.label != "TECHNOLOGY" or (start, entity.id) in seen:
                continue
            seen.add((start, entity.id))
            head = span_head(self.index.doc, start, end)
            vendor = self.vendor_of(entity, head)
            if vendor is not None:
                out.extend(self.placed(head, entity, vendor))
        return out

    def in_sentences(self, found: set[tuple[str, str, int]]) -> list[Candidate]:
        """SUPPLIES where a sentence names a product with a known maker and a country (by name, city or state
        body) that no clause relates to it: "Meshulam terminals now screen travellers at Kigali airport". The
        country must not stand with the product's makers, its victims or observers, or a verb of making."""
        index, out = self.index, []
        sentences: dict[int, list[tuple[int, int, Entity]]] = {}
        for start, end, entity in index.ordered:
            sentences.setdefault(index.sents.start(start), []).append((start, end, entity))
        for sent, mentions in sorted(sentences.items()):
            products = [(s, e, ent) for s, e, ent in mentions if ent.label == "TECHNOLOGY"
                        and is_named_product(ent) and self.makers.get(ent.id) in self.by_id
                        and not any(o.label == "ORG" for i in range(s, e) for o in index.at(i))]  # "Signal AB"
            if not products:
                continue
            start, end, product = products[0]
            vendor = self.by_id[self.makers[product.id]]
            head = span_head(index.doc, start, end)
            phrase = {t.i for t in head.subtree}
            if any(e.id == vendor.id and s not in phrase for s, _e, e in mentions):
                continue  # the vendor itself acts in the sentence: its own clauses say what it supplied
            for first, last, entity in mentions:
                token = span_head(index.doc, first, last)  # "the Netherlands": the name, not its article
                place = token.i
                country = as_customer(Arg(entity, place), index)
                if country is None or (vendor.id, country.id, sent) in found or country.iso3 == vendor.country:
                    continue
                if self._made_there(token) or self._where_org_is(token) or any(map(index.is_vendor, index.at(place))) \
                        or under_victims(index, place, token.sent.root) or self._speaks(token):
                    continue
                found.add((vendor.id, country.id, sent))
                out.append(Candidate("SUPPLIES", vendor, country, head.i, "product+sentence", product.id, None,
                                     (head.i, place)))
        return out

    def _where_org_is(self, token: Token) -> bool:
        """Whether a place only says where an organisation is ("rented from Brightrack Hosting in Lithuania",
        "the Swedish firm"), or is part of what an attack hit ("phones of officials in Qatar were hacked")."""
        if self._attacked(token):
            return True
        if token.dep_ in {"amod", "compound"}:
            return token.head.lemma_.lower() in self.index.cues.words("company_nouns")
        if token.dep_ != "pobj" or token.head.dep_ != "prep":
            return False
        holder = token.head.head
        if holder.lemma_.lower() in self.index.cues.words("company_nouns"):
            return True  # "Datahaven BV, a hosting company in the Netherlands"
        return any(e.label == "ORG" and not self.index.is_government(e) for e in self.index.at(holder.i))

    def _attacked(self, token: Token) -> bool:
        """Whether the token stands in the object of a verb of attack ("were hacked", "infected the phones of")."""
        attacks = self.index.cues.words("attack_verbs")
        current = token
        for _ in range(10):
            if current.head.i == current.i:
                return False
            if current.dep_ in {"dobj", "nsubjpass"} and current.head.lemma_.lower() in attacks:
                return True
            current = current.head
        return False

    def _speaks(self, token: Token) -> bool:
        """Whether the place or body is who says something ('the Treasury Department said the product is used
        by ...'): a speaker is no customer."""
        top = token  # up the noun phrase, through 'of' ('the Interior Ministry of Ghana')
        while top.head.i != top.i and (top.dep_ in _NP_UP or top.dep_ == "pobj" and top.head.lower_ == "of"
                                       or top.dep_ == "prep" and top.lower_ == "of"):
            top = top.head
        return top.dep_ == "nsubj" and top.head.lemma_.lower() in self.speech

    def _made_there(self, token: Token) -> bool:
        """Whether the nearest verb above a place is one of making or describing ("developed in Israel")."""
        current = token
        for _ in range(8):
            if current.head.i == current.i:
                return current.lemma_.lower() in self.excluded
            current = current.head
            if current.pos_ in {"VERB", "AUX"}:
                return current.lemma_.lower() in self.excluded
        return False

    def vendor_of(self, product: Entity, head: Token) -> Entity | None:
        """The product's maker (registry or memo), or the vendor that owns it in its own phrase ("its kits")."""
        maker = self.makers.get(product.id)
        if maker in self.by_id:
            return self.by_id[maker]
        for child in head.children:
            if child.dep_ in {"poss", "compound"}:
                for arg in resolve_slot(child.i, "vendor", self.index):
                    if self.index.is_vendor(arg.entity):
                        return arg.entity
        return None

    def clause(self, head: Token) -> tuple[Token, str, Token] | None:
        """(verb, the product's role in it, the top of the product's phrase)."""
        top = head
        while top.dep_ in _NP_UP and top.head.i != top.i:
            top = top.head
        holder = top.head.head
        if top.dep_ == "pobj" and top.head.lower_ == "of" and holder.lemma_.lower() in self.traces:
            top = holder  # "traces of Vesuvio", "copies of the implant": the noun stands for the product
            while top.dep_ in _NP_UP and top.head.i != top.i:
                top = top.head
        if top.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            return top.head, top.dep_, top
        if top.dep_ == "pobj" and top.head.dep_ == "prep" and top.head.lower_ in self.instruments:
            return top.head.head, "instrument", top
        return None

    def placed(self, head: Token, product: Entity, vendor: Entity) -> list[Candidate]:
        """Countries where the clause places the product."""
        found = self.clause(head)
        if found is None:
            return []
        verb, role, top = found
        if verb.lemma_.lower() in self.excluded or verb.pos_ not in {"VERB", "AUX"}:
            return []
        places = [p for node in (verb, top, *self._acl(top)) for p in self._location_objects(node)]
        args = [a for p in places for a in resolve_slot(p.i, "customer", self.index)]
        other = {"nsubj": ("dobj",), "nsubjpass": ("agent",), "dobj": ("nsubj",), "instrument": ("nsubj",)}[role]
        for child in verb.children:
            if child.dep_ in other:
                targets = [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "agent" else [child]
                args.extend(a for t in targets for a in resolve_slot(t.i, "customer", self.index))
        out = []
        for arg in args:
            country = as_customer(arg, self.index)
            if country is None or under_victims(self.index, arg.token, verb):
                continue
            if vendor.country == country.iso3 and (arg.coref or self.index.doc[arg.token].pos_ == "ADJ"):
                continue  # "the Israeli company": a home country is no customer
            if any(self.index.is_vendor(e) for e in self.index.at(arg.token)):
                continue  # the other side of the clause is the vendor itself
            method = "product+coref" if arg.coref else "product"
            out.append(Candidate("SUPPLIES", vendor, country, verb.i, method, product.id, None, (head.i, arg.token)))
        return out

    def _acl(self, top: Token) -> list[Token]:
        """Participle clauses on the product's phrase ("a panel recovered in Yaoundé")."""
        return [c for c in top.children if c.dep_ == "acl"]

    def _location_objects(self, node: Token) -> list[Token]:
        out = []
        preps = [c for c in node.children if c.dep_ == "prep"]
        for prep in [*preps, *(conj for p in preps for conj in p.conjuncts)]:
            if prep.lower_ in self.locations:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        out.append(pobj)
                        out.extend(pobj.conjuncts)
        for conj in node.conjuncts if node.dep_ == "pobj" else []:
            out.append(conj)
        return out
