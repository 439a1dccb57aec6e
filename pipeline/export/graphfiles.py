"""Graph file exports: GraphML (scalar attributes), GEXF (scalars and list types), node-link and Cytoscape JSON.

GraphML has no list type, so lists are joined with " | "; GEXF 1.2 has `liststring`, so lists stay lists
there (written as a JSON array of strings, the form Gephi's array parser reads). Every node carries
`label`, `type` and `country`, every edge `type`, `status`, `weight` and `memos`, in every file.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.files import write_atomic, write_text_atomic

LIST_SEPARATOR = " | "
GEXF_NS = "http://www.gexf.net/1.2draft"  # what nx.read_gexf reads by default, and Gephi since 0.8
# Characters XML 1.0 cannot carry (control characters from PDF text layers): the files would not parse.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DEFAULTS: dict[type, Any] = {str: "", int: 0, float: 0.0, bool: False, list: []}
_GEXF_TYPES = {str: "string", int: "long", float: "double", bool: "boolean", list: "liststring"}
# Every file names these, so Gephi, yEd and Cytoscape show names and can colour by type.
NODE_KEYS = ("label", "type", "country")
EDGE_KEYS = ("type", "status", "weight", "memos")


def xml_safe(text: str) -> str:
    """Text with the characters XML 1.0 forbids replaced by a space."""
    return _NOT_XML.sub(" ", text)


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


def _scalar(value: Any, lists: bool) -> Any:
    """One attribute value as a file value: lists kept (GEXF) or joined (GraphML), dicts as JSON, None as ""."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        items = [xml_safe(str(item)) for item in value]
        return items if lists else LIST_SEPARATOR.join(items)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return xml_safe(value) if isinstance(value, str) else value


def _kind(values: list[Any]) -> type:
    """One type per attribute key, as Gephi requires: bool, int, float, list, else str."""
    kinds = {type(value) for value in values}
    if kinds == {bool}:
        return bool
    if kinds == {int}:
        return int
    if kinds <= {int, float}:
        return float
    if kinds == {list}:
        return list
    return str


def _cast(kind: type, value: Any) -> Any:
    if kind is str and isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return kind(value)


