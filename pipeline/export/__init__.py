"""Exports of the knowledge graph: GraphML, GEXF, node-link and Cytoscape JSON, Neo4j CSV, tables.

`write_exports(graph, records, folder, formats)` writes the chosen formats of
the table `WRITERS` (all by default), each file atomically and byte-for-byte
deterministic.
"""

from pipeline.export.formats import FORMATS, WRITERS, resolve_formats, write_exports
from pipeline.export.tables import TABLES, build_tables, read_table_csv

__all__ = ["FORMATS", "TABLES", "WRITERS", "build_tables", "read_table_csv", "resolve_formats", "write_exports"]
