"""Event frames: a sale, purchase, use, help or detection, its roles read from the parse with the voice undone.

A trigger is a verb (or participle) of one of the event classes of
`relation_cues.json` (`events`). Its grammatical arguments are collected once,
whatever the construction: the subject of an active clause, the agent of a
passive one ("was sold by"), the subject a conjoined, raising or control verb
lends ("is believed to have shipped", "won the tender and installed"), the
noun a relative or participial clause hangs from ("Brantel, which sold",
"cameras supplied by"), and the prepositional phrases by their preposition.
Each class then says which argument is the provider and which the recipient;
the theme names the product, so its owner or maker ("Ironvale's software
enabled...", "bought Huawei cameras") can stand for the provider, and a
government body owning it ("the centre of the national police") for the
recipient.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.relations.args import Arg, MentionIndex, under_victims
from pipeline.relations.frames import Candidate, as_customer, as_vendor, capability_of_tokens, resolve_slot
from pipeline.schema import Entity

_NP_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "conj", "flat", "nummod", "det", "quantmod"})
OWNER_DEPS = frozenset({"poss", "compound", "nmod", "amod"})


@dataclass(frozen=True)
class EventClass:
    """What the arguments of one class of trigger mean."""

    name: str
    provider: tuple[str, ...]
    recipient: tuple[str, ...]
    provides: bool = False
    nominal: bool = False  # the triggers are nouns ("the sale of X to C"), not verbs
    theme_words: frozenset[str] = frozenset()  # when set, the theme's head must be one of these ("won a contract")


def clause_args(verb: Token, raising: frozenset[str], preps: dict[str, frozenset[str]]) -> dict[str, list[Token]]:
    """The verb's arguments by grammatical role: subject, object, agent, passive_subject and one per preposition
    class (to, location, from, with), with subjects lent by conjoined, raising and relative constructions."""
    args: dict[str, list[Token]] = defaultdict(list)
    for child in verb.children:
        dep = child.dep_
        if dep == "nsubj":
            args["subject"].append(child)
        elif dep == "nsubjpass":
            args["passive_subject"].append(child)
        elif dep == "dobj":
            args["object"].append(child)
        elif dep == "dative":
            args["to"].extend(_pobjs(child) or [child])
        elif dep == "agent":
            args["agent"].extend(_pobjs(child))
        elif dep == "prep":
            word = child.lower_
            if word == "by":
                args["agent"].extend(_pobjs(child))
            for name, words in preps.items():
                if word in words:
                    args[name].extend(_pobjs(child))
    if not args["subject"] and not args["passive_subject"]:
        _lent_subject(verb, raising, args)
    return args


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]


def _lent_subject(verb: Token, raising: frozenset[str], args: dict[str, list[Token]]) -> None:
    """Subjects a verb without its own takes from the construction it stands in."""
    head = verb.head
    if verb.dep_ == "conj" and head is not verb:
        lent = clause_args(head, raising, {})
        args["subject"].extend(lent["subject"])
        args["passive_subject"].extend(lent["passive_subject"])
        args["agent"].extend(lent["agent"])
    elif verb.dep_ == "xcomp" and head is not verb:
        # "is believed to have shipped", "was reported to have installed", "agreed to supply"
        subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subjects and head.dep_ in {"conj", "xcomp"}:
            subjects = clause_args(head, raising, {})["subject"]
        args["subject"].extend(subjects)
    elif verb.dep_ == "relcl" and head is not verb:
        args["subject"].append(head)  # "Brantel, which sold ..."
    elif verb.dep_ == "acl" and head is not verb:
        if verb.tag_ == "VBN":
            args["passive_subject"].append(head)  # "cameras supplied by X"
        else:
            args["subject"].append(head)  # "a company selling spyware"
    elif verb.dep_ in {"advcl", "ccomp"} and verb.tag_ == "VBG" and head is not verb:
        args["subject"].extend(c for c in head.children if c.dep_ == "nsubj")


def verbal(token: Token) -> bool:
    """A verb, or a participle the tagger took for an adjective or noun but the parser gave verbal arguments."""
    if token.pos_ in {"VERB", "AUX"}:
        return True
    return token.tag_ in {"VBN", "VBD", "JJ", "NN"} and token.lower_.endswith(("ed", "old", "ought", "ilt")) and any(
        c.dep_ in {"agent", "dobj", "nsubjpass", "auxpass", "prep", "dative"} for c in token.children)


def phrase_tokens(token: Token) -> set[int]:
    """The noun phrase of a token without its clauses: modifiers, appositions, conjuncts and of/for/with phrases
    ("technology provided by X that blocks Y" is "technology"; what it blocks is not what changes hands)."""
    keep = _NP_DEPS | {"punct", "case", "cc"}
    found = {token.i}
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.i in found:
                continue
            if child.dep_ in keep or child.dep_ == "prep" and child.lower_ in {"of", "for", "with"} \
                    or child.dep_ == "pobj" and current.dep_ == "prep":
                found.add(child.i)
                stack.append(child)
    return found


def is_umbrella(entity: Entity, umbrella: dict[str, list[str]]) -> bool:
    """Whether a technology is an umbrella term ("advanced surveillance technology"): a generic head with only
    generic modifiers, or listed as such in relation_cues.json."""
    words = entity.name.lower().replace("-", " ").split()
    if not words or " ".join(words) in set(umbrella.get("terms", [])):
        return bool(words)
    heads, modifiers = set(umbrella.get("heads", [])), set(umbrella.get("modifiers", []))
    return words[-1] in heads and all(w in modifiers for w in words[:-1])


def passive(verb: Token, args: dict[str, list[Token]]) -> bool:
    """Whether the clause is passive (its grammatical subject is what the verb acts on)."""
    return bool(args["passive_subject"]) or any(c.dep_ == "auxpass" for c in verb.children)


def theme_owner(theme: Token, index: MentionIndex, want: str) -> list[Arg]:
    """Entities that own or make the theme: its possessor or name modifier ("Huawei cameras", "the firm's kits"),
    what follows "of", "from" or "by", or (for a vendor) the product the theme names, whose maker is the vendor.

    A vendor owns only things that can be sold ("the shutdown of Al Foo" has no maker): a technology or a
    product noun of the lexicon."""
    found: list[Arg] = []
    tokens = [theme, *theme.conjuncts]
    sellable = index.cues.words("product_nouns") | index.cues.words("deployment_nouns")
    for token in tokens:
        techs = [e for e in index.at(token.i) if e.label == "TECHNOLOGY"]
        if want == "vendor" and not techs and token.lemma_.lower() not in sellable:
            continue
        for child in token.children:
            if child.dep_ in OWNER_DEPS:
                found.extend(resolve_slot(child.i, want, index))
            elif child.dep_ == "prep" and child.lower_ in {"of", "from", "by"}:
                for pobj in _pobjs(child):
                    found.extend(resolve_slot(pobj.i, want, index))
        if want == "vendor":
            found.extend(Arg(e, token.i) for e in techs)
    return found


class EventFrames:
    """Finds SUPPLIES (and the PROVIDES it implies) from event triggers of the configured classes."""

    def __init__(self, index: MentionIndex) -> None:
        self.index = index
        cues = index.cues
        spec = cues.events
        self.classes: dict[str, EventClass] = {}
        self.trigger: dict[str, list[str]] = {}
        for name, data in spec.get("classes", {}).items():
            theme_words = frozenset(w for lexicon in data.get("theme_lexicon", []) for w in cues.words(lexicon))
            event = EventClass(name, tuple(data["provider"]), tuple(data["recipient"]), bool(data.get("provides")),
                               bool(data.get("nominal")), theme_words)
            self.classes[name] = event
            for lexicon in data.get("lexicon", []):
                for lemma in cues.words(lexicon):
                    self.trigger.setdefault(lemma, []).append(name)
        self.preps = {name: frozenset(words) for name, words in spec.get("preps", {}).items()}
        self.raising = frozenset(spec.get("raising_verbs", []))
        self.light = frozenset(spec.get("light_verbs", []))

    def candidates(self, products: dict[str, str], by_id: dict[str, Entity]) -> list[Candidate]:
        """Candidate relations of every trigger of the Doc (a trigger's first class whose theme fits)."""
        out: list[Candidate] = []
        for token in self.index.doc:
            for name in self.trigger.get(token.lemma_.lower(), []):
                event = self.classes[name]
                if (token.pos_ in {"NOUN", "PROPN"}) != event.nominal or not event.nominal and not verbal(token):
                    continue
                args, theme = self.noun_roles(token) if event.nominal else self.roles(token, event)
                if event.theme_words and not any(t.lemma_.lower() in event.theme_words for t in theme):
                    continue
                out.extend(self.event(token, event, products, by_id, (args, theme)))
                break
        return out

    def noun_roles(self, noun: Token) -> tuple[dict[str, list[Token]], list[Token]]:
        """Arguments of a nominal trigger: "the sale of X's system to C by V", "Kenya's purchase from V",
        "evidence of V's products on the networks of C", "took delivery of V drones"."""
        args: dict[str, list[Token]] = defaultdict(list)
        for child in noun.children:
            if child.dep_ in {"poss", "compound", "nmod", "amod"}:
                args["owner"].append(child)
            elif child.dep_ == "prep":
                word = child.lower_
                if word == "of":
                    args["theme"].extend(_pobjs(child))
                elif word == "by":
                    args["doer"].extend(_pobjs(child))
                for name, words in self.preps.items():
                    if word in words:
                        args[name].extend(_pobjs(child))
            elif child.dep_ == "acl":
                # "a deal with V to install cameras in C", "the contract awarded to V"
                for name, words in self.preps.items():
                    args[name].extend(p for c in child.children if c.dep_ == "prep" and c.lower_ in words
                                      for p in _pobjs(c))
        if noun.dep_ in {"dobj", "attr"} and noun.head.lemma_.lower() in self.light:
            # "took delivery of", "placed an order with", "signed a contract with": the light verb's subject
            args["light_subject"].extend(c for c in noun.head.children if c.dep_ in {"nsubj", "nsubjpass"})
            for name, words in self.preps.items():
                args[name].extend(p for c in noun.head.children if c.dep_ == "prep" and c.lower_ in words
                                  for p in _pobjs(c))
        return args, args["theme"]

    def roles(self, verb: Token, event: EventClass) -> tuple[dict[str, list[Token]], list[Token]]:
        """The argument tokens per role name of the event, and the theme tokens."""
        args = clause_args(verb, self.raising, self.preps)
        is_passive = passive(verb, args)
        doer = args["agent"] if is_passive else args["subject"]
        theme = args["passive_subject"] if is_passive else args["object"]
        if args["with"] and args["object"]:
            # "furnished the navy with cameras": the object is who receives, 'with' what is given
            theme, args["with_object"] = args["with"], args["object"]
        if is_passive and args["with"] and args["passive_subject"]:
            theme, args["with_object"] = args["with"], args["passive_subject"]  # "were outfitted with cameras"
        args["doer"] = doer
        args["theme"] = theme
        if not is_passive:
            args["undergoer"] = args["object"]
        return args, theme

    def event(self, verb: Token, event: EventClass, products: dict[str, str], by_id: dict[str, Entity],
              found: tuple[dict[str, list[Token]], list[Token]]) -> list[Candidate]:
        """Candidates of one trigger, from its arguments and theme."""
        index = self.index
        args, theme = found
        providers: list[tuple[Arg, Entity, str | None]] = []
        for role in event.provider:
            for arg in self._role_args(role, args, theme, "vendor"):
                resolved = as_vendor(arg, index, products, by_id)
                if resolved is not None:
                    providers.append((arg, *resolved))
        recipients: list[tuple[Arg, Entity]] = []
        for role in event.recipient:
            for arg in self._role_args(role, args, theme, "customer"):
                country = as_customer(arg, index)
                if country is not None and not under_victims(index, arg.token, verb):
                    recipients.append((arg, country))
        out: list[Candidate] = []
        theme_tokens = {i for th in theme for i in phrase_tokens(th)}
        capability = capability_of_tokens(sorted(theme_tokens), index)
        if event.provides:
            out.extend(self.provided(verb, providers, theme, products))
        for p_arg, vendor, product in providers:
            for c_arg, country in recipients:
                if c_arg.token == p_arg.token or vendor.id == country.id:
                    continue
                if vendor.country == country.iso3 and (index.doc[c_arg.token].pos_ == "ADJ" or c_arg.coref):
                    continue  # "the Chinese company": a home country is no customer
                method = "event+coref" if p_arg.coref or c_arg.coref else "event"
                out.append(Candidate("SUPPLIES", vendor, country, verb.i, method, product or capability, None,
                                     (p_arg.token, c_arg.token)))
        return out

    def provided(self, verb: Token, providers: list[tuple[Arg, Entity, str | None]], theme: list[Token],
                 products: dict[str, str]) -> list[Candidate]:
        """PROVIDES(vendor, technology) for what changes hands: the outermost technologies of the theme, not an
        umbrella term and not a product another vendor makes."""
        index = self.index
        inside = {i for token in theme for i in phrase_tokens(token)}
        mentions = [(s, e, ent) for s, e, ent in index.ordered
                    if s in inside and ent.label == "TECHNOLOGY" and not is_umbrella(ent, index.cues.umbrella)]
        outer: dict[str, tuple[int, Entity]] = {}
        for s, e, ent in mentions:
            if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _ in mentions):
                outer.setdefault(ent.id, (s, ent))
        out = []
        for arg, vendor, product in providers:
            if product is not None:
                continue  # the provider was reached through its product: that PROVIDES is already stated
            for tech, (i, entity) in sorted(outer.items()):
                if products.get(tech, vendor.id) != vendor.id:
                    continue
                out.append(Candidate("PROVIDES", vendor, entity, verb.i, "event+coref" if arg.coref else "event",
                                     tech, None, (arg.token, i)))
        return out

    def _role_args(self, role: str, args: dict[str, list[Token]], theme: list[Token], want: str) -> list[Arg]:
        index = self.index
        if role == "theme_owner":
            return [a for t in theme for a in theme_owner(t, index, want)]
        if role == "theme_location":
            return [a for t in theme for p in t.children if p.dep_ == "prep" and p.lower_ in self.preps["location"]
                    for pobj in _pobjs(p) for a in resolve_slot(pobj.i, want, index)]
        found = [a for t in args.get(role, []) for a in resolve_slot(t.i, want, index)]
        if want == "vendor":
            # "Ironvale's software enabled...": a product in a provider's place stands for its owner
            found += [a for t in args.get(role, []) for a in theme_owner(t, index, want)]
        return found