def raw_flat(row: dict[str, Any], lists: bool = True) -> dict[str, Any]:
    """One attribute dict flattened (evidence spread into fields, values made scalar), before types are unified."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key == "evidence" and isinstance(value, list):
            out.update(_evidence_fields(value))
        else:
            out[key] = _scalar(value, lists)
    return out


def _flatten(rows: list[dict[str, Any]], lists: bool = False) -> list[dict[str, Any]]:
    """Attribute dicts with the same keys and one type per key across all rows."""
    flat = [raw_flat(row, lists) for row in rows]
    keys = list(dict.fromkeys(key for row in flat for key in row))
    kinds = {key: _kind([row[key] for row in flat if key in row]) for key in keys}
    return [
        {key: _cast(kinds[key], row[key]) if key in row else _DEFAULTS[kinds[key]] for key in keys} for row in flat
    ]


def _labelled(graph: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    """Nodes with the keys every file carries: a label (the name, else the id), a type and a country."""
    nodes = []
    for node, data in graph.nodes(data=True):
        attrs = {"label": str(data.get("label") or data.get("name") or node), "type": "", "country": ""}
        attrs.update((key, value) for key, value in data.items() if key != "label")
        nodes.append((str(node), attrs))
    return nodes


def _edges(graph: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Edges with the keys every file carries: type, status, weight (memos) and the memo ids."""
    edges = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        memos = data.get("memos") or []
        attrs = {"type": str(data.get("type") or key), "status": "", "weight": len(memos) or 1, "memos": memos}
        attrs.update(data)
        edges.append((str(u), str(v), str(key), attrs))
    return edges


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy of the graph with scalar attributes only and unique edge keys, for GraphML."""
    flat = nx.MultiDiGraph()
    flat.graph.update(_flatten([dict(graph.graph)])[0] if graph.graph else {})
    nodes = _labelled(graph)
    for (node, _), attrs in zip(nodes, _flatten([data for _, data in nodes]), strict=True):
        flat.add_node(xml_safe(node), **attrs)
    edges = _edges(graph)
    for (u, v, key, _), attrs in zip(edges, _flatten([data for *_, data in edges]), strict=True):
        u, v = xml_safe(u), xml_safe(v)
        flat.add_edge(u, v, key=edge_id(u, key, v), **attrs)
    return flat


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> Path:
    """GraphML with typed scalar keys; edge ids are 'source|TYPE|target'."""
    flat = flat_graph(graph)
    return write_atomic(path, lambda tmp: nx.write_graphml(flat, tmp, encoding="utf-8", named_key_ids=False))


def _gexf_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _declare(graph_el: ET.Element, kind: str, rows: list[dict[str, Any]], skip: set[str]) -> list[str]:
    """The <attributes> block of one class; returns the keys declared, in order."""
    block = ET.SubElement(graph_el, "attributes", {"class": kind, "mode": "static"})
    keys = [key for key in (rows[0] if rows else {}) if key not in skip]
    for key in keys:
        ET.SubElement(block, "attribute", {"id": key, "title": key, "type": _GEXF_TYPES[type(rows[0][key])]})
    return keys


def _attvalues(parent: ET.Element, keys: list[str], row: dict[str, Any]) -> None:
    values = ET.SubElement(parent, "attvalues")
    for key in keys:
        ET.SubElement(values, "attvalue", {"for": key, "value": _gexf_value(row[key])})


def gexf_text(graph: nx.MultiDiGraph) -> str:
    """GEXF 1.2 document: node label = name, edge label = relation type, lists as liststring."""
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.2"})
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "memokg"
    graph_el = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    nodes = _labelled(graph)
    node_rows = _flatten([data for _, data in nodes], lists=True)
    edges = _edges(graph)
    edge_rows = _flatten([{**data, "relation": data["type"]} for *_, data in edges], lists=True)
    node_keys = _declare(graph_el, "node", node_rows, {"label"})
    edge_keys = _declare(graph_el, "edge", edge_rows, {"weight", "label"})
    nodes_el = ET.SubElement(graph_el, "nodes")
    for (node, _), row in zip(nodes, node_rows, strict=True):
        element = ET.SubElement(nodes_el, "node", {"id": xml_safe(node), "label": row["label"]})
        _attvalues(element, node_keys, row)
    edges_el = ET.SubElement(graph_el, "edges")
    if edges:
        ET.SubElement(graph_el.find("attributes[@class='edge']"), "attribute",
                      {"id": "networkx_key", "title": "networkx_key", "type": "string"})
    for (u, v, key, _), row in zip(edges, edge_rows, strict=True):
        u, v = xml_safe(u), xml_safe(v)
        ident = edge_id(u, xml_safe(key), v)
        element = ET.SubElement(edges_el, "edge", {
            "id": ident, "source": u, "target": v, "label": row["type"], "weight": repr(float(row["weight"] or 1)),
        })
        # networkx takes this attribute as the multigraph key on reading, so keys survive a round trip
        _attvalues(element, [*edge_keys, "networkx_key"], {**row, "networkx_key": ident})
    ET.indent(root, "  ")
    return "<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(root, encoding="unicode") + "\n"


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> Path:
    """GEXF 1.2 for Gephi: node label = name, edge label = relation type (GEXF reserves 'type' for direction)."""
    return write_text_atomic(path, gexf_text(graph))


def _dumps(data: Any) -> str:
    """Stable JSON text for the JSON exports."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_node_link(graph: nx.MultiDiGraph, path: Path) -> Path:
    """networkx node-link JSON with every attribute as is (lists and evidence dicts included)."""
    return write_text_atomic(path, _dumps(nx.node_link_data(graph, edges="edges")))


def write_cytoscape(graph: nx.MultiDiGraph, path: Path) -> Path:
    """Cytoscape.js JSON (elements: nodes and edges with data)."""
    return write_text_atomic(path, _dumps(nx.cytoscape_data(graph)))
