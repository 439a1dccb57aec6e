"""Resolve the few anaphors memos use for vendors and countries, only when the antecedent is clear.

"the company", "the Chinese firm", "it" -> the last vendor named in the current
or the previous two sentences (its home country must match a given demonym);
"the country", "the government", "its authorities" -> the last country named
(by name, not by demonym) in that window.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from pipeline.entities import noun_word
from pipeline.relations.args import MentionIndex, mention_tokens
from pipeline.relations.bases import names_organisation, names_vendor_base
from pipeline.schema import Entity


def _window_start(token: Token, index: MentionIndex) -> int:
    """First token of the sentence `window_sentences` before the token's sentence."""
    start = index.sents.start(token.i)
    for _ in range(int(index.cues.anaphora.get("window_sentences", 2))):
        if start == 0:
            break
        start = index.sents.start(start - 1)
        # a bullet mark or a lone number split off as a sentence is not one of the sentences counted
        while start > 0 and not any(ch.isalpha() for ch in index.sents.sent(start).text):
            start = index.sents.start(start - 1)
    return start


def _demonym(token: Token, index: MentionIndex) -> Entity | None:
    for child in token.children:
        if child.dep_ in {"amod", "compound", "nmod"}:
            for entity in index.at(child.i):
                if entity.label == "COUNTRY":
                    return entity
    return None


def _is_anaphoric_noun(token: Token, nouns: set[str], index: MentionIndex) -> bool:
    """A definite description such as 'the company' that names no entity itself."""
    if noun_word(token) not in nouns or index.at(token.i):  # "the start-up": the hyphen split off
        return False
    if any(c.dep_ in {"appos", "compound", "poss"} and any(e.label != "COUNTRY" for e in index.at(c.i))
           for c in token.children):
        return False  # "the company ZTE", "Huawei's team": named right here ("the Bremen firm" is an anaphor)
    determiners = set(index.cues.anaphora.get("determiners", []))
    return any(c.dep_ in {"det", "poss"} and c.lower_ in determiners | {"its", "their"} for c in token.children)


def resolve_vendor(token: Token, index: MentionIndex) -> Entity | None:
    """Antecedent vendor of 'the company' / 'the Chinese firm' / 'it', else None."""
    anaphora = index.cues.anaphora
    pronoun = token.lower_ in set(anaphora.get("vendor_pronouns", [])) and token.pos_ == "PRON"
    if not pronoun and not _is_anaphoric_noun(token, set(anaphora.get("vendor_nouns", [])), index):
        return None
    demonym = None if pronoun else _demonym(token, index)
    start = _window_start(token, index)
    inside = {c.i for c in token.subtree}
    candidates = [
        entity
        for first, _end, entity in index.ordered
        if start <= first < token.i and index.is_vendor(entity) and first not in inside
    ]
    if demonym is not None and demonym.iso3:
        candidates = [e for e in candidates if e.country in (None, demonym.iso3)]
    if not candidates:
        return None
    return _salient_vendor(token, candidates, index, pronoun)


def _salient_vendor(token: Token, candidates: list[Entity], index: MentionIndex, pronoun: bool) -> Entity | None:
    """The vendor an anaphor most likely means (centering): in the latest sentence that names a vendor, the one
    that is the grammatical subject, else the only one; "the first" / "the former" and "the latter" pick from
    that sentence's list. "it" with two vendors in that sentence and no subject among them stays unresolved."""
    doc = index.doc
    wanted = {e.id for e in candidates}
    mentions = [(f, e) for f, _end, e in index.ordered if f < token.i and e.id in wanted
                and index.sents.start(f) >= _window_start(token, index)]
    latest = index.sents.start(mentions[-1][0])
    here = [(f, e) for f, e in mentions if index.sents.start(f) == latest]
    ordinal = {c.lower_ for c in token.children}
    if ordinal & {"first", "former"}:
        return here[0][1]
    if ordinal & {"latter", "second", "last"}:
        return here[-1][1]
    subjects = [e for f, e in here if _subject_phrase(doc[f])]
    if len({e.id for e in subjects}) == 1:
        return subjects[0]
    if len({e.id for _f, e in here}) == 1:
        return here[-1][1]
    if pronoun:
        return None  # "it" with two vendors in view and no subject among them is not clear enough
    known = [e for _f, e in here if index.known_vendor(e)]
    return known[-1] if len({e.id for e in known}) == 1 else here[-1][1]


