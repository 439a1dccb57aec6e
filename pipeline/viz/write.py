"""The interactive graph page: one offline, self-contained HTML file for a knowledge graph.

`write_graph_page` selects what to show (filters, focus, node cap), lays big graphs out in
Python, builds the pyvis model and writes the page. The page loads nothing from anywhere:
vis-network is inlined and a Content-Security-Policy forbids every fetch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from pipeline.files import write_text_atomic
from pipeline.viz.data import display_text
from pipeline.viz.layout import layout_positions
from pipeline.viz.page import PageText, build_network, render
from pipeline.viz.select import Selection, VizError, select

__all__ = ["VizError", "VizOptions", "VizSummary", "write_graph_page"]


@dataclass(frozen=True)
class VizOptions:
    """What part of the graph the page shows and how it is titled."""

    focus: str | None = None  # entity id or name/alias (case-insensitive); keeps its neighbourhood
    depth: int = 1
    min_weight: int = 1
    labels: tuple[str, ...] = ()  # ORG, COUNTRY, TECHNOLOGY, PERSON; empty = all
    statuses: tuple[str, ...] = ()  # empty = all
    max_nodes: int = 1500  # cap: beyond it keep the strongest part (by weighted degree), say what is cut
    physics_threshold: int = 300  # above this many nodes: physics off, the precomputed layout is final
    title: str = "memokg knowledge graph"
    subtitle: str = ""  # e.g. "run folder out: 26 memos"
    memo_href: str = "memos/"  # memo record files relative to the page (memos/<id>.json); "" for no links


@dataclass(frozen=True)
class VizSummary:
    """What the page shows; `*_dropped` count only what the node cap cut, not what filters excluded."""

    nodes: int
    edges: int
    nodes_dropped: int
    edges_dropped: int
    path: Path


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def page_text(selection: Selection, options: VizOptions) -> PageText:
    """Heading lines: counts, what the filters kept, and what the cap cut."""
    graph = selection.graph
    counts = f"{_plural(graph.number_of_nodes(), 'node')}, {_plural(graph.number_of_edges(), 'edge')}"
    memo_count = graph.graph.get("memo_count")
    if isinstance(memo_count, int):
        counts += f" from {_plural(memo_count, 'memo')}"
    shown = graph.number_of_nodes() + selection.nodes_dropped
    if shown != selection.total_nodes or graph.number_of_edges() + selection.edges_dropped != selection.total_edges:
        counts += f" (selected from {_plural(selection.total_nodes, 'node')}, {_plural(selection.total_edges, 'edge')})"
    if selection.focus:
        name = display_text(graph.nodes[selection.focus].get("name")) or selection.focus
        counts += f"; focus: {name}, depth {options.depth}"
    notice = ""
    if selection.nodes_dropped:
        kinds = ", ".join(f"{count:,} {kind}" for kind, count in selection.dropped_by_type.items())
        notice = (
            f"Node cap {options.max_nodes:,}: left out the {_plural(selection.nodes_dropped, 'least connected node')} "
            f"({kinds}) and {_plural(selection.edges_dropped, 'edge')}. Raise max_nodes, or use a focus or filters "
            "to see them."
        )
    return PageText(title=options.title, subtitle=options.subtitle, counts=counts, notice=notice,
                    memo_href=options.memo_href)


def write_graph_page(graph: nx.MultiDiGraph, out_path: Path, options: VizOptions = VizOptions()) -> VizSummary:
    """Write the interactive graph page for `graph` to `out_path` (one self-contained HTML file)."""
    if options.physics_threshold < 0:
        raise VizError("bad_option", f"physics_threshold must be 0 or more, got {options.physics_threshold}")
    selection = select(
        graph,
        focus=options.focus,
        depth=options.depth,
        min_weight=options.min_weight,
        labels=options.labels,
        statuses=options.statuses,
        max_nodes=options.max_nodes,
    )
    # every page starts from the deterministic Python layout; small ones then get a short physics polish.
    # Entities without relations are hidden at first, so only the related ones count towards the threshold.
    related = sum(1 for _, degree in selection.graph.degree() if degree)
    physics = 0 < related <= options.physics_threshold
    positions = layout_positions(selection.graph)
    net = build_network(selection, positions, heading=display_text(options.title), physics=physics)
    html = render(net, page_text(selection, options))
    out_path = write_text_atomic(Path(out_path), html, VizError)
    return VizSummary(
        nodes=selection.graph.number_of_nodes(),
        edges=selection.graph.number_of_edges(),
        nodes_dropped=selection.nodes_dropped,
        edges_dropped=selection.edges_dropped,
        path=out_path,
    )
