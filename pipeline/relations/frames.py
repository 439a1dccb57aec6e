"""Turn pattern frames into candidate relations: slots become typed entities, roles are checked by type.

Role by syntax comes from the pattern; the entity type then decides what a
slot can be: a vendor slot takes a company (or a product whose maker the
memo names), a customer slot a country (or an organ of a state, mapped to
its country), a product slot a technology.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.relations.args import (
    Arg,
    MentionIndex,
    direct_tokens,
    listed_countries,
    mention_tokens,
    slot_tokens,
)
from pipeline.relations.coref import (
    government_country,
    resolve_country,
    resolve_customer_pronoun,
    resolve_implicit_vendor,
    resolve_possessive,
    resolve_project,
    resolve_vendor,
)
from pipeline.relations.patterns import Frame
from pipeline.schema import Entity, RelationType


@dataclass(frozen=True)
class Candidate:
    """A relation before it becomes a record: entities, cue token and how it was found."""

    type: RelationType
    source: Entity
    target: Entity
    cue: int
    method: str
    capability: str | None = None
    evidence_end: int | None = None
    tokens: tuple[int, ...] = ()


# The entity label each role of a two-role kind needs.
_PAIR_LABELS = {("provides", "product"): "TECHNOLOGY", ("provides", "vendor"): "ORG",
                ("based_in", "org"): "ORG", ("based_in", "country"): "COUNTRY"}
_ROLE_LABELS = {"vendor": {"ORG", "TECHNOLOGY"}, "product": {"ORG", "TECHNOLOGY"}, "org": {"ORG"},
                "customer": {"COUNTRY", "ORG"}, "country": {"COUNTRY"}}


def resolve_slot(token_i: int, role: str, index: MentionIndex, direct: bool = False) -> list[Arg]:
    """Entities one slot token stands for (direct, through modifiers, conjuncts, lists or coreference)."""
    key = (token_i, role, direct)
    if key not in index.resolved:  # frames of several specs share slot tokens
        index.resolved[key] = _resolve_slot(token_i, role, index, direct)
    return index.resolved[key]


def _resolve_slot(token_i: int, role: str, index: MentionIndex, direct: bool) -> list[Arg]:
    token = index.doc[token_i]
    if direct:
        return [Arg(e, i) for i in direct_tokens(token, index) for e in index.at(i)]
    args = [Arg(e, i) for i in slot_tokens(token, index, role) for e in index.at(i)]
    fitting = [a for a in args if a.entity.label in _ROLE_LABELS.get(role, {a.entity.label})]
    if fitting:
        return fitting
    for t in [token, *(c for c in token.children if c.dep_ == "poss")]:
        vendor, countries = resolve_project(t, index)
        if role in {"vendor", "product", "org"}:
            found = resolve_vendor(t, index) or resolve_possessive(t, index) or vendor
        else:
            found = (resolve_country(t, index) or resolve_possessive(t, index) or (countries[0] if countries else None)
                     or resolve_customer_pronoun(t, index))
        if found is not None:
            return [Arg(found, t.i, coref=True)]
    return []


def as_vendor(
    arg: Arg, index: MentionIndex, products: dict[str, str], by_id: dict[str, Entity]
) -> tuple[Entity, str | None] | None:
    """The vendor an argument stands for, with the product that led there (if any)."""
    if index.is_vendor(arg.entity):
        return arg.entity, None
    if arg.entity.label == "TECHNOLOGY" and arg.entity.id in products:
        return by_id[products[arg.entity.id]], arg.entity.id
    return None


def as_customer(arg: Arg, index: MentionIndex) -> Entity | None:
    """The customer country an argument stands for."""
    if arg.entity.label == "COUNTRY":
        return arg.entity
    if index.is_government(arg.entity):
        return government_country(arg.entity, index.doc[arg.token], index)
    return None


def _np_tokens(token: Token) -> set[int]:
    """Tokens of the noun phrase headed by a slot token (its modifiers, not its clauses)."""
    keep = {"compound", "amod", "poss", "nmod", "appos", "det", "npadvmod", "punct", "case", "nummod"}
    found = {token.i}
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ in keep and child.i not in found:
                found.add(child.i)
                stack.append(child)
    return found


def capability_of(frame: Frame, index: MentionIndex, exclude: set[int]) -> tuple[str | None, bool]:
    """Technology named in a slot or as the object of the cue (preferred, and then `True`: the vendor provides
    it), else elsewhere under the cue (`False`: the sentence only names it)."""
    doc = index.doc
    cue = doc[frame.cue]
    objects = [c for c in cue.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
    pools = [[doc[i] for i in frame.slots.get(slot, [])] for slot in ("vendor", "product")]
    pools += [[t for o in objects for t in o.subtree], list(cue.subtree)]
    for number, pool in enumerate(pools):
        for token in sorted(pool, key=lambda t: t.i):
            if token.i in exclude:
                continue
            for entity in index.at(token.i):
                if entity.label == "TECHNOLOGY":
                    return entity.id, number < len(pools) - 1 or _made_object(token, index)
    return None, False


def capability_of_tokens(tokens: list[int], index: MentionIndex) -> str | None:
    """The first technology named among the tokens (the theme of an event), outermost mention first."""
    for i in tokens:
        techs = [e for e in index.at(i) if e.label == "TECHNOLOGY"]
        if techs:
            return max(techs, key=lambda e: (len(e.name), e.id)).id
    return None


def _made_object(token: Token, index: MentionIndex) -> bool:
    """True when the token's noun phrase is the object of a making or supplying verb ('and create a system')."""
    head = token
    while head.dep_ in {"compound", "amod", "nmod", "flat", "conj", "appos"} and head.head.i != head.i:
        head = head.head
    verbs = index.cues.words("make_verbs") | index.cues.words("supply_verbs")
    return head.dep_ in {"dobj", "nsubjpass"} and head.head.lemma_.lower() in verbs


