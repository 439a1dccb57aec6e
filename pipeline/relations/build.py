"""Candidates to Relation records: evidence, section role, status, confidence, ids, order, duplicates."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.relations.cues import RelationCues
from pipeline.relations.frames import Candidate
from pipeline.relations.sents import SentenceIndex, paragraph_bounds
from pipeline.relations.status import relation_status
from pipeline.schema import Entity, Evidence, Relation, Section


def section_role(kind: str | None, cues: RelationCues) -> str:
    """'reporting', 'assessment' or 'other' for a section kind."""
    if not kind:
        return "other"
    normal = kind.strip().lower().replace("-", "_")
    for role in ("reporting", "assessment"):
        roles = cues.section_roles.get(role, frozenset())
        if normal in roles or normal.replace("_", " ") in roles:
            return role
    return "other"


def _section_at(sections: list[Section], offset: int) -> Section | None:
    for section in sections:
        start = section.heading_start if section.heading_start is not None else section.start
        if start <= offset < section.end:
            return section
    return None


def _page(entity: Entity, start: int, end: int) -> int | None:
    pages = sorted(m.page for m in entity.mentions if m.page is not None and start <= m.start < end)
    return pages[0] if pages else None


def within_paragraph(candidate: Candidate, doc: Doc, text: str | None = None) -> bool:
    """False when the parse joined a heading to the next paragraph and an argument sits across the break.

    `text` is `doc.text`, when the caller already has it.
    """
    if candidate.evidence_end is not None:
        return True
    start, end = paragraph_bounds(doc.text if text is None else text, doc[candidate.cue].idx)
    return all(start <= doc[i].idx < end for i in candidate.tokens)


def to_relation(
    candidate: Candidate, doc: Doc, sections: list[Section], cues: RelationCues, sents: SentenceIndex | None = None
) -> Relation:
    """One Relation record from a candidate."""
    cue = doc[candidate.cue]
    sent = cue.sent if sents is None else sents.sent(candidate.cue)
    doc_text = doc.text if sents is None else sents.text
    para_start, para_end = paragraph_bounds(doc_text, cue.idx)
    start = max(sent.start_char, para_start)
    end = max(min(sent.end_char, para_end), candidate.evidence_end or 0)
    evidence = _evidence(doc_text, start, end, sections, cues, (candidate.source, candidate.target))
    status, _word = relation_status(cue, cues, sent.text)
    confidence = cues.measured_confidence.get(f"{candidate.type} {candidate.method}") or cues.confidence.get(
        candidate.method, cues.confidence["default"])
    if status == "alleged":
        confidence -= cues.confidence["alleged_penalty"]
    start, end = evidence.start, evidence.end
    rel_type = candidate.type
    support = _support(candidate, doc, sections, cues, doc_text, (start, end), sents)
    return Relation(
        id=f"rel:{rel_type.lower()}:{candidate.source.id}:{candidate.target.id}:{start}",
        type=rel_type,
        source=candidate.source.id,
        target=candidate.target.id,
        capability=candidate.capability if rel_type != "PROVIDES" else None,
        status=status,
        confidence=round(max(0.0, min(1.0, confidence)), 2),
        cue=None if candidate.method in {"registry", "description"} else cue.lemma_.lower(),
        method=candidate.method,
        evidence=evidence,
        support=support,
    )


def _evidence(text: str, start: int, end: int, sections: list[Section], cues: RelationCues,
              entities: tuple[Entity, ...]) -> Evidence:
    """Evidence of the text between two offsets, trimmed of surrounding space, with its section, role and the
    page of the first of the entities mentioned in it."""
    raw = text[start:end]
    start += len(raw) - len(raw.lstrip())
    sentence = raw.strip()
    end = start + len(sentence)
    section = _section_at(sections, start)
    return Evidence(
        sentence=sentence, start=start, end=end,
        section=section.name if section else None, section_kind=section.kind if section else None,
        role=section_role(section.kind if section else None, cues),  # type: ignore[arg-type]
        page=next((page for entity in entities if (page := _page(entity, start, end))), None),
    )


def _support(candidate: Candidate, doc: Doc, sections: list[Section], cues: RelationCues, text: str,
             span: tuple[int, int], sents: SentenceIndex | None = None) -> list[Evidence]:
    """The sentences naming an argument the evidence sentence does not name (its nearest mention, the one before
    the evidence first: the antecedent of 'the company' or the sentence a product's maker is named in)."""
    start, end = span
    found: dict[int, Evidence] = {}
    for entity in (candidate.source, candidate.target):
        mentions = sorted((m.start, m.end) for m in entity.mentions)
        if not mentions or any(start <= m_start and m_end <= end for m_start, m_end in mentions):
            continue
        before = [m for m in mentions if m[1] <= start]
        m_start, m_end = before[-1] if before else next((m for m in mentions if m[0] >= end), mentions[0])
        where = doc.char_span(m_start, m_end, alignment_mode="expand")
        if where is None or not len(where):
            continue
        sent = where[0].sent if sents is None else sents.sent(where.start)
        para_start, para_end = paragraph_bounds(text, m_start)
        evidence = _evidence(text, max(sent.start_char, para_start), min(sent.end_char, para_end), sections, cues,
                             (entity,))
        found.setdefault(evidence.start, evidence)
    return [found[k] for k in sorted(found)]


def finalise(relations: list[Relation]) -> list[Relation]:
    """Drop duplicates within one evidence sentence (keep the most confident) and sort."""
    best: dict[str, Relation] = {}
    for relation in relations:
        kept = best.get(relation.id)
        if kept is None or relation.confidence > kept.confidence:
            best[relation.id] = relation
    return sorted(best.values(), key=lambda r: (r.evidence.start, r.type, r.source, r.target, r.id))
