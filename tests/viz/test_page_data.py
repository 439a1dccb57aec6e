"""What the page carries for its first view, legend, details panel and tables (pure Python, no browser)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from pipeline.cli.graph import memo_href
from pipeline.viz import VizOptions, write_graph_page
from tests.viz.test_viz import page_data, sample_graph


def _page(tmp_path: Path, graph: nx.MultiDiGraph, options: VizOptions | None = None) -> dict:
    page = write_graph_page(graph, tmp_path / "g.html", options or VizOptions())
    return page_data(page.path.read_text(encoding="utf-8"))


def test_nodes_carry_their_relation_count_and_edges_their_memos(tmp_path: Path) -> None:
    graph = sample_graph()
    data = _page(tmp_path, graph)
    degree = {n["id"]: n["info"]["degree"] for n in data["nodes"]}
    assert degree == {node: graph.in_degree(node) + graph.out_degree(node) for node in graph}
    assert degree["person:nobody"] == 0 and degree["org:zte"] == 5
    edge = next(e for e in data["edges"] if e["id"] == "org:zte|SUPPLIES|country:VEN")
    assert edge["info"]["memos"] == ["m1", "m2"] and edge["info"]["type"] == "SUPPLIES"
    # selected and hovered edges keep their relation colour, so a highlighted neighbourhood still reads by type
    assert edge["color"]["highlight"] == edge["color"]["hover"] == edge["color"]["color"]


def test_legend_lists_every_relation_type_vendor_facts_first(tmp_path: Path) -> None:
    data = _page(tmp_path, sample_graph())
    assert data["filters"]["relations"] == ["SUPPLIES", "PROVIDES", "DEPLOYS", "BASED_IN", "MENTIONS"]
    assert set(data["filters"]["relations"]) == {e["info"]["type"] for e in data["edges"]}
    assert set(data["filters"]["relations"]) <= set(data["style"]["edge_types"])
    odd = sample_graph()
    odd.add_edge("org:zte", "org:evil", key="OWNS", type="OWNS", weight=1, memos=["m1"], evidence=[])
    assert _page(tmp_path, odd)["filters"]["relations"][-1] == "OWNS"


def test_memo_links_point_at_the_record_files(tmp_path: Path) -> None:
    assert _page(tmp_path, sample_graph())["memo_href"] == "memos/"
    assert _page(tmp_path, sample_graph(), VizOptions(memo_href=""))["memo_href"] == ""
    run = tmp_path / "run"
    assert memo_href(run / "graph.html", run / "memos") == "memos/"
    assert memo_href(tmp_path / "pages" / "zte.html", run / "memos") == "../run/memos/"
    assert memo_href(tmp_path / "p.html", tmp_path / "a b" / "memos") == "a%20b/memos/"


def test_physics_counts_only_the_related_entities(tmp_path: Path) -> None:
    graph = sample_graph()
    for i in range(400):
        graph.add_node(f"org:lonely-{i:03d}", type="ORG", name=f"Lonely {i}", memos=["m1"], memo_count=1)
    data = _page(tmp_path, graph)
    assert len(data["nodes"]) == 413
    assert data["options"]["physics"]["enabled"] is True  # 12 related nodes, under the threshold of 300
    assert _page(tmp_path, graph, VizOptions(physics_threshold=11))["options"]["physics"]["enabled"] is False


def test_label_settings_ask_for_at_least_the_ten_most_connected(tmp_path: Path) -> None:
    labels = _page(tmp_path, sample_graph())["style"]["labels"]
    assert labels["always"] >= 10
    assert 0 < labels["zoom_all"] <= 1.5 and labels["font"] <= labels["max_font"]
