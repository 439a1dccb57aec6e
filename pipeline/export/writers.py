"""Write every export of a knowledge graph into a folder; one entry point, deterministic bytes.

Layout under out_dir: graph.graphml, graph.gexf, graph.json (node-link), graph.cyjs (Cytoscape),
neo4j/nodes.csv + neo4j/relationships.csv, tables/{entities,mentions,relations}.{csv,parquet}.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from pipeline.export.graphfiles import write_cytoscape, write_gexf, write_graphml, write_node_link
from pipeline.export.neo4j import write_neo4j
from pipeline.export.tables import write_tables
from pipeline.files import ExportError
from pipeline.schema import MemoRecord

FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "cyjs", "neo4j", "csv", "parquet")
# Other spellings users type for the same export.
_ALIASES = {
    "node-link": "json", "nodelink": "json", "cytoscape": "cyjs", "tables": "csv+parquet", "all": "+".join(FORMATS),
}

__all__ = ["FORMATS", "ExportError", "resolve_formats", "write_exports"]


def resolve_formats(formats: Sequence[str] | None) -> list[str]:
    """Canonical export names in FORMATS order; None or empty means all. Accepts comma lists and aliases."""
    if not formats:
        return list(FORMATS)
    wanted: set[str] = set()
    for item in formats:
        for part in str(item).split(","):
            name = part.strip().lower()
            if not name:
                continue
            expanded = _ALIASES.get(name, name).split("+")
            unknown = [x for x in expanded if x not in FORMATS]
            if unknown:
                raise ExportError("unknown_format", f"unknown export format {part.strip()!r}; "
                                  f"choose from {', '.join(FORMATS)} (or tables, all)")
            wanted.update(expanded)
    if not wanted:
        raise ExportError("unknown_format", "no export format given")
    return [name for name in FORMATS if name in wanted]


def write_exports(graph: nx.MultiDiGraph, records: list[MemoRecord], out_dir: Path,
                  formats: Sequence[str] | None = None) -> dict[str, Path]:
    """Write the chosen exports (default all) under out_dir; returns export name -> path written."""
    chosen = resolve_formats(formats)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError("export_failed", "output path exists and is not a folder", str(out_dir))
    written: dict[str, Path] = {}
    if "graphml" in chosen:
        written["graphml"] = write_graphml(graph, out_dir / "graph.graphml")
    if "gexf" in chosen:
        written["gexf"] = write_gexf(graph, out_dir / "graph.gexf")
    if "json" in chosen:
        written["node_link"] = write_node_link(graph, out_dir / "graph.json")
    if "cyjs" in chosen:
        written["cytoscape"] = write_cytoscape(graph, out_dir / "graph.cyjs")
    if "neo4j" in chosen:
        written.update(write_neo4j(graph, out_dir / "neo4j"))
    if "csv" in chosen or "parquet" in chosen:
        written.update(write_tables(graph, records, out_dir / "tables", csv="csv" in chosen,
                                    parquet="parquet" in chosen))
    return dict(sorted(written.items()))
