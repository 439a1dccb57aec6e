"""Products and their makers: from the memo's own PROVIDES statements and from the vendor registry.

A named product identifies its maker ("Pegasus" -> NSO Group), which lets a
sentence about the product count for the vendor. The registry
(`products` in models/vendors.jsonl) also states PROVIDES on its own: a memo
that names a registry vendor and one of its products gets that pair, evidenced
by the product's first mention (next to the vendor where the memo has one).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipeline.relations.args import MentionIndex
from pipeline.relations.cues import RelationCues
from pipeline.relations.frames import Candidate
from pipeline.schema import Entity


def is_named_product(entity: Entity) -> bool:
    """Named products (Pegasus, ProxySG, RCS) identify their maker; generic terms (spyware) do not."""
    return any(any(ch.isupper() for ch in m.text[1:]) or m.text[:1].isupper() and m.text.lower() != m.text
               for m in entity.mentions if m.text)


def product_makers(provides: list[Candidate], registry: dict[str, str]) -> dict[str, str]:
    """Technology id -> vendor id, when the memo (or the registry) names exactly one maker."""
    makers: dict[str, set[str]] = {}
    for candidate in provides:
        if is_named_product(candidate.target):
            makers.setdefault(candidate.target.id, set()).add(candidate.source.id)
    found = {tech: next(iter(vendors)) for tech, vendors in makers.items() if len(vendors) == 1}
    for tech, vendor in registry.items():
        found.setdefault(tech, vendor)
    return found


def named_parts(provides: list[Candidate], entities: list[Entity], makers: dict[str, str]) -> list[Candidate]:
    """PROVIDES of the product names inside provided product phrases: 'X sells the Marlin interception system'
    also provides Marlin, the name that later sentences use alone ('Marlin units were seen in ...'). `makers`
    gains those names."""
    # a name the registry knows (Android, Windows) is a platform the product runs on, not the product's name
    names = {e.name: e for e in entities
             if e.label == "TECHNOLOGY" and is_named_product(e) and "ruler" not in e.methods}
    out: list[Candidate] = []
    for candidate in provides:
        phrase = candidate.target.name
        for name, entity in names.items():
            rest = phrase[len(name):]
            if entity.id == candidate.target.id or not phrase.startswith(name + " ") or rest != rest.lower():
                continue  # only a name followed by common words ('Marlin' of 'Marlin cellular interception system')
            makers.setdefault(entity.id, candidate.source.id)
            if makers[entity.id] == candidate.source.id:
                out.append(replace(candidate, target=entity, capability=entity.id))
    return out


def registry_products(entities: list[Entity], cues: RelationCues) -> dict[str, str]:
    """Technology id -> vendor id for products the vendor registry attributes to a vendor of this memo."""
    techs: dict[str, str] = {}
    for entity in entities:
        if entity.label == "TECHNOLOGY":
            for form in (entity.name, *entity.aliases, *(m.text for m in entity.mentions)):
                techs.setdefault(form.lower(), entity.id)
    found: dict[str, str] = {}
    for entity in sorted(entities, key=lambda e: e.id):
        for product in cues.orgs.products.get(entity.id, ()):
            tech = techs.get(product.lower())
            if tech is not None:
                found.setdefault(tech, entity.id)
    return found


def _description_clauses(product: Token) -> list[Token]:
    """Clauses that say what a product does: 'X, a platform that lets developers add T', 'X is a tool used to
    do T'. Clauses about who uses it ('used by the police') are left out."""
    nouns = [product, *(c for c in product.children if c.dep_ == "appos")]
    if product.dep_ in {"nsubj", "acomp", "attr"} and product.head.lemma_ == "be":
        nouns += [c for c in product.head.children if c.dep_ in {"attr", "acomp"} and c is not product]
    clauses = []
    for noun in nouns:
        for clause in noun.children:
            if any(c.dep_ == "agent" for c in clause.children):
                continue
            subject = any(c.dep_ == "nsubj" and c.lower_ in {"that", "which"} for c in clause.children)
            purpose = any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in clause.children)
            if (clause.dep_ == "relcl" and subject) or (clause.dep_ == "acl" and purpose):
                clauses.append(clause)
    return clauses


def _object_of_a_verb(token: Token) -> bool:
    """True when the token's noun phrase is the direct object of a verb ('add face detection')."""
    while token.dep_ in {"compound", "amod", "nmod", "conj", "flat"} and token.head is not token:
        token = token.head
    return token.dep_ == "dobj"


def described_capabilities(provides: list[Candidate], index: MentionIndex) -> list[Candidate]:
    """PROVIDES(vendor, T) where a product the vendor provides is described, anywhere in the memo, as doing T."""
    makers: dict[str, set[str]] = {}
    for candidate in provides:
        makers.setdefault(candidate.target.id, set()).add(candidate.source.id)
    vendors = {c.source.id: c.source for c in provides}
    out = []
    for start, end, product in index.ordered:
        if product.id not in makers:
            continue
        head = next((t for t in index.doc[start:end] if not start <= t.head.i < end or t.head is t), None)
        for clause in _description_clauses(head) if head is not None else []:
            for token in clause.subtree:
                if not _object_of_a_verb(token):
                    continue  # 'take control of Windows devices': what the product acts on, not what it does
                for tech in index.at(token.i):
                    if tech.label != "TECHNOLOGY" or tech.id == product.id:
                        continue
                    for vendor in sorted(makers[product.id]):
                        out.append(Candidate("PROVIDES", vendors[vendor], tech, head.i, "description", tech.id,
                                             None, (head.i, token.i)))
    return out


def registry_provides(index: MentionIndex, registry: dict[str, str], by_id: dict[str, Entity]) -> list[Candidate]:
    """PROVIDES(vendor, product) for each registry product of a memo vendor, at the product's best mention."""
    mentions: dict[str, list[int]] = {}
    for start, _end, entity in index.ordered:
        mentions.setdefault(entity.id, []).append(start)
    out = []
    for tech, vendor in sorted(registry.items()):
        if tech not in by_id or vendor not in by_id or not mentions.get(tech):
            continue
        vendor_sentences = {index.sents.start(i) for i in mentions.get(vendor, [])}
        together = [i for i in mentions[tech] if index.sents.start(i) in vendor_sentences]
        token = (together or mentions[tech])[0]
        out.append(Candidate("PROVIDES", by_id[vendor], by_id[tech], token, "registry", tech, None, (token,)))
    return out
