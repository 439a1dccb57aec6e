"""Node-link and Cytoscape JSON written element by element: the same bytes as dumping the whole document.

`json.dumps(nx.node_link_data(graph), indent=1)` builds the document and its
text in memory (several times the file's size for an archive's evidence);
these writers dump one node or edge at a time, indented as `json.dumps` would
indent it at its depth, so the files are byte for byte those of
`graphfiles.write_node_link` and `graphfiles.write_cytoscape` (a test holds
them together).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from pipeline.files import atomic_path


class _Stream:
    """A JSON array whose elements are produced one at a time."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def _block(value: Any, depth: int) -> str:
    """`value` as json.dumps(indent=1) writes it when it starts at nesting `depth` (strings hold no newline)."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def _emit(handle: TextIO, value: Any, depth: int) -> None:
    if isinstance(value, _Stream):
        first = True
        for item in value.items:
            handle.write("[\n" if first else ",\n")
            handle.write(" " * (depth + 1) + _block(item, depth + 1))
            first = False
        handle.write("[]" if first else "\n" + " " * depth + "]")
    elif isinstance(value, dict) and value and any(isinstance(v, _Stream | dict) for v in value.values()):
        handle.write("{")
        for index, (key, item) in enumerate(value.items()):
            handle.write(("\n" if index == 0 else ",\n") + " " * (depth + 1) + json.dumps(key, ensure_ascii=False)
                         + ": ")
            _emit(handle, item, depth + 1)
        handle.write("\n" + " " * depth + "}")
    else:
        handle.write(_block(value, depth))


def _write(path: Path, document: dict[str, Any]) -> Path:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as handle:
        _emit(handle, document, 0)
        handle.write("\n")
    return path


def _node_link_nodes(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    for node in graph:
        yield {**graph.nodes[node], "id": node}


def _node_link_edges(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    for u, v, k, d in graph.edges(keys=True, data=True):
        yield {**d, "source": u, "target": v, "key": k}


def write_node_link_stream(graph: nx.MultiDiGraph, path: Path) -> Path:
    """networkx node-link JSON (edges="edges") with every attribute as is, one element at a time."""
    return _write(path, {"directed": graph.is_directed(), "multigraph": graph.is_multigraph(), "graph": graph.graph,
                         "nodes": _Stream(_node_link_nodes(graph)), "edges": _Stream(_node_link_edges(graph))})


def _cytoscape_nodes(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    for i, j in graph.nodes.items():
        n = {"data": j.copy()}
        n["data"]["id"] = j.get("id") or str(i)
        n["data"]["value"] = i
        n["data"]["name"] = j.get("name") or str(i)
        yield n


def _cytoscape_edges(graph: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    for e in graph.edges(keys=True):
        n = {"data": graph.adj[e[0]][e[1]][e[2]].copy()}
        n["data"]["source"] = e[0]
        n["data"]["target"] = e[1]
        n["data"]["key"] = e[2]
        yield n


def write_cytoscape_stream(graph: nx.MultiDiGraph, path: Path) -> Path:
    """Cytoscape.js JSON (as nx.cytoscape_data gives it), one element at a time."""
    elements = {"nodes": _Stream(_cytoscape_nodes(graph)), "edges": _Stream(_cytoscape_edges(graph))}
    return _write(path, {"data": list(graph.graph.items()), "directed": graph.is_directed(),
                         "multigraph": graph.is_multigraph(), "elements": elements})
