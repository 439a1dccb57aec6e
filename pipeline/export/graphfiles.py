"""Graph file exports: GraphML and GEXF (scalar attributes), node-link JSON and Cytoscape JSON (full attributes)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.files import write_atomic, write_text_atomic

LIST_SEPARATOR = " | "
_LASTMODIFIED = re.compile(r' lastmodifieddate="[^"]*"')
# Characters XML 1.0 cannot carry (control characters from PDF text layers): the files would not parse.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Text with the characters XML 1.0 forbids replaced by a space."""
    return _NOT_XML.sub(" ", text)
_DEFAULTS: dict[type, Any] = {str: "", int: 0, float: 0.0, bool: False}


def edge_id(source: str, key: str, target: str) -> str:
    """Unique id of an aggregated edge in the files (its key alone repeats across node pairs)."""
    return f"{source}|{key}|{target}"


def _evidence_fields(evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """Evidence as scalars: a count, the first sentence to read, and every entry as a JSON string."""
    return {
        "evidence_count": len(evidence),
        "evidence_sentence": xml_safe(evidence[0]["sentence"]) if evidence else "",
        "evidence": json.dumps(evidence, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    }


def _scalar(value: Any) -> Any:
    """One attribute value as a GraphML/GEXF scalar: lists joined, dicts as JSON, None as ""."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return xml_safe(LIST_SEPARATOR.join(str(item) for item in value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return xml_safe(value) if isinstance(value, str) else value


def _kind(values: list[Any]) -> type:
    """One type per attribute key, as Gephi requires: bool, int, float, else str."""
    kinds = {type(value) for value in values}
    if kinds == {bool}:
        return bool
    if kinds == {int}:
        return int
    if kinds <= {int, float}:
        return float
    return str


def _flatten(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scalar attribute dicts with the same keys and one type per key across all rows."""
    flat = []
    for row in rows:
        out: dict[str, Any] = {}
        for key, value in row.items():
            if key == "evidence" and isinstance(value, list):
                out.update(_evidence_fields(value))
            else:
                out[key] = _scalar(value)
        flat.append(out)
    keys = list(dict.fromkeys(key for row in flat for key in row))
    kinds = {key: _kind([row[key] for row in flat if key in row]) for key in keys}
    return [{key: kinds[key](row[key]) if key in row else _DEFAULTS[kinds[key]] for key in keys} for row in flat]


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy of the graph with scalar attributes only and unique edge keys, for GraphML and GEXF."""
    flat = nx.MultiDiGraph()
    flat.graph.update(_flatten([dict(graph.graph)])[0] if graph.graph else {})
    nodes = list(graph.nodes(data=True))
    for (node, _), attrs in zip(nodes, _flatten([data for _, data in nodes]), strict=True):
        flat.add_node(xml_safe(node), **attrs)
    edges = list(graph.edges(keys=True, data=True))
    for (u, v, key, _), attrs in zip(edges, _flatten([data for *_, data in edges]), strict=True):
        u, v = xml_safe(u), xml_safe(v)
        flat.add_edge(u, v, key=edge_id(u, key, v), **attrs)
    return flat


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> Path:
    """GraphML with typed scalar keys; edge ids are 'source|TYPE|target'."""
    flat = flat_graph(graph)
    return write_atomic(path, lambda tmp: nx.write_graphml(flat, tmp, encoding="utf-8", named_key_ids=False))


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> Path:
    """GEXF 1.2 for Gephi: node label = name, edge label = relation type (GEXF reserves 'type' for direction)."""
    flat = flat_graph(graph)
    gexf = nx.MultiDiGraph()
    for node, data in flat.nodes(data=True):
        gexf.add_node(node, **{**data, "label": data.get("name", node)})
    for u, v, key, data in flat.edges(keys=True, data=True):
        attrs = dict(data)
        relation = attrs.pop("type", "")
        gexf.add_edge(u, v, key=key, **{**attrs, "id": key, "label": relation, "relation": relation})
    text = "\n".join(["<?xml version='1.0' encoding='utf-8'?>", *nx.generate_gexf(gexf, encoding="utf-8")]) + "\n"
    # networkx stamps today's date into <meta>; drop it so two runs give the same bytes.
    return write_text_atomic(path, _LASTMODIFIED.sub("", text, count=1))


def _dumps(data: Any) -> str:
    """Stable JSON text for the JSON exports."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_node_link(graph: nx.MultiDiGraph, path: Path) -> Path:
    """networkx node-link JSON with every attribute as is (lists and evidence dicts included)."""
    return write_text_atomic(path, _dumps(nx.node_link_data(graph, edges="edges")))


def write_cytoscape(graph: nx.MultiDiGraph, path: Path) -> Path:
    """Cytoscape.js JSON (elements: nodes and edges with data)."""
    return write_text_atomic(path, _dumps(nx.cytoscape_data(graph)))
