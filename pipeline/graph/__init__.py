"""One knowledge graph across memo records (networkx), and queries over its relations."""

from pipeline.graph.build import STATUS_ORDER, GraphBuilder, build_graph, memo_node_id, require_unique_ids, status_rank
from pipeline.graph.query import RelationHit, find_relations, format_relations_table, relations_json

__all__ = ["STATUS_ORDER", "GraphBuilder", "RelationHit", "build_graph", "find_relations", "format_relations_table",
           "memo_node_id", "relations_json", "require_unique_ids", "status_rank"]
