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

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.relations.args import Arg, MentionIndex
from pipeline.relations.bases import under_victims
from pipeline.relations.clauses import (
    clause_args,
    is_umbrella,
    noun_args,
    passive,
    phrase_tokens,
    pobjs,
    theme_owner,
    verbal,
)
from pipeline.relations.coref import resolve_technology, salient_customer
from pipeline.relations.frames import Candidate, as_customer, as_vendor, capability_of_tokens, resolve_slot
from pipeline.schema import Entity


@dataclass(frozen=True)
class EventClass:
    """What the arguments of one class of trigger mean."""

    name: str
    provider: tuple[str, ...]
    recipient: tuple[str, ...]
    provides: bool = False
    nominal: bool = False  # the triggers are nouns ("the sale of X to C"), not verbs
    theme_words: frozenset[str] = frozenset()  # when set, the theme's head must be one of these ("won a contract")
    theme_technology: bool = False  # the theme must name a technology ("the project will add cameras")
    discourse_recipient: bool = False  # without a recipient in the clause, the state body in view receives


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
                               bool(data.get("nominal")), theme_words, bool(data.get("theme_technology")),
                               bool(data.get("discourse_recipient")))
            self.classes[name] = event
            for lexicon in data.get("lexicon", []):
                for lemma in cues.words(lexicon):
                    self.trigger.setdefault(lemma, []).append(name)
        self.trigger_words = frozenset(self.trigger)
        self.preps = {name: frozenset(words) for name, words in spec.get("preps", {}).items()}
        self.raising = frozenset(spec.get("raising_verbs", []))
        self.light = frozenset(spec.get("light_verbs", []))
        self.not_using = cues.words("non_deployment_verbs") | cues.words("attack_verbs")

    def candidates(self, products: dict[str, str], by_id: dict[str, Entity]) -> list[Candidate]:
        """Candidate relations of every trigger of the Doc (a trigger's first class whose theme fits)."""
        out: list[Candidate] = []
        for token in self.index.with_lemma(self.trigger_words):
            for name in self.trigger[token.lemma_.lower()]:
                event = self.classes[name]
                if (token.pos_ in {"NOUN", "PROPN"}) != event.nominal or not event.nominal and not verbal(token):
                    continue
                args, theme = noun_args(token, self.preps, self.light) if event.nominal else self.roles(token, event)
                if event.theme_words and not any(t.lemma_.lower() in event.theme_words for t in theme):
                    continue
                if event.theme_technology and not any(
                        e.label == "TECHNOLOGY" for t in theme for i in phrase_tokens(t) for e in self.index.at(i)):
                    continue
                out.extend(self.event(token, event, products, by_id, (args, theme)))
                break
        return out

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
        args["user"] = self._user(verb)
        return args, theme

    def _user(self, verb: Token) -> list[Token]:
        """Who uses what a participle says was supplied: "police in Lusaka fly drones supplied by V" (the
        subject of the verb whose object the participle's noun is), unless that verb makes or attacks."""
        noun = verb.head
        if verb.dep_ != "acl" or verb.tag_ != "VBN" or noun.dep_ != "dobj" or noun.head.i == noun.i:
            return []
        governor = noun.head
        if governor.pos_ not in {"VERB", "AUX"} or governor.lemma_.lower() in self.not_using:
            return []
        return clause_args(governor, self.raising, {})["subject"]

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
        if providers and not recipients and event.discourse_recipient:
            country = salient_customer(verb, index)
            if country is not None:
                recipients.append((Arg(country, verb.i, coref=True), country))
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
        referred = False
        if not outer:
            for token in theme:  # "exports this technology": the technology named before
                entity = resolve_technology(token, index, lambda e: not is_umbrella(e, index.cues.umbrella))
                if entity is not None:
                    outer[entity.id], referred = (token.i, entity), True
        out = []
        for arg, vendor, product in providers:
            if product is not None:
                continue  # the provider was reached through its product: that PROVIDES is already stated
            for tech, (i, entity) in sorted(outer.items()):
                if products.get(tech, vendor.id) != vendor.id:
                    continue
                method = "event+coref" if arg.coref or referred else "event"
                out.append(Candidate("PROVIDES", vendor, entity, verb.i, method, tech, None, (arg.token, i)))
        return out

    def _role_args(self, role: str, args: dict[str, list[Token]], theme: list[Token], want: str) -> list[Arg]:
        index = self.index
        if role == "theme_owner":
            return [a for t in theme for a in theme_owner(t, index, want)]
        if role == "theme_location":
            return [a for t in theme for p in t.children if p.dep_ == "prep" and p.lower_ in self.preps["location"]
                    for pobj in pobjs(p) for a in resolve_slot(pobj.i, want, index)]
        found = [a for t in args.get(role, []) for a in resolve_slot(t.i, want, index)]
        if want == "vendor":
            # "Ironvale's software enabled...": a product in a provider's place stands for its owner
            found += [a for t in args.get(role, []) for a in theme_owner(t, index, want)]
        return found
