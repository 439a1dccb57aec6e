"""Record types of memokg: the one place that defines what the pipeline writes.

Every JSON file memokg produces is built from these models (``to_json``), and
the JSON Schema committed under ``schema/`` is generated from ``MemoRecord``.
Offsets are character offsets into the normalised memo text, end-exclusive.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

SCHEMA_VERSION = "1.0"

EntityLabel = Literal["ORG", "COUNTRY", "TECHNOLOGY", "PERSON"]
RelationType = Literal["SUPPLIES", "PROVIDES", "BASED_IN", "DEPLOYS"]
RelationStatus = Literal["reported", "alleged", "denied", "halted", "planned"]
SourceFormat = Literal["text", "markdown", "pdf"]


class Record(BaseModel):
    """Base of every record: strict fields, stable field order."""

    model_config = ConfigDict(extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict, fields in declaration order."""
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = 2) -> str:
        """Deterministic JSON text (UTF-8, no ASCII escaping)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


class Page(Record):
    """One PDF page (or the whole text for a text file) as a span of the memo text."""

    number: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class SourceInfo(Record):
    """Facts about the input file."""

    path: str
    name: str
    sha256: str
    format: SourceFormat
    pages: int | None = None
    encoding: str | None = None
    size: int = 0
    reader: str | None = Field(default=None, description="what read a PDF's text if not pdfplumber: pdfium, tesseract")
    ocr_pages: list[int] | None = Field(default=None, description="PDF pages whose text comes from OCR")

    @model_serializer(mode="wrap")
    def _omit_unset_extras(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Text memos have no reader and no OCR'd pages; leaving the keys out keeps their records as before.
        data = handler(self)
        for key in ("reader", "ocr_pages"):
            if data.get(key) is None:
                data.pop(key, None)
        return data


class IngestedDocument(Record):
    """What ingest hands to segmentation: clean text, its pages and file facts."""

    text: str
    pages: list[Page] = Field(default_factory=list)
    source: SourceInfo
    warnings: list[str] = Field(default_factory=list)
    running: list[str] = Field(default_factory=list, description="running header/footer lines removed from the text")


class MemoMetadata(Record):
    """Header facts of a memo; every field optional because real memos vary."""

    issuer: str | None = None
    title: str | None = None
    reference: str | None = None
    date: str | None = Field(default=None, description="ISO 8601 date (YYYY-MM-DD)")
    date_raw: str | None = None
    version: str | None = None
    keywords: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    marking: str | None = Field(default=None, description="TLP or classification marking")


class SectionItem(Record):
    """One bullet of a list section such as Key Points."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Section(Record):
    """A body section: heading as written, normalised kind, and its span (heading excluded)."""

    name: str
    kind: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    heading_start: int | None = None
    items: list[SectionItem] = Field(default_factory=list)


class Segmentation(Record):
    """Result of segmenting a memo text."""

    metadata: MemoMetadata
    sections: list[Section] = Field(default_factory=list)
    fields: tuple[int, int] | None = Field(
        default=None, description="span of the labelled header lines (Reference, Keywords, Sources...): metadata only"
    )


class Mention(Record):
    """One occurrence of an entity in the memo text."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    section: str | None = None
    sentence: int | None = Field(default=None, description="index of the sentence in the memo")
    page: int | None = None


class Entity(Record):
    """A normalised entity of one memo with all its mentions."""

    id: str
    label: EntityLabel
    name: str
    aliases: list[str] = Field(default_factory=list)
    iso3: str | None = None
    category: str | None = None
    country: str | None = Field(default=None, description="home country ISO3 for known organisations")
    mentions: list[Mention] = Field(default_factory=list)
    methods: list[str] = Field(default_factory=list, description="model, ruler, pattern, acronym, place, demonym ...")
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class Evidence(Record):
    """The sentence that supports a relation."""

    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    section: str | None = None
    section_kind: str | None = None
    role: Literal["reporting", "assessment", "other"] = "other"
    page: int | None = None


class Relation(Record):
    """A typed, evidenced relation between two entities of one memo."""

    id: str
    type: RelationType
    source: str
    target: str
    capability: str | None = Field(default=None, description="technology entity id named in the sentence")
    status: RelationStatus = "reported"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    cue: str | None = None
    method: str | None = None
    evidence: Evidence
    support: list[Evidence] = Field(
        default_factory=list,
        description="further sentences the relation rests on, in text order: where a vendor or customer that the "
                    "evidence sentence only refers to ('the company', 'it', a product, a list's lead) is named",
    )


class PipelineInfo(Record):
    """Versions that produced a record, so stale records can be detected."""

    memokg: str
    model: str | None = None
    model_version: str | None = None
    models_digest: str | None = None


class MemoRecord(Record):
    """Everything memokg knows about one memo."""

    schema_version: str = SCHEMA_VERSION
    id: str
    source: SourceInfo
    metadata: MemoMetadata
    text: str
    pages: list[Page] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    pipeline: PipelineInfo | None = None


class FileError(Record):
    """One failed input file, as written to errors.jsonl."""

    path: str
    reason: str
    message: str
    stage: str | None = None


class LabelScore(Record):
    """Precision, recall and F1 of one label over a set of documents (document level, micro-averaged)."""

    label: str
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    predicted: int = 0
    gold: int = 0
    correct_predicted: int = 0
    found_gold: int = 0


class DocumentScore(Record):
    """What one document's prediction missed and got wrong, per label."""

    document: str
    has_output: bool = True
    missed: dict[str, list[str]] = Field(default_factory=dict)
    spurious: dict[str, list[str]] = Field(default_factory=dict)


