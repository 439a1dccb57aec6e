"""Every export re-read and compared with the graph; Neo4j headers; parquet == csv; byte-identical reruns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from pipeline.errors import ExportError
from pipeline.export import FORMATS, TABLES, read_table_csv, resolve_formats, write_exports
from pipeline.graph import build_graph
from tests.graph.test_graph import sample_records


@pytest.fixture(scope="module")
def records():
    """The three sample memos."""
    return sample_records()


@pytest.fixture(scope="module", params=[False, True], ids=["entities", "with-memos"])
def graph(request, records):
    """The sample graph, with and without memo nodes."""
    return build_graph(records, include_memos=request.param)


@pytest.fixture(scope="module")
def out(tmp_path_factory, graph, records) -> tuple[Path, dict[str, Path]]:
    """Every export written once."""
    folder = tmp_path_factory.mktemp("exports")
    return folder, write_exports(graph, records, folder)


def _edge_index(graph: nx.MultiGraph, type_attr: str = "type") -> dict[tuple[str, str, str], dict]:
    """Edges keyed by (source, relation type, target), whatever the file used as edge key."""
    return {(u, d[type_attr], v): d for u, v, d in graph.edges(data=True)}


def test_every_export_is_written(out) -> None:
    """Default formats write every file, named as documented."""
    folder, written = out
    assert sorted(written) == sorted([
        "graphml", "gexf", "node_link", "cytoscape", "neo4j_nodes", "neo4j_relationships",
        *(f"{table}_{kind}" for table in TABLES for kind in ("csv", "parquet"))])
    assert written["graphml"] == folder / "graph.graphml"
    assert written["relations_parquet"] == folder / "tables" / "relations.parquet"
    assert all(path.is_file() and path.stat().st_size > 0 for path in written.values())
    assert not list(folder.rglob(".*.tmp"))


def test_graphml_rereads_with_networkx(out, graph) -> None:
    """GraphML: same nodes and edges, typed scalars, lists joined, evidence count + JSON."""
    back = nx.read_graphml(out[1]["graphml"], force_multigraph=True)
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    zte = back.nodes["org:zte"]
    assert zte["name"] == "ZTE" and zte["aliases"] == "ZTE Corp | ZTE Corporation"
    assert zte["memo_count"] == 3 and zte["is_vendor"] is True
    edge = _edge_index(back)[("org:zte", "SUPPLIES", "country:VEN")]
    assert edge["weight"] == 3 and edge["status"] == "reported" and edge["statuses"] == "alleged | denied | reported"
    assert edge["evidence_count"] == 3
    assert json.loads(edge["evidence"]) == graph.edges["org:zte", "country:VEN", "SUPPLIES"]["evidence"]
    assert back.graph["generated_from"] == "m1 | m2 | m3"
    assert all(value is not None for _, data in back.nodes(data=True) for value in data.values())


def test_gexf_rereads_with_networkx(out, graph) -> None:
    """GEXF: node label = name, edge label = relation type, one attribute type per key."""
    back = nx.read_gexf(out[1]["gexf"])
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["org:hikvision"]["label"] == "Hangzhou Hikvision Digital Technology"
    edge = _edge_index(back, "relation")[("org:zte", "PROVIDES", "tech:facial-recognition")]
    assert edge["label"] == "PROVIDES" and edge["weight"] == 2 and edge["first_date"] == "2019-05-16"
    text = out[1]["gexf"].read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "lastmodifieddate" not in text
    assert 'type="SUPPLIES"' not in text  # GEXF's edge type is the direction, not our relation


def test_graph_files_name_and_type_every_node_and_edge(out, graph) -> None:
    """Gephi/Cytoscape show names and colour by type: label, type, country; type, status, weight, memos."""
    for back in (nx.read_graphml(out[1]["graphml"], force_multigraph=True), nx.read_gexf(out[1]["gexf"])):
        for node, data in back.nodes(data=True):
            assert data["label"] == graph.nodes[node]["name"] and data["label"]
            assert data["type"] == graph.nodes[node]["type"]
            assert data["country"] == graph.nodes[node].get("country", "")
        assert back.number_of_edges() == graph.number_of_edges()
        for u, v, data in back.edges(data=True):
            original = graph.edges[u, v, data["type"]]
            assert data["status"] == original.get("status", "")
            assert data["weight"] == original["weight"]
            assert data["memos"]
    sample = nx.read_graphml(out[1]["graphml"], force_multigraph=True)
    assert _edge_index(sample)[("org:zte", "SUPPLIES", "country:VEN")]["memos"] == "m1 | m2 | m3"


def test_gexf_lists_are_liststring_multi_values(out, graph) -> None:
    """GEXF declares list attributes as liststring; each value parses back to the graph's list."""
    text = out[1]["gexf"].read_text(encoding="utf-8")
    for key in ("aliases", "memos", "statuses", "capabilities"):
        assert f'<attribute id="{key}" title="{key}" type="liststring" />' in text
    back = nx.read_gexf(out[1]["gexf"])
    for node, data in back.nodes(data=True):
        assert json.loads(data["aliases"]) == graph.nodes[node].get("aliases", [])
        assert json.loads(data["memos"]) == graph.nodes[node]["memos"]
    edge = _edge_index(back)[("org:zte", "SUPPLIES", "country:VEN")]
    original = graph.edges["org:zte", "country:VEN", "SUPPLIES"]
    assert json.loads(edge["memos"]) == original["memos"] and json.loads(edge["statuses"]) == original["statuses"]
    assert json.loads(edge["capabilities"]) == original["capabilities"]
    assert {(u, v, d["id"]) for u, v, d in back.edges(data=True)} == {
        (u, v, f"{u}|{k}|{v}") for u, v, k in graph.edges(keys=True)}


