"""Relation extraction: who supplies what to whom, each fact with the sentence that says it.

The spaCy component `memokg_relations` runs last, after the resolver has put
`doc._.memokg_entities` on the Doc; `extract_relations` is the same work as a
plain function. Steps: dependency frames (pipeline.relations.patterns) ->
PROVIDES and BASED_IN -> a product-to-maker map -> SUPPLIES and DEPLOYS
(pipeline.relations.frames) -> optional co-occurrence fallback -> records.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.errors import ExtractError
from pipeline.relations.args import MentionIndex, build_index, direct_anchors
from pipeline.relations.bases import names_vendor_base, under_victims
from pipeline.relations.build import finalise, to_relation, within_paragraph
from pipeline.relations.clauses import is_umbrella
from pipeline.relations.cues import RelationCues, load_cues
from pipeline.relations.deployments import ProductDeployments
from pipeline.relations.events import EventFrames
from pipeline.relations.fallback import provides_fallback, sentence_fallback
from pipeline.relations.fields import FieldRecords
from pipeline.relations.frames import Candidate, frame_candidates
from pipeline.relations.patterns import FrameMatcher
from pipeline.relations.products import (
    described_capabilities,
    identities,
    named_parts,
    product_makers,
    registry_products,
    registry_provides,
    through_identities,
)
from pipeline.relations.projects import ProjectComponents
from pipeline.relations.roles import RoleNouns
from pipeline.relations.structure import StructureFinder, lines_of
from pipeline.relations.surface import SurfaceSales, unrelated
from pipeline.schema import Entity, Relation, Section

# mechanisms that pair a vendor and a country by their place in a sentence rather than by a clause
_LOOSE_METHODS = frozenset({"product+sentence", "cooccurrence", "surface", "event", "event+coref", "role", "product"})


def extract_relations(
    doc: Doc,
    entities: list[Entity],
    sections: list[Section],
    cues: RelationCues,
    registry: dict[str, str] | None = None,
    matcher: FrameMatcher | None = None,
) -> list[Relation]:
    """Relations (SUPPLIES, PROVIDES, BASED_IN, DEPLOYS) of one parsed memo, sorted, with evidence."""
    if not doc.has_annotation("DEP"):
        raise ExtractError("no_parse", "relation extraction needs a dependency parse (the parser is disabled)")
    index = build_index(doc, entities, cues)
    by_id = {e.id: e for e in entities}
    matcher = matcher or FrameMatcher(doc.vocab, cues)
    frames = matcher.frames(doc, focus=direct_anchors(index))
    early = [f for f in frames if f.spec.kind in {"provides", "based_in"}]
    first = [c for f in early for c in frame_candidates(f, index, {}, by_id)]
    registry = registry_products(entities, cues) if registry is None else registry
    first.extend(through_identities([c for c in first if c.type == "PROVIDES"], identities(index)))
    products = product_makers([c for c in first if c.type == "PROVIDES"], registry)
    candidates = list(first)
    candidates.extend(named_parts([c for c in first if c.type == "PROVIDES"], entities, products, index))
    for frame in frames:
        if frame.spec.kind not in {"provides", "based_in"}:
            candidates.extend(frame_candidates(frame, index, products, by_id))
    candidates.extend(EventFrames(index).candidates(products, by_id))
    deployments = ProductDeployments(index, products, by_id)
    candidates.extend(deployments.candidates())
    sents = index.sents
    lines = lines_of(index)  # read once: lists, tables, headings and field blocks all walk them
    candidates.extend(StructureFinder(index, products, by_id).candidates(lines))
    candidates.extend(RoleNouns(index, products, by_id).candidates())
    candidates.extend(ProjectComponents(index).candidates())
    candidates.extend(FieldRecords(index).candidates(lines))
    candidates.extend(SurfaceSales(index).candidates(unrelated(candidates, index)))
    supplied = {(c.source.id, c.target.id, sents.start(c.cue)) for c in candidates if c.type == "SUPPLIES"}
    provided = [c for c in candidates if c.type == "PROVIDES"]
    provided += through_identities(provided, identities(index))
    deployments.makers = {**product_makers(provided, registry), **products}
    candidates.extend(deployments.in_sentences(supplied))
    stated = {(c.source.id, c.target.id) for c in candidates if c.type == "PROVIDES"}
    candidates.extend(c for c in registry_provides(index, registry, by_id) if (c.source.id, c.target.id) not in stated)
    candidates.extend(described_capabilities([c for c in candidates if c.type == "PROVIDES" and c.tokens], index))
    makers: dict[str, set[str]] = {}
    for c in candidates:
        if c.type == "PROVIDES":
            makers.setdefault(c.target.id, set()).add(c.source.id)
    if cues.fallback_enabled:
        candidates.extend(_fallback(index, candidates, makers))
    # a named product with a known maker is supplied by that maker, not by the host or user the sentence names
    candidates = [c for c in candidates if not (c.type == "SUPPLIES" and c.capability in products
                                                and products[c.capability] != c.source.id)]
    # an umbrella term ("advanced surveillance technology") is nothing a vendor provides
    candidates = [c for c in candidates if not (c.type == "PROVIDES" and is_umbrella(c.target, cues.umbrella))]
    # a country that only says where targets are is no customer, whichever mechanism paired it
    candidates = [c for c in candidates if not (c.type == "SUPPLIES" and len(c.tokens) == 2
                                                and under_victims(index, c.tokens[1], doc[c.cue]))]
    # "the presentation the company gave in Prague": a verb whose object is an occasion sells nothing
    occasions = cues.words("occasion_nouns")
    candidates = [c for c in candidates if not (c.type == "SUPPLIES" and _takes_occasion(doc[c.cue], occasions))]
    # a vendor's home country is a customer only where a clause or a list says so, not by co-occurrence
    homes = {(c.source.id, c.target.iso3) for c in candidates if c.type == "BASED_IN"}
    candidates = [c for c in candidates if not (c.type == "SUPPLIES" and c.method in _LOOSE_METHODS and (
        (c.source.id, c.target.iso3) in homes or c.source.country == c.target.iso3))]
    # a place that says where a company is ('the Warsaw firm') is no customer, whichever mechanism paired it
    candidates = [c for c in candidates if not (c.type == "SUPPLIES" and len(c.tokens) == 2
                                                and names_vendor_base(c.tokens[1], index, c.source))]
    kept = [c for c in candidates if within_paragraph(c, doc, sents.text)]
    return finalise([to_relation(c, doc, sections, cues, sents) for c in kept])


def _takes_occasion(cue: Token, occasions: frozenset[str]) -> bool:
    """Whether the cue verb's object is an occasion: 'gave a presentation', 'the presentation the company gave'."""
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    if not objects and cue.dep_ == "relcl":
        objects = [cue.head]
    return any(o.lemma_.lower() in occasions for o in objects)


