"""Exports built from the store one record at a time equal the exports built from the whole list of records."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import ExportError
from pipeline.export import build_tables, tables, write_exports
from pipeline.graph import build_graph
from pipeline.run import STORE_NAME, RunOptions, Store, read_records, run
from tests.run.memos import write_memos


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stream")
    write_memos(folder / "in", range(7))
    # Two files with one reference: the store's duplicate-id policy must hold in the streamed exports too.
    (folder / "in" / "zz-copy.txt").write_text((folder / "in" / "memo03.txt").read_text().replace("Veltrix",
                                                                                                   "Norrland"))
    run([folder / "in"], RunOptions(out_dir=folder / "out"))
    return folder / "out"


def test_streamed_tables_equal_the_list_built_tables(run_dir: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    records = read_records(run_dir)
    assert len(records) == 8 and len({r.id for r in records}) == 8
    graph = build_graph(records)
    for name, frame in build_tables(graph, records).items():
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, lineterminator="\n")
        assert (run_dir / "tables" / f"{name}.csv").read_text(encoding="utf-8") == buffer.getvalue()
        pd.testing.assert_frame_equal(pd.read_parquet(run_dir / "tables" / f"{name}.parquet"), frame)
    # Chunks of 3 memos give the same files as one chunk.
    monkeypatch.setattr(tables, "CHUNK_RECORDS", 3)
    with Store(run_dir / STORE_NAME) as store:
        write_exports(build_graph(store.iter_records()), list(store.iter_records()), tmp_path / "chunked")
    for name in ("entities", "mentions", "relations"):
        assert (tmp_path / "chunked" / "tables" / f"{name}.csv").read_bytes() == \
            (run_dir / "tables" / f"{name}.csv").read_bytes()
    for name in ("graph.graphml", "graph.gexf", "graph.json", "graph.cyjs", "neo4j/relationships.csv"):
        assert (tmp_path / "chunked" / name).read_bytes() == (run_dir / name).read_bytes()


def test_a_stream_out_of_id_order_is_refused(run_dir: Path, tmp_path: Path) -> None:
    records = read_records(run_dir)
    with pytest.raises(ExportError) as caught:
        write_exports(build_graph(records), iter(records[::-1]), tmp_path, ["csv"])
    assert caught.value.reason == "records_out_of_order"


@pytest.mark.parametrize("with_memos", [False, True])
def test_element_by_element_json_is_the_whole_document_json(run_dir: Path, tmp_path: Path, with_memos: bool) -> None:
    from pipeline.export.graphfiles import write_cytoscape, write_node_link
    from pipeline.export.jsonstream import write_cytoscape_stream, write_node_link_stream

    for graph in (build_graph(read_records(run_dir), include_memos=with_memos), build_graph([])):
        for whole, streamed in ((write_node_link, write_node_link_stream), (write_cytoscape, write_cytoscape_stream)):
            assert whole(graph, tmp_path / "a").read_bytes() == streamed(graph, tmp_path / "b").read_bytes()


@pytest.mark.parametrize("with_memos", [False, True])
def test_element_by_element_gexf_is_the_whole_document_gexf(run_dir: Path, tmp_path: Path, with_memos: bool) -> None:
    import networkx as nx

    from pipeline.export.gexfstream import write_gexf_stream
    from pipeline.export.graphfiles import write_gexf

    graph = build_graph(read_records(run_dir), include_memos=with_memos)
    odd = nx.MultiDiGraph()  # one key holding ints and floats, another lists and strings, a node with no edge
    odd.add_node("a", name="A", score=1, tags=["x"])
    odd.add_node("b", name="B\x07", score=2.5, tags="y")
    odd.add_node("c")
    odd.add_edge("a", "b", key="SUPPLIES", type="SUPPLIES", memos=["m1"], evidence=[{"sentence": "A sells."}])
    lone = nx.MultiDiGraph()
    lone.add_node("only", name="Only")
    assert graph.number_of_edges() > 0
    for one in (graph, build_graph([]), odd, lone):
        whole = write_gexf(one, tmp_path / "a.gexf").read_bytes()
        assert whole == write_gexf_stream(one, tmp_path / "b.gexf").read_bytes()
        assert nx.read_gexf(tmp_path / "b.gexf").number_of_nodes() == one.number_of_nodes()


def test_element_by_element_graphml_is_the_networkx_graphml(run_dir: Path, tmp_path: Path) -> None:
    import networkx as nx

    from pipeline.export.graphfiles import write_graphml
    from pipeline.export.graphmlstream import write_graphml_stream

    graph = build_graph(read_records(run_dir), include_memos=True)
    odd = nx.MultiDiGraph(name="odd & <1>", memo_count=3, id="g1")  # graph data, a graph id to escape
    odd.add_node("a", name="A", score=1, tags=["x", "y"], flag=True)
    odd.add_node("b", name="B\x07", score=2.5, tags="z", flag=False)
    odd.add_node("c")
    odd.add_edge("a", "b", key="SUPPLIES", type="SUPPLIES", memos=["m1"], evidence=[{"sentence": "A sells."}])
    odd.add_edge("b", "c", key="BASED_IN", type="BASED_IN", memos=[], note="")
    lone = nx.MultiDiGraph()
    lone.add_node("only", name="Only")
    assert graph.number_of_edges() > 0
    for one in (graph, build_graph([]), odd, lone, nx.MultiDiGraph()):
        whole = write_graphml(one, tmp_path / "a.graphml").read_bytes()
        assert whole == write_graphml_stream(one, tmp_path / "b.graphml").read_bytes()
        back = nx.read_graphml(tmp_path / "b.graphml")
        assert (back.number_of_nodes(), back.number_of_edges()) == (one.number_of_nodes(), one.number_of_edges())