def test_node_link_json_keeps_every_attribute(out, graph) -> None:
    """graph.json reads back into an equal MultiDiGraph, lists and evidence included."""
    data = json.loads(out[1]["node_link"].read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="edges")
    assert back.is_multigraph() and back.is_directed()
    assert list(back.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(graph.edges(keys=True, data=True))
    assert back.graph == graph.graph


def test_cytoscape_json_rereads(out, graph) -> None:
    """graph.cyjs has elements.nodes / elements.edges and reads back with nx.cytoscape_graph."""
    data = json.loads(out[1]["cytoscape"].read_text(encoding="utf-8"))
    assert len(data["elements"]["nodes"]) == graph.number_of_nodes()
    back = nx.cytoscape_graph(data)
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.edges["org:zte", "country:VEN", "SUPPLIES"]["capabilities"] == [
        "tech:facial-recognition", "tech:smart-city", "tech:spyware"]


def test_neo4j_csv_headers_and_rows(out, graph) -> None:
    """neo4j-admin import conventions: id:ID, :LABEL, :START_ID, :END_ID, :TYPE, typed and array columns."""
    with out[1]["neo4j_nodes"].open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.reader(handle))
    with out[1]["neo4j_relationships"].open(encoding="utf-8", newline="") as handle:
        rels = list(csv.reader(handle))
    assert nodes[0][:3] == ["id:ID", ":LABEL", "name"]
    assert {"aliases:string[]", "memo_count:int", "is_vendor:boolean"} <= set(nodes[0])
    assert rels[0][:4] == [":START_ID", ":END_ID", ":TYPE", "weight:int"]
    assert {"capabilities:string[]", "confidence:float", "evidence_count:int"} <= set(rels[0])
    assert len(nodes) - 1 == graph.number_of_nodes() and len(rels) - 1 == graph.number_of_edges()
    by_id = {row[0]: dict(zip(nodes[0], row, strict=True)) for row in nodes[1:]}
    assert by_id["org:zte"][":LABEL"] == "Entity;Organization"
    assert by_id["org:zte"]["aliases:string[]"] == "ZTE Corp;ZTE Corporation"
    assert by_id["org:zte"]["is_vendor:boolean"] == "true"
    row = next(dict(zip(rels[0], r, strict=True)) for r in rels[1:] if r[:3] == ["org:zte", "country:VEN", "SUPPLIES"])
    assert row["weight:int"] == "3" and row["statuses:string[]"] == "alleged;denied;reported"
    assert all(len(r) == len(rels[0]) for r in rels)