def frame_candidates(
    frame: Frame, index: MentionIndex, products: dict[str, str], by_id: dict[str, Entity]
) -> list[Candidate]:
    """Candidate relations of one frame."""
    kind = frame.spec.kind
    slots: dict[str, list[Arg]] = {}
    # the anchor's own slot first: most '*' frames end there, as their anchor names no entity
    for role, tokens in sorted(frame.slots.items(), key=lambda item: (item[1] != [frame.cue], item[0])):
        if role.startswith("_"):
            continue
        direct = kind != "supplies"
        if kind == "provides" and role == "product":
            # "sold the Eagle activity": a business changing hands is not a product being sold (while
            # "Verint's interception business" still says what Verint does)
            business = index.cues.words("business_nouns")
            tokens = [t for t in tokens if t == frame.cue or index.doc[t].lemma_.lower() not in business]
        slots[role] = [a for t in tokens for a in resolve_slot(t, role, index, direct=(t == frame.cue and direct))]
        wanted = _PAIR_LABELS.get((kind, role))
        if wanted is not None and not any(a.entity.label == wanted for a in slots[role]):
            return []  # these pair exactly two roles: a role without its kind of entity pairs nothing
    coref = any(a.coref for args in slots.values() for a in args)
    method = "dependency+coref" if coref else "dependency"
    out: list[Candidate] = []
    if kind == "provides":
        products = _outermost(_written_before(frame, index) or [
            a for a in slots.get("product", []) if a.entity.label == "TECHNOLOGY"], index)
        for v in slots.get("vendor", []):
            for p in products:
                if index.is_vendor(v.entity) and p.entity.label == "TECHNOLOGY" and not _overlap(v, p, index):
                    args = (v.token, p.token)
                    out.append(Candidate("PROVIDES", v.entity, p.entity, frame.cue, method, p.entity.id, None, args))
        return out
    if kind == "based_in":
        for o in slots.get("org", []):
            for c in slots.get("country", []):
                if o.entity.label == "ORG" and c.entity.label == "COUNTRY" and o.token != c.token:
                    args = (o.token, c.token)
                    out.append(Candidate("BASED_IN", o.entity, c.entity, frame.cue, method, None, None, args))
        return out
    vendor_role = "product" if kind == "deploys" else "vendor"
    vendors = [(a, as_vendor(a, index, products, by_id)) for a in slots.get(vendor_role, [])]
    implicit = None
    if frame.spec.implicit_vendor and vendor_role not in frame.slots:
        implicit = resolve_implicit_vendor(index.doc[frame.cue], index, products, by_id)
        if implicit is None:
            return []
        method = "dependency+coref"
    customer_args = slots.get("customer", [])
    evidence_end = None
    if not [a for a in customer_args if as_customer(a, index)] and _wants_list(frame, index):
        generic = [index.doc[i] for i in frame.slots.get("customer", [])]
        heads = listed_countries(index.doc[frame.cue], generic, index)
        customer_args = [Arg(e, i) for i in heads for e in index.at(i)]
        if heads:
            evidence_end = index.sents.sent(heads[-1]).end_char
    # a state body that also fills the customer slot ("signed by Kenya's Media Authority") is the buyer
    customer_tokens = {a.token for a in customer_args if index.is_government(a.entity)}
    vendors = [(a, r) for a, r in vendors if a.token not in customer_tokens]
    vendor_np = {i for a, resolved in vendors if resolved is not None for i in _np_tokens(index.doc[a.token])}
    if implicit is not None:
        vendors = [(Arg(implicit, frame.cue, coref=True), (implicit, None))]
    # "Uganda's cyber-surveillance unit": what names the customer is not what the vendor supplied
    customer_nps = [_np_tokens(index.doc[t]) for t in frame.slots.get("customer", [])]
    for c_arg in customer_args:
        country = as_customer(c_arg, index)
        if country is None or _where_victims_are(c_arg.token, frame, index):
            continue
        if kind == "deploys":
            for p in slots.get("product", []):
                if p.entity.label == "TECHNOLOGY":
                    args = (c_arg.token, p.token)
                    tech = p.entity.id
                    out.append(Candidate("DEPLOYS", country, p.entity, frame.cue, method, tech, evidence_end, args))
        for v_arg, resolved in vendors:
            if resolved is None or c_arg.token in vendor_np or c_arg.token == v_arg.token:
                continue
            vendor, product = resolved
            if vendor.country == country.iso3 and (index.doc[c_arg.token].pos_ == "ADJ" or c_arg.coref):
                continue  # "the Chinese company", or a guessed antecedent: a home country is not a customer
            customer_np = {i for np in customer_nps if c_arg.token in np for i in np}
            named, provided = capability_of(frame, index, customer_np | {c_arg.token})
            capability = product or named
            args = (v_arg.token, c_arg.token)
            out.append(Candidate("SUPPLIES", vendor, country, frame.cue, method, capability, evidence_end, args))
            # a product with a known maker is not provided by another vendor of the sentence (its host, its user)
            if capability and capability != product and provided and products.get(capability, vendor.id) == vendor.id:
                out.append(Candidate("PROVIDES", vendor, by_id[capability], frame.cue, method, capability, None, args))
    return out


