"""Flat tables with pandas: entities (one row per entity per memo), mentions and relations, as CSV and Parquet.

Every column has a fixed dtype so the CSV and the Parquet file hold the same content; missing text is "",
missing page or sentence numbers are null (nullable Int64).
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import ExportError
from pipeline.export.graphfiles import LIST_SEPARATOR
from pipeline.files import atomic_path
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
    "section_kind": S, "role": S, "sentence": S, "start": INT, "end": INT, "page": N, "support": S, "date": S,
    "reference": S,
}
TABLES = {"entities": ENTITY_COLUMNS, "mentions": MENTION_COLUMNS, "relations": RELATION_COLUMNS}
# Memos per chunk of table rows: the tables of a whole archive never sit in memory at once (200 memos' rows
# as DataFrames peak at about 55 MB of Python objects, 50 memos' at about 15 MB).
CHUNK_RECORDS = 50


def _frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """DataFrame with exactly these columns and dtypes (also when there are no rows)."""
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(columns)


def _names(graph: nx.MultiDiGraph, records: list[MemoRecord]) -> dict[str, str]:
    """Canonical name of every entity id: the graph's, else the name a memo gave it."""
    names = {entity.id: entity.name for record in records for entity in record.entities}
    names.update({node: data.get("name", node) for node, data in graph.nodes(data=True)})
    return names


def entity_rows(records: list[MemoRecord], names: Mapping[str, str]) -> list[dict[str, Any]]:
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


def relation_rows(records: list[MemoRecord], names: Mapping[str, str]) -> list[dict[str, Any]]:
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
                "support": " | ".join(s.sentence for s in rel.support), "date": record.metadata.date or "",
                "reference": record.metadata.reference or "",
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


def _in_id_order(records: Iterable[MemoRecord]) -> Iterator[MemoRecord]:
    """A list is sorted here; a stream (a store's records) must already come in id order, and is checked."""
    if isinstance(records, list | tuple):
        yield from sorted(records, key=lambda record: record.id)
        return
    last = None
    for record in records:
        if last is not None and record.id <= last:
            raise ExportError("records_out_of_order", f"record {record.id!r} came after {last!r}")
        last = record.id
        yield record


def _chunks(records: Iterable[MemoRecord], size: int) -> Iterator[list[MemoRecord]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _TableFiles:
    """The CSV and/or Parquet file of one table, written chunk by chunk, renamed into place at the end."""

    def __init__(self, stack: ExitStack, folder: Path, name: str, columns: dict[str, str], csv: bool,
                 parquet: bool) -> None:
        self.columns = columns
        self.written: dict[str, Path] = {}
        empty = _frame([], columns)
        self.csv = None
        self.parquet = None
        if csv:
            tmp = stack.enter_context(atomic_path(folder / f"{name}.csv"))
            self.csv = stack.enter_context(tmp.open("w", encoding="utf-8", newline=""))
            empty.to_csv(self.csv, index=False, lineterminator="\n")
            self.written[f"{name}_csv"] = folder / f"{name}.csv"
        if parquet:
            tmp = stack.enter_context(atomic_path(folder / f"{name}.parquet"))
            self.schema = pa.Schema.from_pandas(empty, preserve_index=False)
            self.parquet = pq.ParquetWriter(tmp, self.schema)
            stack.callback(self.parquet.close)
            self.written[f"{name}_parquet"] = folder / f"{name}.parquet"

    def add(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        frame = _frame(rows, self.columns)
        if self.csv is not None:
            frame.to_csv(self.csv, index=False, header=False, lineterminator="\n")
        if self.parquet is not None:
            self.parquet.write_table(pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False))


def write_tables(graph: nx.MultiDiGraph, records: Iterable[MemoRecord], folder: Path,
                 csv: bool = True, parquet: bool = True) -> dict[str, Path]:
    """Write folder/<table>.csv and/or folder/<table>.parquet for each table, CHUNK_RECORDS memos at a time."""
    graph_names = {node: data.get("name", node) for node, data in graph.nodes(data=True)}
    with ExitStack() as stack:
        files = {name: _TableFiles(stack, folder, name, columns, csv, parquet) for name, columns in TABLES.items()}
        for chunk in _chunks(_in_id_order(records), CHUNK_RECORDS):
            names = ChainMap(graph_names, {entity.id: entity.name for record in chunk for entity in record.entities})
            files["entities"].add(entity_rows(chunk, names))
            files["mentions"].add(mention_rows(chunk))
            files["relations"].add(relation_rows(chunk, names))
    return {key: path for table in files.values() for key, path in table.written.items()}


def read_table_csv(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    """Read a table CSV back with its dtypes ("" stays "", empty numbers become null)."""
    nullable = {column: [""] for column, dtype in columns.items() if dtype != S}
    frame = pd.read_csv(path, dtype={c: d for c, d in columns.items() if d == S}, keep_default_na=False,
                        na_values=nullable, encoding="utf-8")
    return frame.astype(columns)