def test_tables_parquet_equals_csv(out, records) -> None:
    """Each table's CSV and Parquet hold the same rows and dtypes."""
    for name, columns in TABLES.items():
        from_parquet = pd.read_parquet(out[1][f"{name}_parquet"])
        from_csv = read_table_csv(out[1][f"{name}_csv"], columns)
        assert list(from_parquet.columns) == list(columns)
        pd.testing.assert_frame_equal(from_parquet, from_csv)
    relations = pd.read_parquet(out[1]["relations_parquet"])
    assert len(relations) == sum(len(r.relations) for r in records)
    assert set(relations["source_name"]) == {"ZTE", "Hangzhou Hikvision Digital Technology"}
    assert relations.loc[relations["memo_id"] == "m3", "date"].tolist() == ["", ""]
    mentions = pd.read_parquet(out[1]["mentions_parquet"])
    assert len(mentions) == sum(len(e.mentions) for r in records for e in r.entities)
    entities = pd.read_parquet(out[1]["entities_parquet"])
    assert len(entities) == sum(len(r.entities) for r in records)  # one row per entity per memo
    assert set(entities.loc[entities["entity_id"] == "org:zte", "name"]) == {"ZTE", "ZTE Corp", "ZTE Corporation"}


def test_exports_are_byte_identical_on_rerun(tmp_path, graph, records) -> None:
    """Two runs (input order shuffled) write the same bytes, parquet included."""
    with_memos = any(data["type"] == "MEMO" for _, data in graph.nodes(data=True))
    first = write_exports(graph, records, tmp_path / "a")
    shuffled = list(reversed(records))
    second = write_exports(build_graph(shuffled, include_memos=with_memos), shuffled, tmp_path / "b")
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name


def test_format_selection(tmp_path, graph, records) -> None:
    """Only the chosen formats are written; comma lists and aliases work; unknown names are refused."""
    written = write_exports(graph, records, tmp_path, ["GraphML", "tables"])
    assert sorted(written) == sorted(["graphml", *(f"{t}_{k}" for t in TABLES for k in ("csv", "parquet"))])
    assert not (tmp_path / "graph.gexf").exists()
    assert resolve_formats(None) == list(FORMATS)
    assert resolve_formats(["json,cytoscape"]) == ["json", "cyjs"]
    with pytest.raises(ExportError) as info:
        write_exports(graph, records, tmp_path, ["svg"])
    assert info.value.reason == "unknown_format"


def test_empty_graph_exports(tmp_path) -> None:
    """A run with no records still writes readable files with headers."""
    written = write_exports(build_graph([]), [], tmp_path)
    assert nx.read_graphml(written["graphml"]).number_of_nodes() == 0
    assert read_table_csv(written["relations_csv"], TABLES["relations"]).empty
    assert pd.read_parquet(written["relations_parquet"]).columns.tolist() == list(TABLES["relations"])


def test_output_path_that_is_a_file_is_refused(tmp_path, graph, records) -> None:
    """Writing into a file instead of a folder is an ExportError, not a traceback."""
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        write_exports(graph, records, target)
    assert info.value.reason == "output_not_writable"


def test_control_characters_from_pdfs_keep_xml_readable(tmp_path, records) -> None:
    """A form feed or NUL in a name or sentence must not make GraphML/GEXF unparseable."""
    record = next(r for r in records if r.id == "m3").model_copy(deep=True)
    next(e for e in record.entities if e.id == "org:zte").name = "ZTE\x0cCorporation"
    record.relations[0].evidence.sentence = "ZTE\x00 denied\x1b selling spyware to Venezuela."
    graph = build_graph([record])
    written = write_exports(graph, [record], tmp_path, ["graphml", "gexf", "json"])
    back = nx.read_graphml(written["graphml"], force_multigraph=True)
    assert back.nodes["org:zte"]["name"] == "ZTE Corporation" and back.nodes["org:zte"]["aliases"] == "ZTE"
    assert nx.read_gexf(written["gexf"]).nodes["org:zte"]["label"] == "ZTE Corporation"
    edge = _edge_index(back)[("org:zte", "SUPPLIES", "country:VEN")]
    assert edge["evidence_sentence"] == "ZTE  denied  selling spyware to Venezuela."
    assert json.loads(edge["evidence"])[0]["sentence"] == record.relations[0].evidence.sentence
