"""Resolve the candidate spans of every method into one list of `Entity` records (doc._.memokg_entities).

Order of trust: an acronym defined in the text, then the registries (ruler),
then the statistical model, then the noun-phrase patterns. Overlapping spans of
one label keep the most trusted (then longest) one; an ORG and a TECHNOLOGY may
nest ("Hikvision cameras"), and a registry name that is both a company and a
product (FinFisher) takes the sense its context gives. Country mentions are
kept wherever they are, also inside organisation names.

Confidence follows the one rule of `pipeline.entities.confidence` (data in
`models/entity_rules.json`).
"""

from __future__ import annotations

import bisect

import pycountry
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.entities.attrs import LOWER_WORDS_KEY, group_name
from pipeline.entities.candidates import Cand
from pipeline.entities.common import drop_joined_view, heading_line
from pipeline.entities.confidence import ConfidenceRule
from pipeline.entities.fixers import tech_context
from pipeline.entities.junk import junk_name
from pipeline.entities.lists import list_organisations
from pipeline.entities.merging import group_candidates, unknown_id
from pipeline.knowledge import Gazetteer, gazetteer_of, load_knowledge
from pipeline.schema import Entity, Mention, Section
from pipeline.text import fold

COUNTRY_METHODS = ("ruler", "demonym", "place")


def _inside_name(tech: Cand, org: Cand) -> bool:
    """A technology candidate strictly inside an organisation's name, with name words on both sides."""
    return tech.label == "TECHNOLOGY" and org.label == "ORG" and org.start < tech.start and tech.end < org.end


