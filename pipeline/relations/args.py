"""Map the entities of a memo onto spaCy tokens and turn pattern slots into entity arguments.

A slot token is resolved to entities directly (it lies inside a mention),
through its modifiers ("Huawei employees", "authorities in Kenya"), through
coreference ("the company"), and is widened to its conjuncts and to the list
of countries it stands in ("Egypt, Oman and Qatar").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from pipeline.relations.cues import RelationCues
from pipeline.relations.sents import SentenceIndex
from pipeline.schema import Entity

# Words allowed between two members of one written list of countries (footnote numbers included).
_LIST_GAP = re.compile(r"^(?:[\s,;]|\band\b|\bor\b|&|\bas well as\b|\bthe\b|\d{1,3})*$", re.IGNORECASE)
_EXPAND_DEPS = {"compound", "poss", "amod", "nmod", "appos"}
_EXPAND_PREPS = {"of", "in", "from", "including", "like", "as", "at", "within", "inside", "across", "throughout"}


@dataclass(frozen=True)
class Arg:
    """One entity filling a role, with how it was reached."""

    entity: Entity
    token: int
    coref: bool = False


@dataclass
class MentionIndex:
    """Entities of one Doc by token, in reading order, with list groups of countries."""

    doc: Doc
    cues: RelationCues
    sents: SentenceIndex
    by_token: dict[int, list[Entity]] = field(default_factory=dict)
    ordered: list[tuple[int, int, Entity]] = field(default_factory=list)
    groups: dict[int, list[int]] = field(default_factory=dict)
    countries: dict[str, Entity] = field(default_factory=dict)
    resolved: dict[tuple[int, str, bool], list] = field(default_factory=dict)
    state_described: set[str] = field(default_factory=set)  # organisations the memo calls state-owned
    lemmas: list[str] = field(default_factory=list)  # lower-case lemma of every token, read once

    def with_lemma(self, words: frozenset[str]) -> list[Token]:
        """The Doc's tokens whose lower-case lemma is one of the words, in order (one list walk, no spaCy calls
        for the tokens that do not match)."""
        doc = self.doc
        return [doc[i] for i, lemma in enumerate(self.lemmas) if lemma in words]

    def at(self, token: int) -> list[Entity]:
        """Entities whose mention covers the token."""
        return self.by_token.get(token, [])

    def is_government(self, entity: Entity) -> bool:
        """True for organisations that are organs of a state (ministries, agencies, police...)."""
        if entity.label != "ORG":
            return False
        if self.cues.orgs.is_government(entity.id):
            return True
        if entity.id in self.cues.orgs.kinds:
            return False  # the registry knows it and it is not a state body
        if entity.category and entity.category.lower() in {"government", "agency", "state", "military", "police"}:
            return True
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", entity.name)}
        return bool(words & self.cues.government_words) or entity.id in self.state_described

    def is_vendor(self, entity: Entity) -> bool:
        """True for organisations that may sell something: not media, NGOs or organs of a state.

        A name with a word such as "Security" or "Telecom" may belong to a state body as a customer and to a
        company as a vendor; only words that only state bodies carry ("Ministry", "Police") rule a vendor out.
        """
        if entity.label != "ORG" or self.cues.orgs.is_non_vendor(entity.id):
            return False
        if self.cues.orgs.is_government(entity.id):
            return False
        if entity.id in self.cues.orgs.kinds:
            return True
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", entity.name)]
        if words and words[-1] in self.cues.instrument_words:
            return False  # "the Information and Communications Act": a law sells nothing
        if words and words[-1] in self.cues.words("body_name_words"):
            return False  # "Lusaka Courier", "Adriatic Cyber Observatory": a newsroom or a watchdog sells nothing
        if set(words) & self.cues.host_words:
            return False  # "Weissfeld Hosting GmbH": a host of servers, not the maker of what runs on them
        return not set(words) & self.cues.state_body_words

    def known_vendor(self, entity: Entity) -> bool:
        """True for organisations the vendor registry knows."""
        return entity.id in self.cues.orgs.vendors or (entity.category or "").lower() == "vendor"


def span_head(doc: Doc, start: int, end: int) -> Token:
    """The token of a mention whose head lies outside it (its syntactic head), else its first token."""
    return next((t for t in doc[start:end] if not start <= t.head.i < end or t.head.i == t.i), doc[start])


def direct_anchors(index: MentionIndex) -> set[int]:
    """Tokens whose `direct_tokens` are not empty: entity tokens, heads of entity compounds, appositions to them."""
    doc = index.doc
    found = set(index.by_token)
    for i in index.by_token:
        token = doc[i]
        if token.dep_ in {"compound", "nmod"}:
            found.add(token.head.i)
        found.update(c.i for c in token.children if c.dep_ == "appos")
    return found


def _lower_lemmas(doc: Doc) -> list[str]:
    """Lower-case lemma of every token, read from the Doc's array (no Token object per word)."""
    strings = doc.vocab.strings
    lowered: dict[int, str] = {}
    out = []
    for key in doc.to_array(LEMMA).tolist():
        word = lowered.get(key)
        if word is None:
            word = lowered[key] = strings[key].lower()
        out.append(word)
    return out


def build_index(doc: Doc, entities: list[Entity], cues: RelationCues) -> MentionIndex:
    """Index entity mentions by token (via Doc.char_span, alignment 'expand')."""
    index = MentionIndex(doc=doc, cues=cues, sents=SentenceIndex.from_doc(doc),
                         lemmas=_lower_lemmas(doc))
    for entity in sorted(entities, key=lambda e: e.id):
        if entity.label == "COUNTRY" and entity.iso3:
            index.countries[entity.iso3] = entity
        for mention in entity.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            index.ordered.append((span.start, span.end, entity))
            for i in range(span.start, span.end):
                if entity not in index.by_token.setdefault(i, []):
                    index.by_token[i].append(entity)
    index.ordered.sort(key=lambda item: (item[0], item[1], item[2].id))
    _mark_state_owned(index)
    _build_groups(index)
    return index


