"""Relations carried by role nouns: who a company is to a country, whose clients a noun names, and what
a company is called.

"X, the main surveillance contractor of the Kenyan police" (a role noun of
`structure.role_nouns` with the country it serves), "X counts the state
operator of Uzbekistan among its customers", "X has a single client: ..."
(the vendor whose clients a customer noun names: its owner, else the subject
of its verb), and "X, a Canadian internet filtering company" (the
technologies modifying a company noun are what the company provides).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.relations.args import MentionIndex
from pipeline.relations.bases import under_victims
from pipeline.relations.clauses import theme_owner
from pipeline.relations.frames import Candidate, as_customer, as_vendor, resolve_slot
from pipeline.schema import Entity


def client_owner(noun: Token, index: MentionIndex, makers: dict[str, str], by_id: dict[str, Entity]
                 ) -> list[Entity]:
    """The vendor whose clients a customer noun names: its owner ("its users", "clients of X"), else the
    subject of the verb it is the object of ("X has a single client:", "X counts Y among its users")."""
    found = [as_vendor(a, index, makers, by_id) for a in theme_owner(noun, index, "vendor")]
    vendors = [f[0] for f in found if f]
    if vendors:
        return vendors
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
    if noun.dep_ in {"dobj", "attr", "pobj"} and verb.pos_ in {"VERB", "AUX"}:
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            found = [as_vendor(a, index, makers, by_id) for a in resolve_slot(subject.i, "vendor", index)]
            vendors += [f[0] for f in found if f]
    return vendors


class RoleNouns:
    """SUPPLIES and PROVIDES from role nouns, client nouns and company descriptions."""

    def __init__(self, index: MentionIndex, makers: dict[str, str], by_id: dict[str, Entity]) -> None:
        self.index = index
        self.makers = makers
        self.by_id = by_id
        self.role_nouns = frozenset(index.cues.structure.get("role_nouns", []))

    def candidates(self) -> list[Candidate]:
        """Every role-noun candidate of the Doc."""
        return self.role_nouns_found() + self.clients_among() + self.company_capabilities()

    def clients_among(self) -> list[Candidate]:
        """"X counts the state operator of Uzbekistan among its customers", "lists the police as a client"."""
        out: list[Candidate] = []
        customer_nouns = self.index.cues.words("customer_nouns")
        for token in self.index.with_lemma(customer_nouns):
            if token.dep_ != "pobj":
                continue
            prep = token.head
            if prep.lower_ not in {"among", "as"} or prep.dep_ != "prep":
                continue
            verb = prep.head
            vendors = client_owner(token, self.index, self.makers, self.by_id)
            for obj in (c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}):
                for arg in resolve_slot(obj.i, "customer", self.index):
                    country = as_customer(arg, self.index)
                    for vendor in vendors if country is not None else []:
                        if vendor.country != country.iso3:
                            out.append(Candidate("SUPPLIES", vendor, country, token.i, "list", None, None,
                                                 (token.i, arg.token)))
        return out

    def company_capabilities(self) -> list[Candidate]:
        """PROVIDES from what a company is called: "X, a Canadian internet filtering company", "the
        facial-recognition start-up X", "spyware developer X", "X, a maker of IMSI catchers", "as a provider
        of lawful interception, X ...": the technologies modifying its company noun or in its of-phrase."""
        out: list[Candidate] = []
        index = self.index
        nouns = index.cues.words("company_nouns") | index.cues.words("provider_nouns")
        for token in index.with_lemma(nouns):
            if token.pos_ != "NOUN":
                continue
            vendors = {a.entity.id: (a, a.entity) for n in self._described(token)
                       for a in resolve_slot(n.i, "vendor", index) if index.is_vendor(a.entity)}
            out += self._provides(token, vendors, self._capabilities(token))
        return out + self.specialisations()

    def _described(self, token: Token) -> list[Token]:
        """The tokens naming the company a company noun describes."""
        names = []
        if token.dep_ == "appos" or token.dep_ == "attr" and token.head.lemma_ == "be":
            names = [token.head] if token.dep_ == "appos" else [c for c in token.head.children if c.dep_ == "nsubj"]
        names += [c for c in token.children if c.dep_ == "appos"]
        after = self.index.doc[token.i + 1] if token.i + 1 < len(self.index.doc) else None
        if token.dep_ == "compound":
            names.append(token.head)  # "the start-up Pallas Vision" parsed as a compound of the name
        elif after is not None and after.dep_ in {"compound", "appos", "nsubj", "pobj", "dobj"}:
            names.append(after)
        if token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ in {"VERB", "AUX"}:
            # "As a provider of X, Tessaro has worked ...": the subject of the clause the as-phrase is on
            names += [c for c in token.head.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return names

    def _capabilities(self, noun: Token) -> dict[str, tuple[int, Entity]]:
        """The technologies a company noun or verb is about: its premodifiers ("spyware developer") and its
        of-, in- or on-phrase ("a maker of IMSI catchers", "specialises in voice biometrics")."""
        premodifiers = [c for c in noun.children if c.dep_ in {"compound", "amod", "nmod"} and c.i < noun.i]
        found = {e.id: (t.i, e) for m in premodifiers for t in m.subtree for e in self.index.at(t.i)
                 if e.label == "TECHNOLOGY"}
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "in", "on", "for"}):
            found.update(self._capabilities_of(prep))
        return found

    def _provides(self, cue: Token, vendors: dict[str, tuple], techs: dict[str, tuple[int, Entity]]
                  ) -> list[Candidate]:
        return [Candidate("PROVIDES", vendor, entity, cue.i, "role", tech, None, (arg.token, i))
                for arg, vendor in vendors.values() for tech, (i, entity) in sorted(techs.items())]

    def specialisations(self) -> list[Candidate]:
        """"X specialises in voice biometrics", "now focuses on aerial surveillance", "known for its deep
        packet inspection technology, X ...": what a company's line of business is."""
        out: list[Candidate] = []
        pairs = {tuple(w.split()) for w in self.index.cues.words("specialise_verbs") if " " in w}
        verbs = {v for v, _ in pairs}
        for verb in self.index.with_lemma(frozenset(verbs)):
            if verb.pos_ not in {"VERB", "ADJ"}:
                continue
            preps = [c for c in verb.children if c.dep_ == "prep" and (verb.lemma_.lower(), c.lower_) in pairs]
            techs = {k: v for p in preps for k, v in self._capabilities_of(p).items()}
            if not techs:
                continue
            subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if not subjects and verb.dep_ in {"advcl", "acl", "amod"}:
                subjects = [c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
                subjects += [verb.head] if verb.dep_ == "acl" else []
            vendors = {a.entity.id: (a, a.entity) for s in subjects
                       for a in resolve_slot(s.i, "vendor", self.index) if self.index.is_vendor(a.entity)}
            out += self._provides(verb, vendors, techs)
        return out

    def _capabilities_of(self, prep: Token) -> dict[str, tuple[int, Entity]]:
        return {e.id: (t.i, e) for p in prep.children if p.dep_ in {"pobj", "pcomp"} for t in p.subtree
                for e in self.index.at(t.i) if e.label == "TECHNOLOGY"}

    def role_nouns_found(self) -> list[Candidate]:
        """"X, the main contractor of the Kenyan police", "X is Kenya's largest supplier of cameras"."""
        out: list[Candidate] = []
        for token in self.index.with_lemma(self.role_nouns):
            if token.pos_ != "NOUN":
                continue
            if token.dep_ == "appos":
                vendor_token = token.head
            elif token.dep_ == "attr" and token.head.lemma_ == "be":
                vendor_token = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            else:
                continue
            if vendor_token is None:
                continue
            vendors = [a for a in resolve_slot(vendor_token.i, "vendor", self.index) if self.index.is_vendor(a.entity)]
            places = [c for c in token.children if c.dep_ in {"poss", "amod", "compound", "nmod"}]
            places += [p for c in token.children if c.dep_ == "prep" and c.lower_ in {"of", "for", "to", "in"}
                       for p in c.children if p.dep_ == "pobj"]
            for place in places:
                for arg in resolve_slot(place.i, "customer", self.index):
                    country = as_customer(arg, self.index)
                    if country is None or under_victims(self.index, arg.token, token):
                        continue
                    for v in vendors:
                        if v.entity.country != country.iso3:
                            out.append(Candidate("SUPPLIES", v.entity, country, token.i, "role", None, None,
                                                 (v.token, arg.token)))
        return out