def _subject_phrase(token: Token) -> bool:
    """Whether a token stands in the subject of its clause (its own phrase, or an apposition to the subject)."""
    current = token
    for _ in range(4):
        if current.dep_ in {"nsubj", "nsubjpass"}:
            return True
        if current.dep_ not in {"compound", "appos", "flat", "nmod", "poss", "conj"} or current.head.i == current.i:
            return False
        current = current.head
    return False


def resolve_country(token: Token, index: MentionIndex) -> Entity | None:
    """Antecedent country of 'the country' / 'the government' / 'its authorities', else None."""
    nouns = set(index.cues.anaphora.get("country_nouns", []))
    if not _is_anaphoric_noun(token, nouns, index):
        return None
    if any(c.dep_ in {"amod", "compound"} and index.at(c.i) for c in token.children):
        return None
    start = _window_start(token, index)
    doc = index.doc
    candidates = [
        entity
        for first, _end, entity in index.ordered
        if start <= first < token.i
        and entity.label == "COUNTRY"
        and doc[first].pos_ != "ADJ"
        and not names_organisation(doc[first], index)
    ]
    return candidates[-1] if candidates else None


def resolve_possessive(token: Token, index: MentionIndex) -> Entity | None:
    """Antecedent of 'its'/'their': a country before state nouns ('its authorities'), else a vendor."""
    if token.lower_ not in {"its", "their"}:
        return None
    head = token.head
    start = _window_start(token, index)
    product = any(c.dep_ in {"compound", "amod", "nmod"} and any(e.label == "TECHNOLOGY" for e in index.at(c.i))
                  for c in head.children)  # "its QX-Cell units" are products, "its cyber unit" a state body
    if not product and head.lemma_.lower() in index.cues.government_words | set(
            index.cues.anaphora.get("country_nouns", [])):
        countries = [e for first, _e, e in index.ordered if start <= first < token.i and e.label == "COUNTRY"]
        return countries[-1] if countries else None
    vendors = [e for first, _e, e in index.ordered if start <= first < token.i and index.is_vendor(e)]
    if len({e.id for e in vendors}) > 1:
        # an organisation the registry does not know (a newsroom, a consortium) seldom owns products
        vendors = [e for e in vendors if index.known_vendor(e)]
    if len({e.id for e in vendors}) != 1:
        return None
    return vendors[-1]


def resolve_implicit_vendor(
    token: Token, index: MentionIndex, makers: dict[str, str], by_id: dict[str, Entity]
) -> Entity | None:
    """The vendor whose customers a bare 'customers' means: the one registry vendor (or maker of a product)
    named in the window up to the end of the token's sentence, when the noun has no owner of its own
    ('Customers include agencies in Sudan'; 'numbers chosen by clients in Azerbaijan' after 'traces of Pegasus')."""
    if any(c.dep_ in {"poss", "compound", "nmod"} or (c.dep_ == "prep" and c.lower_ == "of") for c in token.children):
        return None
    start = _window_start(token, index)
    end = index.sents.sent(token.i).end
    vendors: dict[str, Entity] = {}
    for first, _end, entity in index.ordered:
        if start <= first < end:
            if index.known_vendor(entity):
                vendors[entity.id] = entity
            elif entity.id in makers and makers[entity.id] in by_id:
                vendors[makers[entity.id]] = by_id[makers[entity.id]]
    return next(iter(vendors.values())) if len(vendors) == 1 else None


def government_country(entity: Entity, token: Token, index: MentionIndex) -> Entity | None:
    """The country an organ of state belongs to: named inside or beside its mention, else its recorded country."""
    near: list[Token] = []
    for t in mention_tokens(token, entity, index):
        near.append(t)
        near.extend(c for c in t.children if c.dep_ in {"poss", "amod", "compound", "nmod"})
        near.extend(p for c in t.children if c.dep_ == "prep" and c.lower_ in {"of", "in"} for p in c.children)
    for t in near:
        for other in index.at(t.i):
            if other.label == "COUNTRY":
                return other
    for t in near:
        if t.dep_ == "poss" and not index.at(t.i):
            # "the country's Interior Ministry", "its police": the body of the country the memo is about
            found = resolve_country(t, index) or resolve_possessive(t, index)
            if found is not None:
                return found
    return index.countries.get(entity.country or "") or salient_country(token, index)