def _mark_state_owned(index: MentionIndex) -> None:
    """Organisations the memo describes as owned or run by the state ("the state-owned operator X")."""
    state = index.cues.words("state_owned_words")
    for _start, end, entity in index.ordered:
        if entity.label != "ORG":
            continue
        head = index.doc[end - 1]
        nouns = [head, *(c for c in head.children if c.dep_ == "appos")]
        if head.dep_ in {"appos", "compound"}:
            nouns.append(head.head)
        for noun in nouns:
            words = {t.lower_ for c in noun.children if c.dep_ in {"amod", "compound"} for t in c.subtree}
            if words & state:
                index.state_described.add(entity.id)


def _build_groups(index: MentionIndex) -> None:
    """Group country mentions written as one list, so a role given to one goes to all."""
    countries = [(s, e) for s, e, ent in index.ordered if ent.label == "COUNTRY" or index.is_government(ent)]
    doc = index.doc
    current: list[tuple[int, int]] = []
    for start, end in countries:
        if current:
            prev_start, prev_end = current[-1]
            if start < prev_end:
                continue
            gap = index.sents.text[doc[prev_end - 1].idx + len(doc[prev_end - 1]) : doc[start].idx]
            same_sentence = index.sents.start(prev_start) == index.sents.start(start)
            if same_sentence and _LIST_GAP.match(gap) and len(gap) < 40:
                current.append((start, end))
                continue
            _close_group(index, current)
        current = [(start, end)]
    _close_group(index, current)


def _close_group(index: MentionIndex, members: list[tuple[int, int]]) -> None:
    if len(members) < 2:
        return
    heads = [start for start, _ in members]
    for start, end in members:
        for i in range(start, end):
            index.groups[i] = heads


def slot_tokens(token: Token, index: MentionIndex, role: str = "customer", depth: int = 0) -> list[int]:
    """Tokens holding entities for one slot: the token itself, else its modifiers, widened to conjuncts."""
    found: list[int] = []
    # a vendor hides behind its products and staff ("employees of Huawei"), not behind any noun ("shutdown of X")
    through_preps = role != "vendor" or token.lemma_.lower() in index.cues.words("vendor_holders")
    if index.at(token.i):
        found.append(token.i)
        # "Dahua, Huawei Ltd, and Hikvision": the parser often hangs list members as appositions
        found.extend(c.i for c in token.children if c.dep_ == "appos" and index.at(c.i))
    elif depth < 3:
        if token.dep_ == "appos" and index.at(token.head.i):
            found.append(token.head.i)  # "NSO Group, an Israeli company that sells...": the company is the name
        for child in token.children:
            if child.dep_ in _EXPAND_DEPS:
                found.extend(slot_tokens(child, index, role, depth + 1))
            elif child.dep_ == "prep" and child.lower_ in _EXPAND_PREPS and through_preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found.extend(slot_tokens(pobj, index, role, depth + 1))
            elif child.dep_ == "acl" and role == "customer":
                # "crossings run by Uganda's immigration service", "networks operated by the state operator"
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                        found.extend(slot_tokens(pobj, index, role, depth + 1))
    if depth == 0 or index.at(token.i):
        for conj in token.conjuncts:
            if conj.i > token.i or depth == 0:
                found.extend([conj.i] if index.at(conj.i) else slot_tokens(conj, index, role, depth + 1))
    widened: list[int] = []
    for i in found:
        widened.extend(index.groups.get(i, [i]))
    return sorted(set(widened))


def direct_tokens(token: Token, index: MentionIndex) -> list[int]:
    """Entity tokens of the flat noun phrase at the token ('Pegasus spyware'), and the noun it is in apposition to."""
    found = [t.i for t in [token, *token.children]
             if index.at(t.i) and (t.i == token.i or t.dep_ in {"compound", "nmod"})]
    if token.dep_ == "appos" and index.at(token.head.i):
        found.append(token.head.i)
    return sorted(set(found))


def listed_countries(anchor: Token, slots: list[Token], index: MentionIndex) -> list[int]:
    """Heads of the country list a frame points to: after a colon following the anchor (in its sentence
    or the next), else right after a generic slot noun ('to fifty countries, including Algeria, Egypt...')."""
    doc = index.doc
    sentence = index.sents.sent(anchor.i)
    end = sentence.end
    last = next((t for t in reversed(sentence) if not t.is_space), None)
    if last is not None and last.text == ":" and end < len(doc):
        end = index.sents.sent(end).end
    colon = next((t.i for t in doc[anchor.i : end] if t.text == ":"), None)
    starts = [colon + 1] if colon is not None else []
    starts += [t.i + 1 for t in slots if index.sents.start(t.i) == sentence.start]
    for start in starts:
        for i in range(start, min(start + 12, end)):
            for entity in index.at(i):
                if entity.label == "COUNTRY" or index.is_government(entity):
                    return index.groups.get(i, [i])
    return []


def mention_tokens(token: Token, entity: Entity, index: MentionIndex) -> list[Token]:
    """The contiguous tokens of the entity's mention that covers the token."""
    doc = index.doc
    start = token.i
    while start > 0 and entity in index.at(start - 1):
        start -= 1
    end = token.i + 1
    while end < len(doc) and entity in index.at(end):
        end += 1
    return list(doc[start:end])
