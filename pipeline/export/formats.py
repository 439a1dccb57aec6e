"""The export formats as one table (name -> file writer) and the function that writes the chosen ones.

Layout under out_dir: graph.graphml, graph.gexf, graph.json (node-link), graph.cyjs (Cytoscape),
neo4j/nodes.csv + neo4j/relationships.csv, tables/{entities,mentions,relations}.{csv,parquet}.
To add a format, write its writer in a module of this package and add one row to `WRITERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import networkx as nx

from pipeline.errors import ExportError
from pipeline.export.gexfstream import write_gexf_stream
from pipeline.export.graphmlstream import write_graphml_stream
from pipeline.export.jsonstream import write_cytoscape_stream, write_node_link_stream
from pipeline.export.neo4j import write_neo4j
from pipeline.export.tables import write_tables
from pipeline.schema import MemoRecord

# `records` may be a list or a re-iterable stream in id order (a run folder's store): tables walk it once.
Writer = Callable[[nx.MultiDiGraph, Iterable[MemoRecord], Path], dict[str, Path]]

# format name -> writer of its files under the output folder (output name -> path), in the order written
WRITERS: dict[str, Writer] = {
    # Every graph file is written element by element (the same bytes as graphfiles' whole-document writers).
    "graphml": lambda graph, records, out: {"graphml": write_graphml_stream(graph, out / "graph.graphml")},
    "gexf": lambda graph, records, out: {"gexf": write_gexf_stream(graph, out / "graph.gexf")},
    "json": lambda graph, records, out: {"node_link": write_node_link_stream(graph, out / "graph.json")},
    "cyjs": lambda graph, records, out: {"cytoscape": write_cytoscape_stream(graph, out / "graph.cyjs")},
    "neo4j": lambda graph, records, out: write_neo4j(graph, out / "neo4j"),
    "csv": lambda graph, records, out: write_tables(graph, records, out / "tables", csv=True, parquet=False),
    "parquet": lambda graph, records, out: write_tables(graph, records, out / "tables", csv=False, parquet=True),
}
FORMATS: tuple[str, ...] = tuple(WRITERS)
# Other spellings users type for the same export.
_ALIASES = {
    "node-link": "json", "nodelink": "json", "cytoscape": "cyjs", "tables": "csv+parquet", "all": "+".join(FORMATS),
}


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


def write_exports(graph: nx.MultiDiGraph, records: Iterable[MemoRecord], out_dir: Path,
                  formats: Sequence[str] | None = None) -> dict[str, Path]:
    """Write the chosen exports (default all) under out_dir; returns export name -> path written."""
    chosen = resolve_formats(formats)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError("output_not_writable", "output path exists and is not a folder", str(out_dir))
    written: dict[str, Path] = {}
    for name in chosen:
        if name == "parquet" and "csv" in chosen:
            continue  # written with the CSV tables, in the same walk over the records
        if name == "csv" and "parquet" in chosen:
            written.update(write_tables(graph, records, out_dir / "tables", csv=True, parquet=True))
            continue
        written.update(WRITERS[name](graph, records, out_dir))
    return dict(sorted(written.items()))
