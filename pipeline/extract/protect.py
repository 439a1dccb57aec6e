"""Rewrite one memo record without its people: names replaced in the text and every field, offsets recomputed.

PERSON entities leave the record (redaction) or become one pseudonymous entity per person whose
mentions are the replacement strings (pseudonymisation). Other entities keep their mentions at the
new offsets, minus any mention that was a person's name; relations to a removed entity go too.
A last check walks every string of the result and refuses the record if a name is still there.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.errors import ExtractError
from pipeline.extract.people import NameRules, People, find_people
from pipeline.extract.privacy import Privacy
from pipeline.extract.record import memo_id
from pipeline.extract.splice import Splice
from pipeline.knowledge import Knowledge, gazetteer_of
from pipeline.schema import Entity, Evidence, MemoRecord, Mention, Relation, Section, SectionItem
from pipeline.text import slugify

_RELATION_ID = re.compile(r"^rel:([a-z_]+):(.+):(\d+)$")
_ID_FIELDS = {"id", "source", "target", "capability"}


class _Rewriter:
    """The record's text spliced once, and the rules that carry every field over to it."""

    def __init__(self, record: MemoRecord, people: People, privacy: Privacy) -> None:
        self.record, self.people, self.privacy = record, people, privacy
        self.splice = Splice(record.text, people.spans(record.text), privacy.replacement)
        slugs = {slugify(form): key for form, key in people.forms.items() if len(slugify(form)) >= 3}
        self.slugs = sorted(slugs.items(), key=lambda item: (-len(item[0]), item[0]))
        self.ids: dict[str, str | None] = {}

    def scrub(self, text: str | None) -> str | None:
        """Any other text of the record with the names replaced."""
        if not text:
            return text
        return Splice(text, self.people.spans(text), self.privacy.replacement).text

    def same_slice(self, text: str, start: int, end: int) -> str:
        """A field that copies the memo text takes the new slice; anything else is scrubbed."""
        if self.record.text[start:end] == text:
            return self.splice.text[self.splice.start(start):self.splice.end(end)]
        return self.scrub(text) or ""

    def entity_id(self, old: str) -> str:
        new = old
        for slug, key in self.slugs:
            new = re.sub(rf"(?<=[:-]){re.escape(slug)}(?=$|[-:])", self.privacy.id_part(key), new)
        return new

    def section_at(self, offset: int) -> str | None:
        inside = [s for s in self.record.sections if (s.heading_start or s.start) <= offset < s.end]
        return self.scrub(inside[-1].name) if inside else None

    def page_at(self, offset: int) -> int | None:
        return next((p.number for p in self.record.pages if p.start <= offset < p.end), None)

    def sections(self) -> list[Section]:
        sp = self.splice
        return [
            Section(name=self.scrub(s.name) or "", kind=s.kind, start=sp.start(s.start), end=sp.end(s.end),
                    heading_start=None if s.heading_start is None else sp.start(s.heading_start),
                    items=[SectionItem(text=self.same_slice(i.text, i.start, i.end), start=sp.start(i.start),
                                       end=sp.end(i.end)) for i in s.items])
            for s in self.record.sections
        ]

    def mention(self, m: Mention) -> Mention | None:
        sp = self.splice
        if sp.covered(m.start, m.end):
            return None  # the mention was a person's name the model typed as something else
        start, end = sp.start(m.start), sp.end(m.end)
        return m.model_copy(update={"text": sp.text[start:end], "start": start, "end": end,
                                    "section": self.scrub(m.section)})

    def others(self) -> list[Entity]:
        """Entities that are not people, at the new offsets, with names scrubbed and ids free of names."""
        kept, used = [], set()
        for entity in self.record.entities:
            if entity.id in self.people.person_ids or entity.id in self.people.structural:
                self.ids[entity.id] = None
                continue
            mentions = [m for m in (self.mention(m) for m in entity.mentions) if m is not None]
            if entity.mentions and not mentions:
                self.ids[entity.id] = None
                continue
            new_id, n = self.entity_id(entity.id), 1
            while new_id in used:  # two names became one id: keep them apart
                n += 1
                new_id = f"{self.entity_id(entity.id)}-{n}"
            used.add(new_id)
            self.ids[entity.id] = new_id
            kept.append(entity.model_copy(update={
                "id": new_id, "name": self.scrub(entity.name) or "",
                "aliases": sorted({self.scrub(a) or "" for a in entity.aliases} - {""}), "mentions": mentions}))
        return kept

    def pseudonyms(self) -> list[Entity]:
        """One PERSON entity per pseudonymised person, its mentions being the replacements in the new text."""
        by_key: dict[str, list[Mention]] = {}
        old_mentions = [m for e in self.record.entities if e.id in self.people.person_ids for m in e.mentions]
        for (old_start, old_end), (start, end), key in zip(self.splice.old, self.splice.new, self.splice.keys,
                                                           strict=True):
            tagged = next((m for m in old_mentions if m.start < old_end and old_start < m.end), None)
            by_key.setdefault(key, []).append(Mention(
                text=self.splice.text[start:end], start=start, end=end, section=self.section_at(old_start),
                sentence=tagged.sentence if tagged else None, page=self.page_at(old_start)))
        return [
            Entity(id=f"person:{self.privacy.token(key)}", label="PERSON", name=self.privacy.replacement(key),
                   mentions=mentions, methods=["pseudonym"])
            for key, mentions in sorted(by_key.items(), key=lambda item: self.privacy.token(item[0]))
        ]

    def relation(self, rel: Relation) -> Relation | None:
        source, target = self.ids.get(rel.source, rel.source), self.ids.get(rel.target, rel.target)
        if source is None or target is None:
            return None
        capability = self.ids.get(rel.capability, rel.capability) if rel.capability else None
        evidence = self.evidence(rel.evidence)
        match = _RELATION_ID.match(rel.id)
        new_id = f"rel:{match.group(1)}:{source}:{target}:{evidence.start}" if match else self.entity_id(rel.id)
        return rel.model_copy(update={"id": new_id, "source": source, "target": target, "capability": capability,
                                      "evidence": evidence, "support": [self.evidence(s) for s in rel.support]})

    def evidence(self, ev: Evidence) -> Evidence:
        sp = self.splice
        return Evidence(sentence=self.same_slice(ev.sentence, ev.start, ev.end), start=sp.start(ev.start),
                        end=sp.end(ev.end), section=self.scrub(ev.section), section_kind=ev.section_kind,
                        role=ev.role, page=ev.page)