def country_name(iso3: str) -> str:
    """Short English name of a country code (pycountry common name when it has one)."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name


class Resolver:
    """Builds entities from the `memokg:*` span groups."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.confidence = ConfidenceRule.from_rules(gazetteer.rules)
        self.context_words = gazetteer.words("tech_context_words")
        self.cues = gazetteer.words("tech_name_cues")
        heads = gazetteer.rules.get("acronym_long_heads", {})
        self.long_heads = {label: frozenset(words) for label, words in heads.items()}
        self.legal = gazetteer.words("legal_forms") | gazetteer.words("org_suffix_words")
        self.suffixes = gazetteer.words("org_suffix_words")
        self.not_orgs = gazetteer.words("not_orgs")
        self.generic_heads = gazetteer.words("generic_org_heads")

    def candidates(self, doc: Doc) -> tuple[list[Cand], list[Cand]]:
        """Entity and country candidates from the span groups."""
        ents, countries = [], []
        for method in ("ruler", "context", "model", "pattern", "demonym", "place"):
            name = group_name(method)
            if name not in doc.spans:
                continue
            for span in doc.spans[name]:
                if span.label_ == "COUNTRY":
                    countries.append(Cand(span.start, span.end, "COUNTRY", "country:" + span.kb_id_, method))
                elif method != "ruler" and junk_name(span, span.label_):
                    continue
                else:
                    ents.append(Cand(span.start, span.end, span.label_, span.kb_id_, method))
        return ents, countries

    def acronyms(self, doc: Doc, ents: list[Cand]) -> list[Cand]:
        """Candidates for defined acronyms: the long form and every use of the short form."""
        name = group_name("acronym_def")
        out: list[Cand] = []
        defined: dict[str, tuple[str, str]] = {}
        for span in doc.spans[name] if name in doc.spans else []:
            short = span.label_
            if short in defined:
                continue
            same = [c for c in ents if c.end == span.end and abs(c.start - span.start) <= 1]
            short_hits = [c for c in ents if c.method == "ruler" and doc[c.start:c.end].text == short]
            pick = sorted(same + short_hits, key=lambda c: (-c.priority, c.start))
            if pick:
                label, kb = pick[0].label, pick[0].kb
            else:
                head = span[-1].lower_
                label = next((lab for lab, words in sorted(self.long_heads.items()) if head in words), "")
                kb = ""
            if not label:
                continue
            kb = kb or unknown_id(label, span.text, self.gaz)
            defined[short] = (label, kb)
            out.append(Cand(span.start, span.end, label, kb, "acronym"))
        for token in doc:
            if token.text in defined:
                label, kb = defined[token.text]
                out.append(Cand(token.i, token.i + 1, label, kb, "acronym"))
        return out

    def choose_sense(self, doc: Doc, ents: list[Cand]) -> list[Cand]:
        """A registry name that is both ORG and TECHNOLOGY at one span keeps the sense its context gives."""
        by_span: dict[tuple[int, int], list[Cand]] = {}
        for c in ents:
            if c.method == "ruler":
                by_span.setdefault((c.start, c.end), []).append(c)
        drop = set()
        for (start, end), group in by_span.items():
            labels = {c.label for c in group}
            if len(labels) > 1:
                keep = "TECHNOLOGY" if tech_context(doc, start, end, self.context_words, self.cues) else "ORG"
                drop.update(id(c) for c in group if c.label != keep)
        return [c for c in ents if id(c) not in drop]

    def select(self, doc: Doc, ents: list[Cand]) -> list[Cand]:
        """Greedy overlap resolution by trust, then length."""
        accepted: list[Cand] = []
        agreeing: list[Cand] = []
        for c in sorted(ents, key=lambda c: (-c.priority, -(c.end - c.start), c.start, c.label, c.kb)):
            keep = True
            # "Signal" of "Ruthenia Signal Works": a technology word inside a company's name is part of the name
            if c.label == "ORG":
                accepted = [a for a in accepted if not _inside_name(a, c)]
            elif any(_inside_name(c, a) for a in accepted):
                continue
            for a in accepted:
                if not c.overlaps(a):
                    continue
                if (c.start, c.end, c.label) == (a.start, a.end, a.label):
                    # Another method found the same name: it adds its method to the entity.
                    agreeing.append(Cand(c.start, c.end, c.label, a.kb, c.method))
                    keep = False
                    break
                nested = c.contains(a) or a.contains(c)
                if c.label == "TECHNOLOGY" and c.method == "pattern" and a.label == "ORG" and a.contains(c) \
                        and all(t.text[:1].isupper() for t in doc[c.start:c.end]):
                    keep = False  # "Lomond Interception" of "Lomond Interception Ltd": part of the company's name
                    break
                if c.label != a.label and nested and "PERSON" not in (c.label, a.label):
                    continue
                if c.label == a.label == "TECHNOLOGY" and c.contains(a) and c.method == "pattern":
                    continue
                if c.label == a.label == "ORG" and c.contains(a) and all(
                        t.lower_ in self.legal or t.is_punct for t in (*doc[c.start:a.start], *doc[a.end:c.end])):
                    a.start, a.end = c.start, c.end
                keep = False
                break
            if keep:
                accepted.append(c)
        return accepted + agreeing

    def select_countries(self, doc: Doc, countries: list[Cand], ents: list[Cand]) -> list[Cand]:
        """Longest country spans, minus those inside a person's name or a known not-a-country phrase."""
        blocked = [c for c in ents if c.label == "PERSON"]
        blocked += [c for c in ents if c.label == "ORG" and c.method == "ruler"]
        text = doc.text
        for phrase in sorted(self.gaz.not_countries):
            pos = text.find(phrase)
            while pos >= 0:
                span = doc.char_span(pos, pos + len(phrase), alignment_mode="expand")
                if span is not None:
                    blocked.append(Cand(span.start, span.end, "BLOCK", "", "rule"))
                pos = text.find(phrase, pos + 1)
        accepted: list[Cand] = []
        for c in sorted(countries, key=lambda c: (-(c.end - c.start), c.start, c.kb, c.method)):
            if any(c.overlaps(a) and (a.start, a.end) != (c.start, c.end) for a in accepted):
                continue
            if any(c.overlaps(b) and not (b.label == "ORG" and b.contains(c)) for b in blocked):
                continue
            accepted.append(c)
        return accepted

    def vendor_products(self, doc: Doc, ents: list[Cand]) -> list[Cand]:
        """'Acme SafeFilter', "Acme's NightWatch": a model ORG that is a known vendor followed by a product name."""
        rulers = [c for c in ents if c.method == "ruler" and c.label == "ORG"]
        out = []
        for c in ents:
            vendor = next((r for r in rulers if c.method == "model" and c.label == "ORG" and not c.kb
                           and r.start == c.start and r.end < c.end), None)
            if vendor is None:
                out.append(c)
                continue
            start = vendor.end + (1 if doc[vendor.end].text in ("'s", "\u2019s") else 0)
            rest = doc[start:c.end]
            if len(rest) and rest[0].tag_ == "NNP" and not self.gaz.country_of(rest.text) and not all(
                    t.lower_ in self.legal or t.lower_ in self.generic_heads for t in rest) \
                    and not heading_line(rest):
                out.append(Cand(c.start, c.end, "TECHNOLOGY", "", "model"))
        return out

    def drop_orgs_naming_tech(self, doc: Doc, ents: list[Cand]) -> list[Cand]:
        """An unknown model ORG around a registry technology ("Lahore Safe City Project") is that technology."""
        techs = [c for c in ents if c.method == "ruler" and c.label == "TECHNOLOGY"]
        return [c for c in ents if not (c.label == "ORG" and c.method == "model" and not c.kb
                                        and doc[c.end - 1].lower_ not in self.suffixes
                                        and any(c.contains(t) for t in techs))]

    def listed_persons(self, doc: Doc, ents: list[Cand], countries: list[Cand]) -> list[Cand]:
        """In a list of mostly people ("By A, B, and C") a name the model took for an organisation is a person."""
        persons = {i for c in ents if c.label == "PERSON" for i in range(c.start, c.end)}
        if not persons:
            return ents
        soft = {id(c) for c in ents if c.label == "ORG" and c.method in ("model", "list") and not c.kb}
        firm = {i for c in ents + countries if c.label != "PERSON" and id(c) not in soft
                for i in range(c.start, c.end)}
        listed = [Cand(s.start, s.end, "PERSON", "", "list")
                  for s in list_organisations(doc, persons, firm, self.not_orgs) if not junk_name(s, "PERSON")]
        if not listed:
            return ents
        return [c for c in ents if not (id(c) in soft and any(c.overlaps(x) for x in listed))] + listed

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        drop_joined_view(doc)
        ents, countries = self.candidates(doc)
        defined = self.acronyms(doc, ents)
        taken = {i for c in defined for i in range(c.start, c.end)}
        ents = [c for c in ents if not any(i in taken for i in range(c.start, c.end))] + defined
        ents = self.drop_orgs_naming_tech(doc, self.vendor_products(doc, ents))
        ents = self.select(doc, self.choose_sense(doc, ents))
        orgs = {i for c in ents if c.label == "ORG" for i in range(c.start, c.end)}
        others = {i for c in ents + countries if c.label not in ("ORG", "PERSON") for i in range(c.start, c.end)}
        listed = [Cand(s.start, s.end, "ORG", "", "list") for s in list_organisations(doc, orgs, others, self.not_orgs)
                  if not junk_name(s, "ORG")]
        if listed:
            ents = [c for c in ents if not (c.label == "PERSON" and any(c.overlaps(x) for x in listed))] + listed
        ents = self.listed_persons(doc, ents, countries)
        org_names = {fold(doc[c.start:c.end].text) for c in ents if c.label == "ORG"}
        ents = [c for c in ents if not (c.method == "pattern" and fold(doc[c.start:c.end].text) in org_names)]
        countries = self.select_countries(doc, countries, ents)
        doc._.memokg_entities = self.build(doc, ents + countries)
        doc.user_data.pop(LOWER_WORDS_KEY, None)
        return doc

    def build(self, doc: Doc, cands: list[Cand]) -> list[Entity]:
        """Group accepted candidates into entities with located mentions."""
        sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        sections: list[Section] = doc._.memokg_sections or []
        text = doc.text  # Doc.text joins every token: read it once
        groups = group_candidates(doc, cands, self.gaz)
        entities = []
        for entity_id, (label, members) in groups.items():
            mentions: dict[tuple[int, int], Mention] = {}
            methods = set()
            for c in members:
                span = doc[c.start:c.end]
                start, end = span.start_char, span.end_char
                methods.add(c.method)
                section = next((s.name for s in sections if s.start <= start < s.end), None)
                sentence = bisect.bisect_right(sent_starts, start) - 1
                mentions[(start, end)] = Mention(text=text[start:end], start=start, end=end,
                                                 section=section, sentence=sentence)
            entities.append(self.entity(entity_id, label, sorted(mentions.values(), key=lambda m: (m.start, m.end)),
                                        methods))
        return sorted(entities, key=lambda e: (e.label, e.id))

    def entity(self, entity_id: str, label: str, mentions: list[Mention], methods: set[str]) -> Entity:
        """One Entity record with its canonical name, aliases and confidence."""
        known = self.gaz.known.get(entity_id)
        forms = sorted({m.text for m in mentions})
        iso3 = entity_id.split(":", 1)[1] if label == "COUNTRY" else None
        if known is not None:
            name = known.name
        elif iso3:
            name = country_name(iso3)
        else:
            name = max(forms, key=lambda f: (len(f), f)) if forms else entity_id
        return Entity(id=entity_id, label=label, name=name, aliases=[f for f in forms if f != name], iso3=iso3,
                      category=known.category if known else None, country=known.country if known else None,
                      mentions=mentions, methods=sorted(methods), confidence=self.confidence(methods))


def make_resolver(nlp: Language, name: str, models_dir: str | None) -> Resolver:
    """spaCy factory of the entity resolver."""
    return Resolver(gazetteer_of(load_knowledge(models_dir)))
