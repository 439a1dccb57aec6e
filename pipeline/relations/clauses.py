"""Clauses and noun phrases read for their arguments, whatever the construction.

`clause_args` collects a verb's subject, object, agent, passive subject and
prepositional phrases by preposition class, with the subjects a conjoined,
raising, relative or participial construction lends ("is believed to have
shipped", "cameras supplied by X"); `noun_args` does the same for a nominal
trigger ("the sale of X to C by V", "took delivery of"). `theme_owner` finds
who owns or makes what changes hands; `phrase_tokens` is a noun phrase without
its clauses; `is_umbrella` tells an umbrella term from a capability.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Token

from pipeline.relations.args import Arg, MentionIndex
from pipeline.relations.frames import resolve_slot
from pipeline.schema import Entity

_NP_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "conj", "flat", "nummod", "det", "quantmod"})
OWNER_DEPS = frozenset({"poss", "compound", "nmod", "amod"})


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
            args["to"].extend(pobjs(child) or [child])
        elif dep == "agent":
            args["agent"].extend(pobjs(child))
        elif dep == "prep":
            word = child.lower_
            if word == "by":
                args["agent"].extend(pobjs(child))
            for name, words in preps.items():
                if word in words:
                    args[name].extend(pobjs(child))
    if not args["agent"] and any(c.dep_ == "auxpass" for c in verb.children):
        # "was outfitted with gear by V": the small parser hangs the agent on the noun before it
        args["agent"].extend(p for prep in verb.children if prep.dep_ == "prep" for noun in pobjs(prep)
                             for by in noun.children if by.dep_ == "prep" and by.lower_ == "by" for p in pobjs(by))
    if not args["subject"] and not args["passive_subject"]:
        _lent_subject(verb, raising, args)
    return args


def pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]


def _lent_subject(verb: Token, raising: frozenset[str], args: dict[str, list[Token]]) -> None:
    """Subjects a verb without its own takes from the construction it stands in."""
    head = verb.head
    if verb.dep_ == "conj" and head.i != verb.i:
        lent = clause_args(head, raising, {})
        args["subject"].extend(lent["subject"])
        args["passive_subject"].extend(lent["passive_subject"])
        args["agent"].extend(lent["agent"])
    elif verb.dep_ == "xcomp" and head.i != verb.i:
        # "is believed to have shipped", "was reported to have installed", "agreed to supply"
        subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subjects and head.dep_ in {"conj", "xcomp"}:
            subjects = clause_args(head, raising, {})["subject"]
        args["subject"].extend(subjects)
    elif verb.dep_ == "relcl" and head.i != verb.i:
        args["subject"].append(head)  # "Brantel, which sold ..."
    elif verb.dep_ == "acl" and head.i != verb.i:
        if verb.tag_ == "VBN":
            args["passive_subject"].append(head)  # "cameras supplied by X"
        else:
            args["subject"].append(head)  # "a company selling spyware"
    elif verb.dep_ in {"advcl", "ccomp"} and verb.tag_ == "VBG" and head.i != verb.i:
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
    terms, heads = set(umbrella.get("terms", [])), set(umbrella.get("heads", []))
    modifiers = set(umbrella.get("modifiers", [])) | {"and", "&", "of"}
    for form in {entity.name, *(m.text for m in entity.mentions)}:
        words = form.lower().replace("-", " ").split()
        if words and (" ".join(words) in terms or words[-1] in heads and all(w in modifiers for w in words[:-1])):
            return True
    return False


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
                for pobj in pobjs(child):
                    found.extend(resolve_slot(pobj.i, want, index))
        if want == "vendor":
            found.extend(Arg(e, token.i) for e in techs)
    return found


def noun_args(noun: Token, preps: dict[str, frozenset[str]], light: frozenset[str]
          ) -> tuple[dict[str, list[Token]], list[Token]]:
    """Arguments of a nominal trigger: "the sale of X's system to C by V", "Kenya's purchase from V",
    "evidence of V's products on the networks of C", "took delivery of V drones"."""
    args: dict[str, list[Token]] = defaultdict(list)
    for child in noun.children:
        if child.dep_ in {"poss", "compound", "nmod", "amod"}:
            args["owner"].append(child)
        elif child.dep_ == "prep":
            word = child.lower_
            if word == "of":
                args["theme"].extend(pobjs(child))
            elif word == "by":
                args["doer"].extend(pobjs(child))
            for name, words in preps.items():
                if word in words:
                    args[name].extend(pobjs(child))
        elif child.dep_ == "acl":
            # "a deal with V to install cameras in C", "the contract awarded to V"
            for name, words in preps.items():
                args[name].extend(p for c in child.children if c.dep_ == "prep" and c.lower_ in words
                                  for p in pobjs(c))
    if noun.dep_ in {"dobj", "attr"} and noun.head.lemma_.lower() in light:
        # "took delivery of", "placed an order with", "signed a contract with": the light verb's subject
        args["light_subject"].extend(c for c in noun.head.children if c.dep_ in {"nsubj", "nsubjpass"})
        for name, words in preps.items():
            args[name].extend(p for c in noun.head.children if c.dep_ == "prep" and c.lower_ in words
                              for p in pobjs(c))
    return args, args["theme"]