def _strings(value: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string inside a dumped record, with where it is."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _strings(item, f"{path}[{i}]")]
    return []


def _check(record: MemoRecord, people: People, slugs: list[str]) -> None:
    """Refuse the record if any field still names a person (a field this module does not know yet)."""
    dumped = record.to_dict()
    dumped.pop("source")  # the input file's path and hash: not memo content, kept to find the file again
    for where, text in _strings(dumped):
        is_id = where.rsplit(".", 1)[-1] in _ID_FIELDS
        if people.spans(text) or is_id and any(re.search(rf"(?<=[:-]){re.escape(s)}(?=$|[-:])", text) for s in slugs):
            raise ExtractError("privacy_incomplete", f"a person's name is left in {where.lstrip('.')}; "
                               "the record was not written", record.source.path)


def name_rules(knowledge: Knowledge) -> NameRules:
    """The word lists that tell names from other words, from the knowledge's entity rules."""
    gazetteer = gazetteer_of(knowledge)
    org_words = frozenset().union(*(gazetteer.words(key) for key in (
        "org_suffix_words", "generic_org_heads", "legal_forms", "not_persons")))
    return NameRules(gazetteer.words("person_titles"), gazetteer.words("person_honorifics"), org_words)


def protect(record: MemoRecord, privacy: Privacy, rules: NameRules | None = None) -> MemoRecord:
    """The record with every person's name redacted or pseudonymised, offsets recomputed."""
    people = find_people(record, rules or NameRules())
    if not people.forms and not people.structural:
        return record
    rw = _Rewriter(record, people, privacy)
    sp = rw.splice
    entities = rw.others()
    if privacy.mode == "pseudonymise":
        entities += rw.pseudonyms()
    relations = [r for r in (rw.relation(rel) for rel in record.relations) if r is not None]
    meta = record.metadata
    metadata = meta.model_copy(update={
        key: rw.scrub(getattr(meta, key)) for key in ("issuer", "title", "reference", "date_raw", "version", "marking")
    } | {"keywords": [rw.scrub(k) or "" for k in meta.keywords], "sources": [rw.scrub(s) or "" for s in meta.sources]})
    result = record.model_copy(update={
        "id": memo_id(metadata.reference, record.source.sha256) if metadata.reference != meta.reference else record.id,
        "metadata": metadata, "text": sp.text,
        "pages": [p.model_copy(update={"start": sp.start(p.start), "end": sp.end(p.end)}) for p in record.pages],
        "sections": rw.sections(), "entities": entities, "relations": relations,
        "warnings": [rw.scrub(w) or "" for w in record.warnings],
    })
    _check(result, people, [slug for slug, _ in rw.slugs])
    return result
