"""Entity and relation extraction: one spaCy pipeline, run over memo texts in batches.

`build_nlp` puts memokg's components after the statistical model and the
relation component last. `Extractor` puts the sections on each Doc, splits
texts longer than the chunk size at paragraph or sentence boundaries, and
merges the chunks back with offsets, sentence indexes and pages made right for
the whole text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from pipeline.entities import OFFSET_KEY, ConfidenceRule
from pipeline.errors import ExtractError
from pipeline.extract.chunks import (
    Locator,
    merge_chunk_entities,
    shift_entity,
    shift_relation,
    shift_sections,
    split_text,
    unwrap_lines,
)
from pipeline.extract.factories import ENTITY_COMPONENTS, RELATION_COMPONENT, STRUCTURE_COMPONENT, register
from pipeline.extract.model import load_model
from pipeline.knowledge import Knowledge, gazetteer_of, load_knowledge
from pipeline.schema import Entity, Page, Relation, Section

CHUNK_CHARS = 100_000
# Footnote numbers glued to a word ("Hacking Team.1", "Injector),63") would hide the name from every matcher.
FOOTNOTE_INFIX = r"(?<=[A-Za-z]{2})\.(?=[0-9]{1,3}(?![0-9.]))"
_CLOSERS = "[),.;:\u201d\u2019\"]"
FOOTNOTE_SUFFIX = rf"(?:(?<=[A-Za-z]{_CLOSERS})|(?<=[A-Za-z]{_CLOSERS}{_CLOSERS}))[0-9]{{1,3}}$"
Item = tuple[str, list[Section], list[Page] | None]


def build_nlp(model: str | None = None, models: Knowledge | Path | str | None = None) -> Language:
    """The statistical model (memokg's sentence marker before its parser), then the entity and relation components."""
    register()
    knowledge = load_knowledge(models)
    nlp = load_model(model)
    infixes = [*nlp.Defaults.infixes, FOOTNOTE_INFIX]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = [*nlp.Defaults.suffixes, FOOTNOTE_SUFFIX]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    legal_forms = gazetteer_of(knowledge).words("legal_forms")
    for form in dotted_forms(legal_forms):
        nlp.tokenizer.add_special_case(form, [{ORTH: form, NORM: "ltd"}])
    for form in sorted({cased for f in legal_forms if "/" in f for cased in (f, f.upper())}):
        nlp.tokenizer.add_special_case(form, [{ORTH: form, NORM: "ltd"}])  # 'Skjold Data A/S', one token
    for form in glued_stops(nlp, legal_forms):
        nlp.tokenizer.add_special_case(form + ".", [{ORTH: form, NORM: "ltd"}, {ORTH: "."}])
    # Sentence starts set before the parser are kept by it: sentences then never cross headings or items.
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(STRUCTURE_COMPONENT, before="parser")
    else:
        nlp.add_pipe(STRUCTURE_COMPONENT, first=True)
    for name in (*ENTITY_COMPONENTS, RELATION_COMPONENT):
        nlp.add_pipe(name, config={"models_dir": knowledge.folder})
    return nlp


def dotted_forms(legal_forms: Iterable[str]) -> list[str]:
    """Every casing of the legal forms made of dotted letters ('S.p.A.', 'S.r.l.', 's.r.o.'): one token each, or
    the tokenizer cuts them ('S.p', '.', 'A.') and the name loses its company mark."""
    out: set[str] = set()
    for form in legal_forms:
        parts = form.rstrip(".").split(".")
        if len(parts) < 2 or not all(len(p) == 1 and p.isalpha() for p in parts):
            continue
        for mask in range(2 ** len(parts)):
            letters = [p.upper() if mask >> n & 1 else p for n, p in enumerate(parts)]
            out.add(".".join(letters) + ".")
    return sorted(out)


def glued_stops(nlp: Language, legal_forms: Iterable[str]) -> list[str]:
    """Casings of the undotted legal forms ('GmbH', 'SpA') that the tokenizer keeps in one token with a full stop
    after them: 'Arkona GmbH. Arkona ...' would be one sentence and one name. These forms take no period of
    their own, so the stop ends the sentence."""
    dotted = {f.rstrip(".") for f in legal_forms if f.endswith(".")}
    out = []
    for form in sorted(f for f in legal_forms if f.isalpha() and 1 < len(f) <= 5 and f not in dotted):
        for mask in range(2 ** (len(form) - 1)):
            cased = form[0].upper() + "".join(c.upper() if mask >> n & 1 else c for n, c in enumerate(form[1:]))
            if len(nlp.tokenizer(cased + ".")) == 1:
                out.append(cased)
    return out


class Extractor:
    """Runs the memokg nlp over memo texts: entities and relations with whole-text offsets."""

    def __init__(self, model: str | None = None, models: Knowledge | Path | str | None = None,
                 batch_size: int = 32) -> None:
        self.knowledge = load_knowledge(models)
        self.nlp = build_nlp(model, self.knowledge)
        self.batch_size = batch_size
        self.chunk_chars = min(CHUNK_CHARS, self.nlp.max_length - 1)
        self.confidence = ConfidenceRule.from_rules(gazetteer_of(self.knowledge).rules)

    def extract(self, text: str, sections: list[Section], pages: list[Page] | None = None
                ) -> tuple[list[Entity], list[Relation]]:
        """Entities and relations of one memo text."""
        return next(self.pipe([(text, sections, pages)]))

    def _docs(self, items: Iterable[Item], plan: list) -> Iterator[Doc]:
        for text, sections, pages in items:
            if not isinstance(text, str):
                raise ExtractError("bad_input", f"memo text must be a string, not {type(text).__name__}")
            chunks = split_text(unwrap_lines(text), self.chunk_chars)
            plan.append((text, len(chunks), list(sections or []), pages))
            for offset, chunk in chunks:
                doc = self.nlp.make_doc(chunk)
                doc._.memokg_sections = shift_sections(list(sections or []), offset, len(chunk))
                doc.user_data[OFFSET_KEY] = offset
                yield doc

    def pipe(self, items: Iterable[Item]) -> Iterator[tuple[list[Entity], list[Relation]]]:
        """Entities and relations of each (text, sections, pages) item, in input order."""
        plan: list = []
        pending: list[Doc] = []
        done = 0
        for doc in self.nlp.pipe(self._docs(items, plan), batch_size=self.batch_size):
            pending.append(doc)
            text, n_chunks, sections, pages = plan[done]
            if len(pending) == n_chunks:
                yield self._merge(text, pending, sections, pages)
                pending = []
                done += 1

    def _merge(self, text: str, docs: list[Doc], sections: list[Section], pages: list[Page] | None
               ) -> tuple[list[Entity], list[Relation]]:
        where = Locator(sections, pages, text)
        by_id: dict[str, list[Entity]] = {}
        relations: dict[str, Relation] = {}
        sentences = 0
        for doc in docs:
            offset = doc.user_data.get(OFFSET_KEY, 0)
            for entity in doc._.memokg_entities or []:
                by_id.setdefault(entity.id, []).append(shift_entity(entity, offset, sentences, where))
            for relation in doc._.memokg_relations or []:
                shifted = shift_relation(relation, offset, where)
                relations.setdefault(shifted.id, shifted)
            sentences += sum(1 for _ in doc.sents) if doc.has_annotation("SENT_START") else 1
        entities = [merge_chunk_entities(parts, self.confidence) for parts in by_id.values()]
        entities.sort(key=lambda e: (e.label, e.id))
        ordered = sorted(relations.values(), key=lambda r: (r.evidence.start, r.type, r.source, r.target, r.id))
        return entities, ordered
