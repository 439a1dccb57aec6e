"""Neo4j bulk-import CSV (neo4j-admin database import full): nodes.csv and relationships.csv.

Header conventions: `id:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed columns as `name:int`,
arrays as `name:string[]` with the default array delimiter ';'.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from pipeline.files import atomic_path

ARRAY_DELIMITER = ";"
NODE_LABELS = {
    "ORG": "Entity;Organization",
    "COUNTRY": "Entity;Country",
    "TECHNOLOGY": "Entity;Technology",
    "PERSON": "Entity;Person",
    "MEMO": "Memo",
}
NODE_COLUMNS = [
    ("id:ID", None), (":LABEL", None), ("name", "name"), ("type", "type"), ("iso3", "iso3"),
    ("category", "category"), ("country", "country"), ("aliases:string[]", "aliases"),
    ("memos:string[]", "memos"), ("memo_count:int", "memo_count"), ("mention_count:int", "mention_count"),
    ("is_vendor:boolean", "is_vendor"), ("date", "date"), ("reference", "reference"),
]
RELATIONSHIP_COLUMNS = [
    (":START_ID", None), (":END_ID", None), (":TYPE", None), ("weight:int", "weight"),
    ("status", "status"), ("statuses:string[]", "statuses"), ("confidence:float", "confidence"),
    ("capabilities:string[]", "capabilities"), ("capability_names:string[]", "capability_names"),
    ("first_date", "first_date"), ("last_date", "last_date"), ("memos:string[]", "memos"),
    ("evidence_count:int", None), ("evidence_sentence", None), ("evidence", None),
]


def _text(value: str) -> str:
    """One line of text: neo4j-admin reads multi-line fields only with --multiline-fields."""
    return " ".join(str(value).split())


def _cell(header: str, value: Any) -> str:
    """A CSV cell for a typed column; absent values are empty cells (neo4j-admin skips them)."""
    if value is None or value == "":
        return ""
    if header.endswith("[]"):
        # The array delimiter may not appear inside an element.
        return ARRAY_DELIMITER.join(_text(item).replace(ARRAY_DELIMITER, ",") for item in value)
    if header.endswith(":boolean"):
        return "true" if value else "false"
    return _text(value)


def _node_rows(graph: nx.MultiDiGraph) -> Iterator[list[str]]:
    for node, data in graph.nodes(data=True):
        row = [_text(node), NODE_LABELS.get(data.get("type", ""), "Entity")]
        row += [_cell(header, data.get(attr)) for header, attr in NODE_COLUMNS[2:]]
        yield row


def _relationship_rows(graph: nx.MultiDiGraph) -> Iterator[list[str]]:
    for u, v, key, data in graph.edges(keys=True, data=True):
        evidence = data.get("evidence") or []
        row = [_text(u), _text(v), key]
        row += [_cell(header, data.get(attr)) for header, attr in RELATIONSHIP_COLUMNS[3:-3]]
        row += [
            str(len(evidence)),
            _text(evidence[0]["sentence"]) if evidence else "",
            json.dumps(evidence, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if evidence else "",
        ]
        yield row


def _write_csv(handle: TextIO, header: list[str], rows: Iterable[list[str]]) -> None:
    """CSV with minimal quoting and '\\n' line ends, one row at a time."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def nodes_csv(graph: nx.MultiDiGraph) -> str:
    """nodes.csv text: one row per node, labels Entity;<Type> or Memo."""
    buffer = io.StringIO()
    _write_csv(buffer, [header for header, _ in NODE_COLUMNS], _node_rows(graph))
    return buffer.getvalue()


def relationships_csv(graph: nx.MultiDiGraph) -> str:
    """relationships.csv text: one row per aggregated edge; evidence as a count, first sentence and JSON."""
    buffer = io.StringIO()
    _write_csv(buffer, [header for header, _ in RELATIONSHIP_COLUMNS], _relationship_rows(graph))
    return buffer.getvalue()


def write_neo4j(graph: nx.MultiDiGraph, folder: Path) -> dict[str, Path]:
    """Write folder/nodes.csv and folder/relationships.csv, streaming the rows to the files."""
    files = {
        "neo4j_nodes": (folder / "nodes.csv", NODE_COLUMNS, _node_rows(graph)),
        "neo4j_relationships": (folder / "relationships.csv", RELATIONSHIP_COLUMNS, _relationship_rows(graph)),
    }
    for path, columns, rows in files.values():
        with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
            _write_csv(handle, [header for header, _ in columns], rows)
    return {name: path for name, (path, _, _) in files.items()}