def salient_country(token: Token, index: MentionIndex) -> Entity | None:
    """The one country the window around a state body speaks of ("the state operator" of a memo about one
    country), by name, demonym or place in this and the previous sentences; None when there are several."""
    start = _window_start(token, index)
    end = index.sents.sent(token.i).end
    mentions = [(first, e) for first, _end, e in index.ordered if start <= first < end]
    window = [e for _first, e in mentions]
    # "an Italian company", "Swedish firm X": a vendor's home country in view is not the state body's country
    homes = {e.country for e in window if e.country and index.is_vendor(e)}
    homes |= {e.iso3 for first, e in mentions if e.label == "COUNTRY" and names_vendor_base(first, index)}
    found = {e.id: e for e in window if e.label == "COUNTRY" and e.iso3 not in homes}
    return next(iter(found.values())) if len(found) == 1 else None


def resolve_project(token: Token, index: MentionIndex) -> tuple[Entity | None, list[Entity]]:
    """The vendor and countries of the project 'the project' / 'the network' / 'the programme' points back to:
    the last such noun named with modifiers in the window ("won the contract for Lima's monitoring project"),
    its vendor the one that owns it or is the subject of its clause, its countries those named in its phrase."""
    nouns = set(index.cues.anaphora.get("project_nouns", []))
    if not _is_anaphoric_noun(token, nouns, index):
        return None, []
    start = _window_start(token, index)
    doc = index.doc
    for candidate in reversed(doc[start:index.sents.start(token.i)]):
        if candidate.lemma_.lower() not in nouns or _is_anaphoric_noun(candidate, nouns, index):
            continue
        return project_owner(candidate, index)
    return None, []


def project_owner(noun: Token, index: MentionIndex) -> tuple[Entity | None, list[Entity]]:
    """The vendor of a project noun named with its modifiers (the one inside its phrase, else the subject of the
    clause it hangs on: "Brantel won the contract for the Lima project") and the countries of its phrase."""
    phrase = list(noun.subtree)
    countries = [e for t in phrase for e in index.at(t.i) if e.label == "COUNTRY"]
    # a name in the phrase is the project's vendor when it owns it ("Brantel's project", "the project of
    # Brantel") or is a known vendor; otherwise it may be the project's own name ("a project called Harbour")
    vendors = [e for t in phrase for e in index.at(t.i) if index.is_vendor(e)
               and (t.dep_ in {"poss", "pobj"} or index.known_vendor(e))]
    clause = noun
    while clause.dep_ in {"pobj", "prep", "dobj", "compound", "conj", "appos"} and clause.head.i != clause.i:
        clause = clause.head
    roles = {"nsubj", "nsubjpass", "agent"} | ({"dobj"} if clause.lemma_.lower() in index.cues.words("acquire_verbs")
                                                else set())  # "officials hired Brantel for the project"
    vendors += [e for c in clause.children if c.dep_ in roles
                for t in c.subtree for e in index.at(t.i) if index.is_vendor(e)]
    return (vendors[0] if vendors else None), list({e.id: e for e in countries}.values())


def salient_customer(token: Token, index: MentionIndex) -> Entity | None:
    """The one customer country the window before a token speaks of through a state body ("a tender of the
    national police" before "the vendor delivered ..."); None when there is none or several."""
    start = _window_start(token, index)
    found: dict[str, Entity] = {}
    for first, _end, entity in index.ordered:
        if start <= first < token.i and index.is_government(entity):
            country = government_country(entity, index.doc[first], index)
            if country is not None:
                found[country.id] = country
    return next(iter(found.values())) if len(found) == 1 else None


def resolve_technology(token: Token, index: MentionIndex, specific: Callable[[Entity], bool]) -> Entity | None:
    """The technology 'this technology' / 'these products' / 'such systems' points back to: the last
    `specific` technology (the caller leaves umbrella terms out) named in the window before it."""
    heads = set(index.cues.umbrella.get("heads", [])) | set(index.cues.words("product_nouns"))
    demonstratives = {"this", "these", "that", "those", "such"}
    if token.lemma_.lower() not in heads and token.lower_ not in heads or index.at(token.i):
        return None
    if not any(c.dep_ in {"det", "amod", "predet"} and c.lower_ in demonstratives for c in token.children):
        return None
    start = _window_start(token, index)
    found = [e for first, _end, e in index.ordered
             if start <= first < token.i and e.label == "TECHNOLOGY" and specific(e)]
    return found[-1] if found else None


def resolve_customer_pronoun(token: Token, index: MentionIndex) -> Entity | None:
    """The customer 'them' / 'they' stands for: the one state body in view, else the one country in view (a
    vendor's home country aside): "Peruvian officials met the firm, which later sold them spyware"."""
    if token.pos_ != "PRON" or token.lower_ not in set(index.cues.anaphora.get("customer_pronouns", [])):
        return None
    return salient_customer(token, index) or salient_country(token, index)
