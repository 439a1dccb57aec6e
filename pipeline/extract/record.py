"""Assemble one memo record from the outputs of the stages, and give it its id."""

from __future__ import annotations

import re

from pipeline.extract.model import model_package_name
from pipeline.schema import (
    Entity,
    IngestedDocument,
    MemoRecord,
    PipelineInfo,
    Relation,
    Segmentation,
)
from pipeline.version import __version__

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def memo_id(reference: str | None, sha256: str) -> str:
    """The memo reference made safe for a file name, else 'memo-' and a content-hash prefix."""
    if reference:
        cleaned = _UNSAFE_ID_CHARS.sub("-", reference.strip()).strip("-.")
        if cleaned:
            return cleaned[:80]
    return f"memo-{sha256[:12]}"


def pipeline_info(model_meta: dict[str, str], models_digest: str | None) -> PipelineInfo:
    """Versions of everything that shaped a record (from the spaCy model's meta and the models/ digest)."""
    name = model_package_name(model_meta)
    return PipelineInfo(
        memokg=__version__, model=name, model_version=model_meta.get("version"), models_digest=models_digest
    )


def without_fields(relations: list[Relation], fields: tuple[int, int] | None) -> list[Relation]:
    """Relations minus those resting on the header's labelled lines (as evidence or support): a Keywords or
    Sources list names what a memo is about, it states no sale."""
    if fields is None:
        return relations
    start, end = fields
    return [r for r in relations if all(e.end <= start or e.start >= end for e in (r.evidence, *r.support))]


def build_record(
    document: IngestedDocument,
    segmentation: Segmentation,
    entities: list[Entity],
    relations: list[Relation],
    info: PipelineInfo | None = None,
) -> MemoRecord:
    """One MemoRecord from ingest, segmentation and extraction results."""
    return MemoRecord(
        id=memo_id(segmentation.metadata.reference, document.source.sha256),
        source=document.source,
        metadata=segmentation.metadata,
        text=document.text,
        pages=document.pages,
        sections=segmentation.sections,
        entities=entities,
        relations=without_fields(relations, segmentation.fields),
        warnings=document.warnings,
        pipeline=info,
    )
