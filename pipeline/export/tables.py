"""Flat tables with pandas: entities (one row per entity per memo), mentions and relations, as CSV and Parquet.

Every column has a fixed dtype so the CSV and the Parquet file hold the same content; missing text is "",
missing page or sentence numbers are null (nullable Int64).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from pipeline.export.graphfiles import LIST_SEPARATOR
from pipeline.files import write_atomic
from pipeline.schema import MemoRecord

S, INT, N, F = "str", "int64", "Int64", "float64"
ENTITY_COLUMNS = {
    "memo_id": S, "entity_id": S, "label": S, "name": S, "canonical_name": S, "aliases": S, "iso3": S,
    "category": S, "country": S, "mention_count": INT, "confidence": F, "methods": S,
}
MENTION_COLUMNS = {
    "memo_id": S, "entity_id": S, "label": S, "text": S, "start": INT, "end": INT, "section": S,
    "sentence": N, "page": N,
}
RELATION_COLUMNS = {
    "memo_id": S, "relation_id": S, "type": S, "source": S, "source_name": S, "target": S, "target_name": S,
    "capability": S, "capability_name": S, "status": S, "confidence": F, "cue": S, "method": S, "section": S,
    "section_kind": S, "role": S, "sentence": S, "start": INT, "end": INT, "page": N, "date": S, "reference": S,
}
TABLES = {"entities": ENTITY_COLUMNS, "mentions": MENTION_COLUMNS, "relations": RELATION_COLUMNS}


def _frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """DataFrame with exactly these columns and dtypes (also when there are no rows)."""
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(columns)


def _names(graph: nx.MultiDiGraph, records: list[MemoRecord]) -> dict[str, str]:
    """Canonical name of every entity id: the graph's, else the name a memo gave it."""
    names = {entity.id: entity.name for record in records for entity in record.entities}
    names.update({node: data.get("name", node) for node, data in graph.nodes(data=True)})
    return names


def entity_rows(records: list[MemoRecord], names: dict[str, str]) -> list[dict[str, Any]]:
    """One row per entity per memo."""
    rows = []
    for record in records:
        for entity in sorted(record.entities, key=lambda e: e.id):
            rows.append({
                "memo_id": record.id, "entity_id": entity.id, "label": entity.label, "name": entity.name,
                "canonical_name": names.get(entity.id, entity.name), "aliases": LIST_SEPARATOR.join(entity.aliases),
                "iso3": entity.iso3 or "", "category": entity.category or "", "country": entity.country or "",
                "mention_count": len(entity.mentions), "confidence": entity.confidence,
                "methods": LIST_SEPARATOR.join(entity.methods),
            })
    return rows


def mention_rows(records: list[MemoRecord]) -> list[dict[str, Any]]:
    """One row per mention, in text order within each memo."""
    rows = []
    for record in records:
        memo_rows = [
            {"memo_id": record.id, "entity_id": entity.id, "label": entity.label, "text": mention.text,
             "start": mention.start, "end": mention.end, "section": mention.section or "",
             "sentence": mention.sentence, "page": mention.page}
            for entity in record.entities for mention in entity.mentions
        ]
        rows += sorted(memo_rows, key=lambda r: (r["start"], r["end"], r["entity_id"], r["text"]))
    return rows


def relation_rows(records: list[MemoRecord], names: dict[str, str]) -> list[dict[str, Any]]:
    """One row per relation of each memo, with its evidence and the memo's date."""
    rows = []
    for record in records:
        for rel in sorted(record.relations, key=lambda r: (r.evidence.start, r.id)):
            ev = rel.evidence
            rows.append({
                "memo_id": record.id, "relation_id": rel.id, "type": rel.type,
                "source": rel.source, "source_name": names.get(rel.source, rel.source),
                "target": rel.target, "target_name": names.get(rel.target, rel.target),
                "capability": rel.capability or "",
                "capability_name": names.get(rel.capability, rel.capability) if rel.capability else "",
                "status": rel.status, "confidence": rel.confidence, "cue": rel.cue or "", "method": rel.method or "",
                "section": ev.section or "", "section_kind": ev.section_kind or "", "role": ev.role,
                "sentence": ev.sentence, "start": ev.start, "end": ev.end, "page": ev.page,
                "date": record.metadata.date or "", "reference": record.metadata.reference or "",
            })
    return rows


def build_tables(graph: nx.MultiDiGraph, records: list[MemoRecord]) -> dict[str, pd.DataFrame]:
    """The three tables, rows sorted by memo id then position."""
    records = sorted(records, key=lambda record: record.id)
    names = _names(graph, records)
    return {
        "entities": _frame(entity_rows(records, names), ENTITY_COLUMNS),
        "mentions": _frame(mention_rows(records), MENTION_COLUMNS),
        "relations": _frame(relation_rows(records, names), RELATION_COLUMNS),
    }


def write_tables(graph: nx.MultiDiGraph, records: list[MemoRecord], folder: Path,
                 csv: bool = True, parquet: bool = True) -> dict[str, Path]:
    """Write folder/<table>.csv and/or folder/<table>.parquet for each table."""
    written: dict[str, Path] = {}
    for name, frame in build_tables(graph, records).items():
        if csv:
            written[f"{name}_csv"] = write_atomic(
                folder / f"{name}.csv",
                lambda tmp, frame=frame: frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n"))
        if parquet:
            written[f"{name}_parquet"] = write_atomic(
                folder / f"{name}.parquet",
                lambda tmp, frame=frame: frame.to_parquet(tmp, index=False, engine="pyarrow"))
    return written


def read_table_csv(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    """Read a table CSV back with its dtypes ("" stays "", empty numbers become null)."""
    nullable = {column: [""] for column, dtype in columns.items() if dtype != S}
    frame = pd.read_csv(path, dtype={c: d for c, d in columns.items() if d == S}, keep_default_na=False,
                        na_values=nullable, encoding="utf-8")
    return frame.astype(columns)
