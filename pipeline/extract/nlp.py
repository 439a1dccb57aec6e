"""Entity and relation extraction: one spaCy pipeline, run over memo texts in batches.

`build_nlp` puts memokg's components after the statistical model and the
relation component last. `Extractor` puts the sections on each Doc, splits
texts longer than the chunk size at paragraph or sentence boundaries, and
merges the chunks back with offsets, sentence indexes and pages made right for
the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from pipeline.entities import COMPONENT_NAMES, STRUCTURE_NAME
from pipeline.entities.resolver import CONFIDENCE
from pipeline.errors import ExtractError
from pipeline.extract.model import load_model
from pipeline.knowledge.files import models_dir as resolve_models_dir
from pipeline.relations import component as relate  # noqa: F401  (registers the memokg_relations factory)
from pipeline.schema import Entity, Mention, Page, Relation, Section

CHUNK_CHARS = 100_000
# A line break inside a wrapped paragraph (PDF text): the next line is no bullet, heading or blank line.
WRAPPED_BREAK = re.compile(r"\n(?=[^\n\s\-\u2022*])(?!\d{1,2}[.)]\s)")
FOOTNOTE_INFIX = r"(?<=[A-Za-z]{2})\.(?=[0-9]{1,3}(?![0-9.]))"
_CLOSERS = "[),.;:\u201d\u2019\"]"
FOOTNOTE_SUFFIX = rf"(?:(?<=[A-Za-z]{_CLOSERS})|(?<=[A-Za-z]{_CLOSERS}{_CLOSERS}))[0-9]{{1,3}}$"
Item = tuple[str, list[Section], list[Page] | None]


def build_nlp(model: str | None = None, models: Path | str | None = None) -> Language:
    """The statistical model (memokg's sentence marker before its parser), then the entity and relation components."""
    folder = None if models is None else str(resolve_models_dir(models).resolve())
    nlp = load_model(model)
    # Footnote numbers glued to a word ("Hacking Team.1", "Injector),63") would hide the name from every matcher.
    infixes = [*nlp.Defaults.infixes, FOOTNOTE_INFIX]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = [*nlp.Defaults.suffixes, FOOTNOTE_SUFFIX]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    # Sentence starts set before the parser are kept by it: sentences then never cross headings or items.
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(STRUCTURE_NAME, before="parser")
    else:
        nlp.add_pipe(STRUCTURE_NAME, first=True)
    for name in COMPONENT_NAMES:
        nlp.add_pipe(name, config={"models_dir": folder})
    nlp.add_pipe("memokg_relations", config={"models_dir": folder})
    return nlp


def _title_line(text: str, start: int) -> bool:
    """Whether the line starting at `start` is a short title-case line (a heading, not a continuation)."""
    end = text.find("\n", start)
    words = text[start:end if end >= 0 else len(text)].split()
    content = [w for w in words if len(w) > 3]
    heading = all(w[:1].isupper() for w in content) and not any(w.endswith((".", ",")) for w in words)
    return 0 < len(words) <= 12 and heading


def unwrap_lines(text: str) -> str:
    """The text with wrapped-paragraph line breaks as spaces (same length, so offsets do not move).

    A break counts as a wrap when the line before it is nearly as long as the text's long lines, as in
    PDF text; texts whose paragraphs are single long lines keep every break.
    """
    lengths = sorted(len(line) for line in text.split("\n"))
    if len(lengths) < 5:
        return text
    full = max(40, int(0.7 * lengths[int(0.9 * (len(lengths) - 1))]))
    chars = list(text)
    for match in WRAPPED_BREAK.finditer(text):
        at = match.start()
        line_start = text.rfind("\n", 0, at) + 1
        # A line that ends a sentence may well be followed by a heading: keep that break.
        if at - line_start >= full and text[at - 1] not in ".!?:;\"\u201d\u2019)" and not _title_line(text, at + 1):
            chars[at] = " "
    return "".join(chars)


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, chunk) pairs covering the text, cut at a paragraph, line, sentence or word boundary."""
    chunks = []
    pos = 0
    while len(text) - pos > limit:
        window = text[pos:pos + limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            found = window.rfind(separator, limit // 2)
            if found > 0:
                cut = found + len(separator)
                break
        if cut <= 0:
            cut = limit
        chunks.append((pos, text[pos:pos + cut]))
        pos += cut
    chunks.append((pos, text[pos:]))
    return chunks


def shift_sections(sections: list[Section], offset: int, length: int) -> list[Section]:
    """The sections that overlap a chunk, in the chunk's own offsets."""
    out = []
    for s in sections:
        if s.end <= offset or s.start >= offset + length:
            continue
        items = [i.model_copy(update={"start": i.start - offset, "end": i.end - offset})
                 for i in s.items if i.start >= offset and i.end <= offset + length]
        heading = s.heading_start - offset if s.heading_start is not None and s.heading_start >= offset else None
        out.append(s.model_copy(update={"start": max(s.start - offset, 0), "end": min(s.end - offset, length),
                                        "heading_start": heading, "items": items}))
    return out


