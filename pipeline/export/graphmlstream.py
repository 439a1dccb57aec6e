"""GraphML written element by element: the bytes of `graphfiles.write_graphml`, one node or edge in memory at once.

`write_graphml` copies the graph with scalar attributes (every edge's evidence
as JSON text: tens of MB for an archive of thousands of memos) and lets
networkx build the ElementTree of the whole document. Here a first pass learns
each attribute's keys and type, the key declarations are written as networkx
writes them (ids d0, d1... in the order networkx meets them, declared in
reverse order), then each node and edge is flattened, built as a small element,
indented as networkx indents it at its depth, and written; the graph's own data
comes last, as networkx appends it after the nodes and edges. A test holds the
two writers to the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from pipeline.export.gexfstream import Kinds, raw_flat, typed
from pipeline.export.graphfiles import _edges, _flatten, _labelled, edge_id, xml_safe
from pipeline.files import atomic_path

_INDENT = "  "
_NX = GraphMLWriter()  # networkx's own names and type names, so the declarations match its writer's


def _nodes(graph: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    for node, data in _labelled(graph):
        yield xml_safe(node), raw_flat(data, lists=False)


def _edge_rows(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for u, v, key, data in _edges(graph):
        u, v = xml_safe(u), xml_safe(v)
        yield u, v, edge_id(u, key, v), raw_flat(data, lists=False)


def _element(handle: TextIO, element: ET.Element, level: int) -> None:
    """One element as networkx's `indent` and ElementTree write it inside the document, at nesting `level`."""
    ET.indent(element, _INDENT, level)
    handle.write(_INDENT * level + ET.tostring(element, encoding="unicode") + "\n")


def _data(parent: ET.Element, row: dict[str, Any], ids: dict[str, str]) -> None:
    for key, value in row.items():
        ET.SubElement(parent, "data", {"key": ids[key]}).text = str(value)


def write_graphml_stream(graph: nx.MultiDiGraph, path: Path) -> Path:
    """GraphML with typed scalar keys; edge ids are 'source|TYPE|target' (the bytes of `write_graphml`)."""
    graph_data = _flatten([dict(graph.graph)])[0] if graph.graph else {}
    graph_id = graph_data.pop("id", None)
    node_kinds, edge_kinds = Kinds(), Kinds()
    for _, row in _nodes(graph):
        node_kinds.add(row)
    for *_, row in _edge_rows(graph):
        edge_kinds.add(row)
    nodes, edges = node_kinds.kinds(), edge_kinds.kinds()
    # networkx meets the graph's data first, then the first node's, then the first edge's
    declared: list[tuple[str, str, str]] = [(key, "graph", _NX.get_xml_type(type(value)))
                                            for key, value in graph_data.items()]
    declared += [(key, "node", _NX.get_xml_type(kind)) for key, kind in nodes.items()]
    declared += [(key, "edge", _NX.get_xml_type(kind)) for key, kind in edges.items()]
    ids = {(key, scope): f"d{number}" for number, (key, scope, _) in enumerate(declared)}
    scoped = {scope: {key: ids[key, scope] for key, kind_scope, _ in declared if kind_scope == scope}
              for scope in ("graph", "node", "edge")}
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("<?xml version='1.0' encoding='utf-8'?>\n")
        handle.write(f'<graphml xmlns="{_NX.NS_GRAPHML}" xmlns:xsi="{_NX.NS_XSI}" '
                     f'xsi:schemaLocation="{_NX.SCHEMALOCATION}">\n')
        for key, scope, type_name in reversed(declared):
            element = ET.Element("key", {"id": ids[key, scope], "for": scope, "attr.name": key,
                                         "attr.type": type_name})
            _element(handle, element, 1)
        opening = {"edgedefault": "directed" if graph.is_directed() else "undirected"}
        if graph_id is not None:
            opening["id"] = str(graph_id)
        if not (graph_data or graph.number_of_nodes() or graph.number_of_edges()):
            _element(handle, ET.Element("graph", opening), 1)
        else:
            attributes = "".join(f' {name}="{_escaped(value)}"' for name, value in opening.items())
            handle.write(f"{_INDENT}<graph{attributes}>\n")
            _body(handle, graph, nodes, edges, scoped)
            for key, value in graph_data.items():
                element = ET.Element("data", {"key": scoped["graph"][key]})
                element.text = str(value)
                _element(handle, element, 2)
            handle.write(f"{_INDENT}</graph>\n")
        handle.write("</graphml>\n")
    return Path(path)


def _body(handle: TextIO, graph: nx.MultiDiGraph, nodes: dict[str, type], edges: dict[str, type],
          scoped: dict[str, dict[str, str]]) -> None:
    for node, row in _nodes(graph):
        element = ET.Element("node", {"id": node})
        _data(element, typed(row, nodes), scoped["node"])
        _element(handle, element, 2)
    for u, v, ident, row in _edge_rows(graph):
        element = ET.Element("edge", {"source": u, "target": v, "id": ident})
        _data(element, typed(row, edges), scoped["edge"])
        _element(handle, element, 2)


def _escaped(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    return ET.tostring(ET.Element("x", {"v": value}), encoding="unicode")[6:-4]