def _where_victims_are(token: int, frame: Frame, index: MentionIndex) -> bool:
    """True when the country only says where targets are ('found the implant on the machines of targets in
    Spain'): between the slot and the country stands a word for the people the technology was used against."""
    victims = index.cues.words("victim_nouns")
    slots = set(frame.slots.get("customer", []))
    current = index.doc[token]
    for _ in range(8):
        if current.i in slots or current.head.i == current.i:
            return False
        current = current.head
        if current.lemma_.lower() in victims and current.pos_ == "NOUN":
            return True
    return False


def _written_before(frame: Frame, index: MentionIndex) -> list[Arg]:
    """For a 'made by' clause, the technology written right before it when the parse hung the clause on an
    earlier noun ('FinSpy made by Gamma and RCS made by Hacking Team': the second clause is RCS's)."""
    cue = index.doc[frame.cue]
    if cue.dep_ != "acl" or cue.i == 0:
        return []
    before = index.doc[cue.i - 1]
    techs = [e for e in index.at(before.i) if e.label == "TECHNOLOGY"]
    if not techs or before.i == cue.head.i or any(e in index.at(cue.head.i) for e in techs):
        return []
    return [Arg(e, before.i) for e in techs]


def _outermost(args: list[Arg], index: MentionIndex) -> list[Arg]:
    """The arguments whose mention no other argument's mention contains ('iOS' in 'their iOS implant')."""
    spans = [{t.i for t in mention_tokens(index.doc[a.token], a.entity, index)} for a in args]
    return [a for a, span in zip(args, spans, strict=True) if not any(span < other for other in spans)]


def _overlap(vendor: Arg, product: Arg, index: MentionIndex) -> bool:
    """True when the 'product' is written inside the vendor's own name ('Quillon' in 'Quillon Systems Pro')."""
    doc = index.doc
    vendor_tokens = {t.i for t in mention_tokens(doc[vendor.token], vendor.entity, index)}
    return all(t.i in vendor_tokens for t in mention_tokens(doc[product.token], product.entity, index))


def _wants_list(frame: Frame, index: MentionIndex) -> bool:
    """A frame whose customers are written as a list after a colon ('users of RCS: Egypt, Oman...')."""
    if frame.spec.list_customers:
        return True
    list_nouns = index.cues.words("list_nouns")
    doc = index.doc
    for i in frame.slots.get("customer", []):
        heads = [doc[i], *(t for t in doc[i].subtree if t.dep_ == "pobj")]
        if any(t.lemma_.lower() in list_nouns for t in heads):
            return True
    return False