class EvaluationReport(Record):
    """Result of `memokg eval`: scores per label and per-document errors."""

    gold_dir: str
    pred_dir: str
    documents: int = 0
    missing_outputs: list[str] = Field(default_factory=list)
    scores: list[LabelScore] = Field(default_factory=list)
    per_document: list[DocumentScore] = Field(default_factory=list)


class SuiteCase(Record):
    """One case of a behavioural relation suite: an invented text, its cause and kind, and its gold relations."""

    id: str
    cause: str
    kind: Literal["MFT", "INV", "DIR"]
    text: str
    supplies: list[list[str]] = Field(default_factory=list, description="[vendor as written, ISO3] pairs")
    provides: list[list[str]] = Field(default_factory=list, description="[vendor, technology as written] pairs")
    optional_supplies: list[list[str]] = Field(default_factory=list)
    optional_provides: list[list[str]] = Field(default_factory=list)
    statuses: dict[str, str] = Field(default_factory=dict, description="'vendor|ISO3' -> status other than reported")
    group: str | None = Field(default=None, description="invariance group: name-swapped variants of one text")
    note: str = ""


class SuiteScore(Record):
    """Scores of one slice of a suite (a cause, a kind, or all cases)."""

    slice: str
    cases: int = 0
    passed: int = Field(default=0, description="cases with every gold relation found and none spurious")
    supplies: LabelScore
    provides: LabelScore


class SuiteReport(Record):
    """Result of `memokg eval --suite`: scores per cause and per kind, statuses and invariance."""

    suite: str
    cases: int = 0
    by_cause: list[SuiteScore] = Field(default_factory=list)
    by_kind: list[SuiteScore] = Field(default_factory=list)
    total: SuiteScore | None = None
    statuses_expected: int = 0
    statuses_correct: int = 0
    invariance_groups: int = 0
    invariance_consistent: int = 0
    failures: dict[str, list[str]] = Field(default_factory=dict, description="case id -> what went wrong")


class RunSummary(Record):
    """What a batch run did, as written to run.json (the run's versions first, its outputs last)."""

    memokg: str = ""
    schema_version: str = SCHEMA_VERSION
    model: str | None = None
    models: str | None = None
    jobs: int = 1
    inputs: int = 0
    processed: int = 0
    reused: int = 0
    new: int = 0  # inputs the store did not hold
    changed: int = 0  # inputs whose bytes or pipeline changed (or all, with --force)
    unchanged: int = 0  # inputs reused from the store
    removed: int = 0  # memos dropped by --prune (their input files are gone)
    kept: int = 0  # records of earlier runs whose inputs this run did not name
    failed: int = 0
    records: int = 0
    entities: int = 0
    relations: int = 0
    skipped: int = Field(default=0, description="hidden entries and folder READMEs left out of folder walks")
    unsupported: int = Field(default=0, description="files met in folders that are no text, Markdown or PDF memo")
    errors_by_reason: dict[str, int] = Field(default_factory=dict)
    export_errors: list[str] = Field(default_factory=list)
    limits: dict[str, Any] = Field(default_factory=dict, description="the limits files were processed under")
    resources: dict[str, float] = Field(default_factory=dict, description="peak memory (MiB) and worker counts")
    timings: dict[str, float] = Field(default_factory=dict)
    outputs: dict[str, str] = Field(default_factory=dict)


def memo_record_json_schema() -> dict[str, Any]:
    """JSON Schema of MemoRecord, generated from the models above."""
    schema = MemoRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"memokg-memo-record-{SCHEMA_VERSION}"
    return schema