def _fallback(index: MentionIndex, candidates: list[Candidate], makers: dict[str, set[str]]) -> list[Candidate]:
    """Co-occurrence candidates, sentence by sentence, for pairs the patterns did not relate."""
    supplied: dict[int, set[tuple[str, str]]] = {}
    for c in candidates:
        if c.type == "SUPPLIES":
            supplied.setdefault(index.sents.start(c.cue), set()).add((c.source.id, c.target.id))
    based = {(c.source.id, c.target.id) for c in candidates if c.type == "BASED_IN"}
    # PROVIDES pairs accumulate over the memo: a fallback pair found earlier is not found again.
    provided = {(c.source.id, c.target.id) for c in candidates if c.type == "PROVIDES"}
    # both fallbacks need a registry vendor in the sentence
    with_vendor = {index.sents.start(i) for i, found in index.by_token.items() if any(map(index.known_vendor, found))}
    out: list[Candidate] = []
    for sent in index.sents.all():
        if sent.start not in with_vendor:
            continue
        if index.cues.fallback_supplies:
            out.extend(sentence_fallback(sent, index, supplied.get(sent.start, set()) | based))
        if not index.cues.fallback_provides:
            continue
        found = provides_fallback(sent, index, provided, makers)
        provided |= {(c.source.id, c.target.id) for c in found}
        out.extend(found)
    return out


def make_relation_component(nlp: Language, name: str, models_dir: str | None) -> RelationComponent:
    """spaCy factory of the relation component."""
    cues = load_cues(models_dir)
    return RelationComponent(cues, FrameMatcher(nlp.vocab, cues))


class RelationComponent:
    """Writes doc._.memokg_relations from doc._.memokg_entities and doc._.memokg_sections."""

    def __init__(self, cues: RelationCues, matcher: FrameMatcher) -> None:
        self.cues = cues
        self.matcher = matcher  # compiled once for the pipeline's vocab

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        entities = doc._.memokg_entities or []
        sections = doc._.memokg_sections or []
        doc._.memokg_relations = extract_relations(doc, entities, sections, self.cues, matcher=self.matcher)
        return doc
