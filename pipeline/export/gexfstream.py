"""GEXF written element by element: the same bytes as `graphfiles.gexf_text`, without the whole document in memory.

`gexf_text` flattens every node and edge (each edge's evidence as JSON text),
then builds the ElementTree of the whole graph and its text: a few hundred MB
of Python objects for an archive of thousands of memos. Here a first pass over
the graph only learns each attribute's keys and type (one type per key, as
Gephi requires); the second flattens one node or edge at a time, builds its
small element, indents it as `ET.indent` indents it at its depth and writes it.
A test holds the two writers to the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from pipeline.export.graphfiles import (
    _DEFAULTS,
    _GEXF_TYPES,
    GEXF_NS,
    _cast,
    _edges,
    _gexf_value,
    _kind,
    _labelled,
    edge_id,
    raw_flat,
    xml_safe,
)
from pipeline.files import atomic_path

_INDENT = "  "


class Kinds:
    """Keys in order of first appearance and one type per key, learnt one flattened row at a time."""

    def __init__(self) -> None:
        self.seen: dict[str, list[Any]] = {}

    def add(self, row: dict[str, Any]) -> None:
        """Learn the keys and value types of one more row."""
        for key, value in row.items():
            values = self.seen.setdefault(key, [])
            # one value per type is enough for `_kind`, so memory stays at a few values per key
            if all(type(value) is not type(old) for old in values):
                values.append(value)

    def kinds(self) -> dict[str, type]:
        """One type per key, in the order the keys were met."""
        return {key: _kind(values) for key, values in self.seen.items()}


def typed(row: dict[str, Any], kinds: dict[str, type]) -> dict[str, Any]:
    """The row with every key of `kinds`, each value cast to its key's type (defaults for missing keys)."""
    return {key: _cast(kind, row[key]) if key in row else _DEFAULTS[kind] for key, kind in kinds.items()}




def _element(handle: TextIO, element: ET.Element, level: int) -> None:
    """One element as ET.indent and ET.tostring write it inside a document, at nesting `level`."""
    ET.indent(element, _INDENT, level)
    handle.write(_INDENT * level + ET.tostring(element, encoding="unicode") + "\n")


def _declare(handle: TextIO, kind: str, keys: list[tuple[str, str]]) -> None:
    block = ET.Element("attributes", {"class": kind, "mode": "static"})
    for key, type_name in keys:
        ET.SubElement(block, "attribute", {"id": key, "title": key, "type": type_name})
    _element(handle, block, 2)


def _attvalues(parent: ET.Element, keys: Iterable[str], row: dict[str, Any]) -> None:
    values = ET.SubElement(parent, "attvalues")
    for key in keys:
        ET.SubElement(values, "attvalue", {"for": key, "value": _gexf_value(row[key])})


def _edge_rows(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for u, v, key, data in _edges(graph):
        yield u, v, key, raw_flat({**data, "relation": data["type"]})


def write_gexf_stream(graph: nx.MultiDiGraph, path: Path) -> Path:
    """GEXF 1.2 for Gephi, the bytes of `graphfiles.write_gexf`, one node or edge in memory at a time."""
    node_kinds, edge_kinds = Kinds(), Kinds()
    for _, data in _labelled(graph):
        node_kinds.add(raw_flat(data))
    for *_, row in _edge_rows(graph):
        edge_kinds.add(row)
    nodes, edges = node_kinds.kinds(), edge_kinds.kinds()
    node_keys = [key for key in nodes if key != "label"]
    edge_keys = [key for key in edges if key not in ("weight", "label")]
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("<?xml version='1.0' encoding='utf-8'?>\n")
        handle.write(f'<gexf xmlns="{GEXF_NS}" version="1.2">\n')
        handle.write(f"{_INDENT}<meta>\n{_INDENT * 2}<creator>memokg</creator>\n{_INDENT}</meta>\n")
        handle.write(f'{_INDENT}<graph defaultedgetype="directed" mode="static">\n')
        _declare(handle, "node", [(key, _GEXF_TYPES[nodes[key]]) for key in node_keys])
        has_edges = graph.number_of_edges() > 0
        extra = [("networkx_key", "string")] if has_edges else []
        _declare(handle, "edge", [(key, _GEXF_TYPES[edges[key]]) for key in edge_keys] + extra)
        _container(handle, "nodes", graph.number_of_nodes() > 0, (
            _node(node, typed(raw_flat(data), nodes), node_keys) for node, data in _labelled(graph)))
        _container(handle, "edges", has_edges, (
            _edge(u, v, key, typed(row, edges), edge_keys) for u, v, key, row in _edge_rows(graph)))
        handle.write(f"{_INDENT}</graph>\n</gexf>\n")
    return Path(path)


def _container(handle: TextIO, name: str, filled: bool, elements: Iterable[ET.Element]) -> None:
    if not filled:
        handle.write(f"{_INDENT * 2}<{name} />\n")
        return
    handle.write(f"{_INDENT * 2}<{name}>\n")
    for element in elements:
        _element(handle, element, 3)
    handle.write(f"{_INDENT * 2}</{name}>\n")


def _node(node: str, row: dict[str, Any], keys: list[str]) -> ET.Element:
    element = ET.Element("node", {"id": xml_safe(node), "label": row["label"]})
    _attvalues(element, keys, row)
    return element


def _edge(u: str, v: str, key: str, row: dict[str, Any], keys: list[str]) -> ET.Element:
    u, v = xml_safe(u), xml_safe(v)
    ident = edge_id(u, xml_safe(key), v)
    element = ET.Element("edge", {
        "id": ident, "source": u, "target": v, "label": row["type"], "weight": repr(float(row["weight"] or 1)),
    })
    # networkx takes this attribute as the multigraph key on reading, so keys survive a round trip
    _attvalues(element, [*keys, "networkx_key"], {**row, "networkx_key": ident})
    return element
