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

from pipeline.relations.args import MentionIndex, span_head
from pipeline.relations.cues import RelationCues
from pipeline.relations.frames import Candidate
from pipeline.schema import Entity


def is_named_product(entity: Entity) -> bool:
    """Named products (Pegasus, ProxySG, RCS) identify their maker; generic terms (spyware) do not, even with
    the capital of a sentence start ("Spyware developed by ...")."""
    if entity.name == entity.name.lower() or any(m.text and m.text == m.text.lower() for m in entity.mentions):
        return False
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


def named_parts(provides: list[Candidate], entities: list[Entity], makers: dict[str, str],
                index: MentionIndex) -> list[Candidate]:
    """PROVIDES of the product names inside provided product phrases: 'X sells the Marlin interception system'
    also provides Marlin, the name that later sentences use alone ('Marlin units were seen in ...'), and so does
    'X builds the Halcyon surveillance aerostat', where the name is a compound of the provided noun. `makers`
    gains those names."""
    # a name the registry knows (Android, Windows) is a platform the product runs on, not the product's name
    names = {e.name: e for e in entities
             if e.label == "TECHNOLOGY" and is_named_product(e) and "ruler" not in e.methods}
    out: list[Candidate] = []
    for candidate in provides:
        phrase = candidate.target.name
        found = []
        for name, entity in names.items():
            rest = phrase[len(name):]
            if entity.id != candidate.target.id and phrase.startswith(name + " ") and rest == rest.lower():
                found.append(entity)  # only a name followed by common words ('Marlin cellular interception system')
        if len(candidate.tokens) == 2:
            head = index.doc[candidate.tokens[1]]
            found += [e for c in head.children if c.dep_ == "compound" and c.i < head.i for e in index.at(c.i)
                      if e.id != candidate.target.id and e.name in names and names[e.name] is e]
        for entity in {e.id: e for e in found}.values():
            makers.setdefault(entity.id, candidate.source.id)
            if makers[entity.id] == candidate.source.id:
                out.append(replace(candidate, target=entity, capability=entity.id))
    return out


def _techs_at(token: Token, index: MentionIndex) -> list[Entity]:
    """Technologies covering a noun or its modifiers ('system' of 'a voice interception system')."""
    found = [e for e in index.at(token.i) if e.label == "TECHNOLOGY"]
    if not found:
        found = [e for c in token.children if c.dep_ in {"compound", "amod"} for e in index.at(c.i)
                 if e.label == "TECHNOLOGY"]
    return found


def _described_after(end: int, index: MentionIndex) -> list[Token]:
    """The nouns of a description set off by a comma right after a name ("X, the spyware sold by ..."), read
    from the surface where the parser hangs the apposition elsewhere."""
    doc = index.doc
    if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in {"a", "an", "the", "its"}:
        return []
    out = []
    for token in doc[end + 2:min(len(doc), end + 10)]:
        if token.is_punct or token.pos_ in {"VERB", "ADP", "SCONJ", "PRON"}:
            break
        if token.pos_ in {"NOUN", "PROPN"}:
            out.append(token)
    return out


def identities(index: MentionIndex) -> list[tuple[Entity, Entity]]:
    """(named product, what it is) where the text equates them: an apposition ('Grepp, a forensics tool'),
    a copula ('Grepp is spyware') or a naming word ('a suite named Sarab')."""
    doc, pairs, naming = index.doc, [], index.cues.words("naming_words")
    for start, end, entity in index.ordered:
        if entity.label != "TECHNOLOGY" or not is_named_product(entity):
            continue
        head = span_head(doc, start, end)
        partners = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            partners.append(head.head)
        if head.dep_ in {"nsubj", "attr"} and head.head.lemma_ == "be":
            partners += [c for c in head.head.children if c.dep_ in {"nsubj", "attr"} and c.i != head.i]
        for size in (1, 2):
            if start - size >= 1 and " ".join(t.lower_ for t in doc[start - size:start]) in naming:
                partners.append(doc[start - size - 1])  # "a monitoring suite named X"
        partners += _described_after(end, index)
        for partner in partners:
            for other in _techs_at(partner, index):
                if other.id != entity.id and not is_named_product(other):
                    pairs.append((entity, other))
    return pairs


def through_identities(provides: list[Candidate], pairs: list[tuple[Entity, Entity]]) -> list[Candidate]:
    """PROVIDES of a named product's type and of the name, whichever of the two the vendor is said to provide."""
    partner: dict[str, list[Entity]] = {}
    for product, kind in pairs:
        partner.setdefault(product.id, []).append(kind)
        partner.setdefault(kind.id, []).append(product)
    have = {(c.source.id, c.target.id) for c in provides}
    out = []
    for candidate in provides:
        for other in partner.get(candidate.target.id, []):
            if (candidate.source.id, other.id) not in have:
                have.add((candidate.source.id, other.id))
                out.append(replace(candidate, target=other, capability=other.id, method="product"))
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
        nouns += [c for c in product.head.children if c.dep_ in {"attr", "acomp"} and c.i != product.i]
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
    while token.dep_ in {"compound", "amod", "nmod", "conj", "flat"} and token.head.i != token.i:
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
        head = span_head(index.doc, start, end)
        for clause in _description_clauses(head):
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