class Locator:
    """Finds the section and page of a character offset in the whole text."""

    def __init__(self, sections: list[Section], pages: list[Page] | None, text: str = "") -> None:
        self.text = text
        self.sections = sections
        self.pages = sorted(pages or [], key=lambda p: p.start)
        self.page_starts = [p.start for p in self.pages]

    def section(self, offset: int) -> str | None:
        """Name of the section holding the offset."""
        return next((s.name for s in self.sections if s.start <= offset < s.end), None)

    def page(self, offset: int) -> int | None:
        """Number of the page holding the offset."""
        index = bisect.bisect_right(self.page_starts, offset) - 1
        if index >= 0 and offset < self.pages[index].end:
            return self.pages[index].number
        return None


def _shift_entity(entity: Entity, offset: int, sentences: int, where: Locator) -> Entity:
    # Mention texts come from the memo text itself (the Doc saw wrapped line breaks as spaces).
    mentions = [m.model_copy(update={"start": m.start + offset, "end": m.end + offset,
                                     "text": where.text[m.start + offset:m.end + offset] or m.text,
                                     "sentence": None if m.sentence is None else m.sentence + sentences,
                                     "section": where.section(m.start + offset), "page": where.page(m.start + offset)})
                for m in entity.mentions]
    return entity.model_copy(update={"mentions": mentions})


def _shift_relation(relation: Relation, offset: int, where: Locator) -> Relation:
    ev = relation.evidence
    start, end = ev.start + offset, ev.end + offset
    rel_id = relation.id
    if offset and rel_id.endswith(f":{ev.start}"):
        rel_id = rel_id[: -len(str(ev.start))] + str(start)
    sentence = where.text[start:end] or ev.sentence
    evidence = ev.model_copy(update={"start": start, "end": end, "page": where.page(start), "sentence": sentence})
    return relation.model_copy(update={"id": rel_id, "evidence": evidence})


def merge_entities(parts: list[Entity]) -> Entity:
    """One entity from the same id found in several chunks."""
    first = parts[0]
    mentions: dict[tuple[int, int], Mention] = {}
    for part in parts:
        for m in part.mentions:
            mentions.setdefault((m.start, m.end), m)
    names = {p.name for p in parts}
    forms = names | {a for p in parts for a in p.aliases}
    name = first.name if len(names) == 1 else max(names, key=lambda n: (len(n), n))
    methods = sorted({m for p in parts for m in p.methods})
    score = max(CONFIDENCE.get(m, 0.6) for m in methods) + (0.05 if len(methods) > 1 else 0.0)
    return first.model_copy(update={
        "name": name, "aliases": sorted(forms - {name}), "methods": methods,
        "mentions": sorted(mentions.values(), key=lambda m: (m.start, m.end)),
        "confidence": round(min(score, 0.99), 2)})


class Extractor:
    """Runs the memokg nlp over memo texts: entities and relations with whole-text offsets."""

    def __init__(self, model: str | None = None, models: Path | str | None = None, batch_size: int = 32) -> None:
        self.nlp = build_nlp(model, models)
        self.batch_size = batch_size
        self.chunk_chars = min(CHUNK_CHARS, self.nlp.max_length - 1)

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
                doc.user_data["memokg_offset"] = offset
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
            offset = doc.user_data.get("memokg_offset", 0)
            for entity in doc._.memokg_entities or []:
                by_id.setdefault(entity.id, []).append(_shift_entity(entity, offset, sentences, where))
            for relation in doc._.memokg_relations or []:
                shifted = _shift_relation(relation, offset, where)
                relations.setdefault(shifted.id, shifted)
            sentences += sum(1 for _ in doc.sents) if doc.has_annotation("SENT_START") else 1
        entities = [merge_entities(parts) for parts in by_id.values()]
        entities.sort(key=lambda e: (e.label, e.id))
        ordered = sorted(relations.values(), key=lambda r: (r.evidence.start, r.type, r.source, r.target, r.id))
        return entities, ordered
