"""Clean the statistical model's entities into ORG / PERSON / TECHNOLOGY candidates (`memokg:model` group).

The small English model tags technologies as ORG ("IMEI", "WhatsApp"), people
for companies ("Tessa Wong Technologies"), generic phrases as ORG ("Chinese
companies") and ethnic groups as ORG. These rules, driven by the word lists of
`models/entity_rules.json`, trim spans and drop or relabel them. GPE, LOC and
NORP are left to the place matcher, which resolves them by dictionary.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.entities.common import add_spans, heading_line, is_acronym, make_span, trim
from pipeline.knowledge import Gazetteer, gazetteer_of, load_knowledge
from pipeline.text import fold

TECH_SOURCE_LABELS = ("PRODUCT", "WORK_OF_ART", "ORG", "FAC", "EVENT", "LAW")
TRAILING_TAGS = ("VBN", "VBD", "VBG", "IN", "CC", "DT", "POS", "TO")
SPLITTERS = ("(", ")", "[", "]", ";", "|", "/")
DATE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$")
LATIN = re.compile(r"[A-Za-z]")


def tech_context(doc: Doc, start: int, end: int, context_words: frozenset[str], cues: frozenset[str]) -> bool:
    """Whether the words around a name say it is a product: 'X spyware', 'called X', 'X, a tool'."""
    after = end
    while after < len(doc) and doc[after].text in ("'s", "\u2019s", "'", '"', "\u201d", "\u2019"):
        after += 1
    if after < len(doc) and doc[after].lemma_.lower() in context_words:
        return True
    before = [t for t in doc[max(0, start - 8):start] if not t.is_punct]
    words = [t.lower_ for t in before]
    cue_at = next((i for i in range(len(words) - 1, max(-1, len(words) - 3), -1)
                   if words[i] in cues or " ".join(words[i - 1:i + 1]) in cues), None)
    # "a spyware called X" names a product; "a company called X" does not.
    if cue_at is not None and any(t.lemma_.lower() in context_words for t in before[max(0, cue_at - 4):cue_at]):
        return True
    if after < len(doc) - 2 and doc[after].text == "," and doc[after + 1].lower_ in ("a", "an"):
        window = doc[after + 2:min(len(doc), after + 6)]
        return any(t.lemma_.lower() in context_words for t in window)
    return False


class ModelFixer:
    """Turns `doc.ents` into cleaned candidates."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.determiners = gazetteer.words("determiners")
        self.legal = gazetteer.words("legal_forms")
        self.not_orgs = gazetteer.words("not_orgs")
        self.not_tech = gazetteer.words("not_technologies")
        self.not_persons = gazetteer.words("not_persons")
        self.ethnic = gazetteer.words("ethnic_groups")
        self.generic = gazetteer.words("generic_org_heads") | gazetteer.words("generic_org_modifiers")
        self.org_suffixes = gazetteer.words("org_suffix_words")
        self.context_words = gazetteer.words("tech_context_words")
        self.cues = gazetteer.words("tech_name_cues")
        self.product_words = gazetteer.words("tech_product_words")
        self.titles = gazetteer.words("person_titles")
        self.header_words = gazetteer.words("header_words")
        self.regions = gazetteer.words("regions")

    def is_place(self, text: str) -> bool:
        """Whether a text is only a country name, demonym or place."""
        return self.gaz.country_of(text) is not None

    def generic_org(self, span: Span) -> bool:
        """'Chinese companies', 'the government', 'local authorities', 'Syrian Government', 'the Ministry'."""
        words = [t for t in span if t.lower_ not in self.determiners]
        if not words:
            return True
        rest = [t for t in words if not self.is_place(t.text)]
        # "Bahraini IP", "Kenyan ICT": a place and a generic acronym name no organisation
        if len(rest) < len(words) and all(t.lower_ in self.generic or t.is_upper and t.lower_ in self.not_orgs
                                          for t in rest):
            return True
        if not all(t.lower_ in self.generic for t in words):
            return False
        return len(words) == 1 or any(t.is_lower for t in words)

    def classify(self, span: Span) -> tuple[str, str] | None:
        """Label and kb id for one trimmed model entity, or None to drop it."""
        text = span.text
        folded = fold(text)
        if not text or folded in self.ethnic or self.is_place(text) or self.gaz.miscased(text):
            return None
        label = span.label_
        if label in TECH_SOURCE_LABELS and folded not in self.not_tech and folded not in self.not_orgs:
            known_tech = self.gaz.tech_id(text)
            if known_tech and self.gaz.org_id(text) is None:
                return "TECHNOLOGY", known_tech
            words = self.product_words if label == "ORG" else self.context_words
            in_context = tech_context(span.doc, span.start, span.end, words, self.cues)
            if in_context and self.gaz.org_id(text) is None and \
                    span[-1].lower_ not in self.org_suffixes:
                return "TECHNOLOGY", ""
        if label == "PERSON":
            return self.person(span, folded)
        if label != "ORG" or folded in self.not_orgs or span[-1].lower_ in self.ethnic:
            return None
        known = self.gaz.org_id(text)
        if known:
            return "ORG", known
        if span[0].lower_.rstrip(".") in self.titles and len(span) > 1 or self.after_title(span):
            return "PERSON", ""
        if any(t.lower_ in self.header_words or DATE.match(t.text) for t in span):
            return None
        if heading_line(span) and not is_acronym(text) and span[-1].lower_ not in self.org_suffixes:
            return None
        if all(t.is_lower or not t.is_alpha for t in span) or self.generic_org(span):
            return None
        if span[-1].lower_ in self.regions or fold(span[-2:].text) in self.regions:
            return None
        if self.gaz.tech_id(text):
            return None
        if len(span) == 1 and span[0].tag_ not in ("NNP", "NNPS") and not is_acronym(text):
            return None
        return "ORG", ""

    def after_title(self, span: Span) -> bool:
        """Whether a person's title stands right before the span ("President Rodrigo Duterte")."""
        if span.start == 0 or len(span) < 2 or not all(t.is_title for t in span):
            return False
        return span.doc[span.start - 1].lower_.rstrip(".") in self.titles

    def person(self, span: Span, folded: str) -> tuple[str, str] | None:
        """PERSON stays PERSON unless it is an acronym, a lowercase word or an organisation in disguise."""
        if folded in self.not_persons or is_acronym(span.text) or (len(span) == 1 and span[0].is_lower):
            return None
        if span[0].lower_.rstrip(".") in self.titles and len(span) > 1:
            return "PERSON", ""
        if span[-1].lower_ in self.org_suffixes and len(span) > 1:
            return "ORG", self.gaz.org_id(span.text) or ""
        if any(self.is_place(t.text) or self.gaz.tech_id(t.text) for t in span):
            return None
        if self.gaz.org_id(span.text):
            return None
        return "PERSON", ""

    def pieces(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """Split a model span at line breaks, brackets, list commas and a place's possessive."""
        parts, first = [], start
        for i in range(start, end):
            token = doc[i]
            if "\n" in token.whitespace_ and not token.is_space:
                parts.append((first, i + 1))
                first = i + 1
                continue
            cut = token.is_space or token.text in SPLITTERS
            if token.text == "," and not (i + 1 < end and doc[i + 1].lower_ in self.legal):
                cut = True
            if token.text in ("'s", "\u2019s") and i + 1 < end and (
                    self.is_place(doc[first:i].text) or end - i > 2):
                cut = True
            if cut:
                parts.append((first, i))
                first = i + 1
        parts.append((first, end))
        return [p for p in parts if p[1] > p[0]]

    def tighten(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """Drop determiners and lowercase words in front, verbs and prepositions at the end."""
        span = make_span(doc, start, end, "")
        start, end = trim(span, self.determiners)
        while start < end - 1 and (doc[start].is_lower or doc[start].like_num or doc[start].is_punct
                                   or doc[start].is_upper and doc[start].lower_ in self.not_orgs):
            start += 1
        while end > start + 1 and (doc[end - 1].tag_ in TRAILING_TAGS or doc[end - 1].is_punct):
            end -= 1
        return start, end

    def votes(self, doc: Doc) -> dict[str, str]:
        """Majority label (ORG or PERSON) of each name the model tags inconsistently within the doc."""
        counts: dict[str, dict[str, int]] = {}
        for ent in doc.ents:
            label = ent.label_
            if label == "GPE" and not self.is_place(ent.text):
                label = "ORG"
            if label in ("ORG", "PERSON"):
                key = ent.text.strip()
                counts.setdefault(key, {"ORG": 0, "PERSON": 0})[label] += 1
        out = {text: max(sorted(c), key=lambda lab: c[lab]) for text, c in counts.items()
               if c["ORG"] and c["PERSON"]}
        # A lone surname tagged ORG ("Rajab") belongs to the person named in full elsewhere ("Nabeel Rajab").
        surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
        for text in counts:
            if text in surnames and " " not in text:
                out[text] = "PERSON"
        return out

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        spans = []
        majority = self.votes(doc)
        for ent in doc.ents:
            label = majority.get(ent.text.strip(), ent.label_) if ent.label_ in ("ORG", "PERSON", "GPE") else ent.label_
            for first, last in self.pieces(doc, ent.start, ent.end):
                start, end = self.tighten(doc, first, last)
                if start >= end or not LATIN.search(doc[start:end].text):
                    continue
                result = self.classify(make_span(doc, start, end, label))
                if result == ("TECHNOLOGY", ""):
                    # A product name is capitalised: "Moonshade", not "Moonshade on the phones".
                    end = next((i for i in range(start + 1, end) if doc[i].is_lower), end)
                if result is not None:
                    spans.append(make_span(doc, start, end, result[0], result[1]))
        add_spans(doc, "model", spans)
        return doc


def make_fixers(nlp: Language, name: str, models_dir: str | None) -> ModelFixer:
    """spaCy factory of the model-entity cleaner."""
    return ModelFixer(gazetteer_of(load_knowledge(models_dir)))
