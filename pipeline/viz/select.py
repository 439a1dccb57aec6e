"""Choose the part of the knowledge graph the page shows: filters, focus neighbourhood and the node cap.

The page must stay usable on a big archive, so everything the user asked to leave out is
removed here, in Python, before any styling; what the cap cuts is counted so the page can say so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from pipeline.errors import VizError
from pipeline.text import fold

NODE_TYPES = ("ORG", "COUNTRY", "TECHNOLOGY", "PERSON", "MEMO")
STATUSES = ("reported", "alleged", "planned", "halted", "denied")


@dataclass(frozen=True)
class Selection:
    """The nodes and edges to draw, plus what the node cap left out."""

    graph: nx.MultiDiGraph
    total_nodes: int
    total_edges: int
    nodes_dropped: int = 0
    edges_dropped: int = 0
    dropped_by_type: dict[str, int] = field(default_factory=dict)
    focus: str | None = None


def resolve_focus(graph: nx.MultiDiGraph, focus: str) -> str:
    """The node id meant by `focus`: an exact id, else a unique name or alias (case-insensitive)."""
    if focus in graph:
        return focus
    wanted = fold(str(focus))
    if not wanted:
        raise VizError("focus_empty", "the focus entity is empty")
    by_id = sorted(node for node in graph if fold(str(node)) == wanted)
    if len(by_id) == 1:
        return by_id[0]
    matches = sorted(
        node
        for node, attrs in graph.nodes(data=True)
        if wanted == fold(str(attrs.get("name", ""))) or wanted in {fold(str(a)) for a in attrs.get("aliases") or []}
    )
    if not matches:
        raise VizError("focus_not_found", f"no entity with id, name or alias {focus!r} in the graph")
    if len(matches) > 1:
        raise VizError("focus_ambiguous", f"{focus!r} names several entities; pass one id: {', '.join(matches[:10])}")
    return matches[0]


def check_options(
    depth: int, min_weight: int, labels: tuple[str, ...], statuses: tuple[str, ...], max_nodes: int
) -> None:
    """Reject option values that cannot select anything sensible."""
    if depth < 0:
        raise VizError("bad_option", f"depth must be 0 or more, got {depth}")
    if min_weight < 1:
        raise VizError("bad_option", f"min_weight must be 1 or more, got {min_weight}")
    if max_nodes < 1:
        raise VizError("bad_option", f"max_nodes must be 1 or more, got {max_nodes}")
    unknown = sorted({label.upper() for label in labels} - set(NODE_TYPES))
    if unknown:
        raise VizError("bad_option", f"unknown entity type(s) {', '.join(unknown)}; use {', '.join(NODE_TYPES)}")
    unknown = sorted({status.lower() for status in statuses} - set(STATUSES))
    if unknown:
        raise VizError("bad_option", f"unknown status(es) {', '.join(unknown)}; use {', '.join(STATUSES)}")


def _filtered(graph: nx.MultiDiGraph, min_weight: int, labels: set[str], statuses: set[str], keep: str | None):
    """Copy of the graph without the node types, weak edges and statuses the user left out."""
    sub = nx.MultiDiGraph()
    sub.graph.update(graph.graph)
    for node in sorted(graph):
        attrs = graph.nodes[node]
        if not labels or str(attrs.get("type", "")).upper() in labels or node == keep:
            sub.add_node(node, **attrs)
    for u, v, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        if u not in sub or v not in sub:
            continue
        if int(attrs.get("weight", 1) or 1) < min_weight:
            continue
        if statuses and str(attrs.get("status", "reported")).lower() not in statuses:
            continue
        sub.add_edge(u, v, key=key, **attrs)
    if min_weight > 1 or statuses:
        # asking for relations of some weight or status means nodes without such relations are noise
        sub.remove_nodes_from([n for n in sub if sub.degree(n) == 0 and n != keep])
    return sub


def _string_ids(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph with every node id a string (the page and sorting need one kind of id)."""
    if all(isinstance(node, str) for node in graph):
        return graph
    names = {node: str(node) for node in graph}
    if len(set(names.values())) != len(names):
        raise VizError("bad_graph", "two node ids are the same once written as text (e.g. 5 and '5')")
    return nx.relabel_nodes(graph, names, copy=True)


def _strength(graph: nx.MultiDiGraph, node: str) -> int:
    """Weighted degree: the sum of the weights of every edge touching the node."""
    total = 0
    for _, _, attrs in graph.in_edges(node, data=True):
        total += int(attrs.get("weight", 1) or 1)
    for _, _, attrs in graph.out_edges(node, data=True):
        total += int(attrs.get("weight", 1) or 1)
    return total


def _cap(graph: nx.MultiDiGraph, max_nodes: int, keep: str | None) -> tuple[nx.MultiDiGraph, Counter]:
    """Keep the `max_nodes` strongest nodes (ties: more memos, then id) and the edges among them."""
    if graph.number_of_nodes() <= max_nodes:
        return graph, Counter()

    def rank(node: str) -> tuple[int, int, int, str]:
        attrs = graph.nodes[node]
        return (0 if node == keep else 1, -_strength(graph, node), -int(attrs.get("memo_count", 0) or 0), node)

    ordered = sorted(graph, key=rank)
    dropped = ordered[max_nodes:]
    by_type = Counter(str(graph.nodes[n].get("type", "?")) for n in dropped)
    capped = graph.copy()
    capped.remove_nodes_from(dropped)
    return capped, by_type


def select(
    graph: nx.MultiDiGraph,
    focus: str | None = None,
    depth: int = 1,
    min_weight: int = 1,
    labels: tuple[str, ...] = (),
    statuses: tuple[str, ...] = (),
    max_nodes: int = 1500,
) -> Selection:
    """Apply the user's filters, the focus neighbourhood and the node cap, in that order."""
    if not isinstance(graph, nx.MultiDiGraph):
        raise VizError("not_a_graph", f"expected a networkx MultiDiGraph, got {type(graph).__name__}")
    check_options(depth, min_weight, labels, statuses, max_nodes)
    graph = _string_ids(graph)
    focus_id = resolve_focus(graph, focus) if focus else None
    sub = _filtered(
        graph, min_weight, {label.upper() for label in labels}, {status.lower() for status in statuses}, focus_id
    )
    if focus_id is not None:
        near = nx.ego_graph(sub.to_undirected(as_view=True), focus_id, radius=depth)
        sub = sub.subgraph(sorted(near)).copy()
    before_nodes, before_edges = sub.number_of_nodes(), sub.number_of_edges()
    capped, by_type = _cap(sub, max_nodes, focus_id)
    return Selection(
        graph=capped,
        total_nodes=graph.number_of_nodes(),
        total_edges=graph.number_of_edges(),
        nodes_dropped=before_nodes - capped.number_of_nodes(),
        edges_dropped=before_edges - capped.number_of_edges(),
        dropped_by_type=dict(sorted(by_type.items())),
        focus=focus_id,
    )
