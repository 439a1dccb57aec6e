"""Products and their makers: from the memo's own PROVIDES statements and from the vendor registry.

A named product identifies its maker ("Pegasus" -> NSO Group), which lets a
sentence about the product count for the vendor. The registry
(`products` in models/vendors.jsonl) also states PROVIDES on its own: a memo
that names a registry vendor and one of its products gets that pair, evidenced
by the product's first mention (next to the vendor where the memo has one).
"""

from __future__ import annotations

from pipeline.relation_args import MentionIndex
from pipeline.relation_cues import RelationCues
from pipeline.relation_frames import Candidate
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
