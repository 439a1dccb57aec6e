"""Unit tests of the graph page writer (pipeline/viz*.py): selection, escaping, safety, determinism."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from pipeline.errors import VizError
from pipeline.viz import VizOptions, synthetic_graph, write_graph_page
from pipeline.viz.layout import layout_positions
from pipeline.viz.page import script_json

HOSTILE_ORG = "<script>alert(1)</script> Systems"
HOSTILE_ALIAS = "<img src=x onerror=alert(1)>"
HOSTILE_LINK = '<a href="javascript:alert(1)">click</a>'
HOSTILE_SENTENCE = (
    "The firm </script><script>alert(2)</script> sold href=javascript:alert(1) kits \u2028 to the police "
    + HOSTILE_LINK
)


def _evidence(memo: str, sentence: str, date: str, section: str = "Key Points", ref: str | None = None) -> dict:
    return {
        "memo_id": memo,
        "reference": ref or f"REF-{memo.upper()}",
        "date": date,
        "title": f"Memo {memo}",
        "section": section,
        "section_kind": "key_points",
        "role": "reporting",
        "sentence": sentence,
        "start": 0,
        "end": len(sentence),
        "status": "reported",
        "confidence": 0.9,
        "page": None,
    }


def _node(graph: nx.MultiDiGraph, node: str, kind: str, name: str, **attrs) -> None:
    memos = attrs.pop("memos", ["m1"])
    graph.add_node(
        node,
        type=kind,
        name=name,
        iso3=attrs.pop("iso3", ""),
        category=attrs.pop("category", ""),
        country=attrs.pop("country", ""),
        aliases=attrs.pop("aliases", []),
        memos=memos,
        memo_count=len(memos),
        mention_count=attrs.pop("mention_count", len(memos)),
        is_vendor=attrs.pop("is_vendor", False),
    )


def _edge(graph: nx.MultiDiGraph, u: str, v: str, kind: str, status: str = "reported", evidence=(), caps=()) -> None:
    evidence = list(evidence)
    memos = sorted({e["memo_id"] for e in evidence}) or ["m1"]
    dates = sorted(e["date"] for e in evidence) or [""]
    graph.add_edge(
        u,
        v,
        key=kind,
        type=kind,
        weight=len(memos),
        capabilities=list(caps),
        capability_names=[c.split(":")[1].replace("-", " ") for c in caps],
        first_date=dates[0],
        last_date=dates[-1],
        statuses=[status],
        status=status,
        confidence=0.9,
        memos=memos,
        evidence=evidence,
    )


def sample_graph() -> nx.MultiDiGraph:
    """A small archive graph: two real-world vendors, one hostile vendor, countries, technologies, a memo."""
    g = nx.MultiDiGraph(memo_count=3, generated_from="tests")
    _node(g, "org:zte", "ORG", "ZTE", aliases=["ZTE Corporation"], country="CHN", is_vendor=True, memos=["m1", "m2"])
    _node(g, "org:hikvision", "ORG", "Hikvision", aliases=["Hangzhou Hikvision"], country="CHN", is_vendor=True)
    _node(
        g,
        "org:evil",
        "ORG",
        HOSTILE_ORG,
        aliases=[HOSTILE_ALIAS, "javascript:alert(1)"],
        country="VEN",
        is_vendor=True,
        memos=["m3"],
    )
    _node(g, "country:CHN", "COUNTRY", "China", iso3="CHN", memos=["m1", "m2", "m3"])
    _node(g, "country:VEN", "COUNTRY", "Venezuela", iso3="VEN", memos=["m1", "m3"])
    _node(g, "country:ECU", "COUNTRY", "Ecuador", iso3="ECU")
    _node(g, "country:ZWE", "COUNTRY", "Zimbabwe", iso3="ZWE", memos=["m3"])
    _node(g, "tech:national-id", "TECHNOLOGY", "national ID system", category="identity")
    _node(g, "tech:cctv", "TECHNOLOGY", "CCTV", aliases=["closed-circuit television"], category="video")
    _node(g, "tech:facial-recognition", "TECHNOLOGY", "facial recognition", category="biometrics")
    _node(g, "person:analyst", "PERSON", "Ann Analyst")
    _node(g, "memo:m1", "MEMO", "Memo m1")
    _node(g, "person:nobody", "PERSON", "Nobody Related")
    zte_ven = [
        _evidence("m1", "ZTE built the national ID card database for Venezuela.", "2018-11-14"),
        _evidence("m2", "Engineers from ZTE kept working on the ID system in Caracas.", "2019-03-02", "Summary"),
    ]
    _edge(g, "org:zte", "country:VEN", "SUPPLIES", evidence=zte_ven, caps=["tech:national-id"])
    _edge(
        g, "org:zte", "country:CHN", "BASED_IN", evidence=[_evidence("m1", "ZTE is based in Shenzhen.", "2018-11-14")]
    )
    _edge(g, "org:zte", "tech:national-id", "PROVIDES")
    _edge(
        g,
        "org:hikvision",
        "country:ECU",
        "SUPPLIES",
        "alleged",
        caps=["tech:cctv"],
        evidence=[_evidence("m2", "Hikvision cameras reportedly feed the ECU-911 centres.", "2019-03-02")],
    )
    _edge(g, "org:hikvision", "country:CHN", "BASED_IN")
    _edge(g, "org:hikvision", "tech:cctv", "PROVIDES", "halted")
    many = [_evidence(f"m{i:02d}", f"{HOSTILE_SENTENCE} #{i}", f"2020-01-{i + 1:02d}") for i in range(12)]
    _edge(g, "org:evil", "country:ZWE", "SUPPLIES", "denied", evidence=many, caps=["tech:facial-recognition"])
    _edge(g, "country:VEN", "tech:facial-recognition", "DEPLOYS", "planned")
    _edge(g, "person:analyst", "org:zte", "MENTIONS")
    _edge(g, "memo:m1", "org:zte", "MENTIONS")
    return g


def page_data(html: str) -> dict:
    """The graph data the page embeds, parsed the way the page's JSON.parse sees it."""
    match = re.search(r'<script type="application/json" id="memokg-data">(.*?)</script>', html, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


class PageParts(HTMLParser):
    """Tags, script elements (attributes and text) and meta tags, as a browser's parser splits them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.metas: list[dict] = []
        self._script: dict | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))
        if tag == "meta":
            self.metas.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


@pytest.fixture()
def page(tmp_path: Path) -> tuple[str, object]:
    """The sample graph's page, written once."""
    summary = write_graph_page(sample_graph(), tmp_path / "graph.html", VizOptions(subtitle="run of <b>3</b> memos"))
    return (tmp_path / "graph.html").read_text(encoding="utf-8"), summary


def test_page_holds_every_node_and_edge(page) -> None:
    html, summary = page
    data = page_data(html)
    graph = sample_graph()
    assert summary.nodes == graph.number_of_nodes() == len(data["nodes"])
    assert summary.edges == graph.number_of_edges() == len(data["edges"])
    assert {n["id"] for n in data["nodes"]} == set(graph)
    assert {(e["from"], e["to"]) for e in data["edges"]} == {(u, v) for u, v in graph.edges()}
    assert (summary.nodes_dropped, summary.edges_dropped) == (0, 0)


def test_only_the_page_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    out = tmp_path / "out" / "graph.html"
    write_graph_page(sample_graph(), out)
    assert sorted(p.name for p in work.iterdir()) == []
    assert sorted(p.name for p in out.parent.iterdir()) == ["graph.html"]


def test_nothing_points_at_another_host(page) -> None:
    html, _ = page
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "@import" not in html
    parts = PageParts(html)
    assert not {"link", "iframe", "object", "embed", "base", "img", "form"} & set(parts.tags)
    # the data block, then vis-network and the page's eight scripts; none loads a file
    assert [attrs for attrs, _ in parts.scripts] == [{"type": "application/json", "id": "memokg-data"}] + [{}] * 9


def test_csp_allows_exactly_the_inline_scripts(page) -> None:
    html, _ = page
    parts = PageParts(html)
    csp = next(m["content"] for m in parts.metas if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "img-src data:" in csp and "unsafe-eval" not in csp
    bodies = [text for attrs, text in parts.scripts if not attrs]
    assert len(bodies) == 9
    for body in bodies:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert html.index("Content-Security-Policy") < html.index("<script")


def test_hostile_text_is_data_not_markup(page) -> None:
    html, _ = page
    for raw in ("<script>alert", "<img src=x", "</script><script>", "<a href=", "\u2028", "<b>3</b>"):
        assert raw not in html
    assert "run of &lt;b&gt;3&lt;/b&gt; memos" in html
    data = page_data(html)
    evil = next(n for n in data["nodes"] if n["id"] == "org:evil")
    assert evil["info"]["name"] == HOSTILE_ORG
    assert HOSTILE_ALIAS in evil["info"]["aliases"]
    edge = next(e for e in data["edges"] if e["from"] == "org:evil")
    assert "</script><script>alert(2)</script>" in edge["info"]["evidence"][0]["sentence"]


def test_evidence_is_capped_and_counted(page) -> None:
    data = page_data(page[0])
    edge = next(e for e in data["edges"] if e["from"] == "org:evil")
    assert len(edge["info"]["evidence"]) == 10
    assert edge["info"]["evidence_total"] == 12
    assert [ev["date"] for ev in edge["info"]["evidence"]] == sorted(ev["date"] for ev in edge["info"]["evidence"])


def test_style_follows_type_status_weight_and_memos(page) -> None:
    data = page_data(page[0])
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert len({nodes[n]["shape"] for n in ("org:zte", "country:VEN", "tech:cctv", "person:analyst")}) == 4
    assert nodes["country:CHN"]["size"] > nodes["country:VEN"]["size"] > nodes["country:ECU"]["size"]
    assert nodes["org:zte"]["borderWidth"] > nodes["memo:m1"]["borderWidth"]
    assert edges[("org:zte", "country:VEN")]["dashes"] is False
    assert edges[("org:hikvision", "country:ECU")]["dashes"]
    assert edges[("org:evil", "country:ZWE")]["width"] > edges[("org:zte", "country:VEN")]["width"]
    assert (
        edges[("org:hikvision", "tech:cctv")]["color"]["color"] == edges[("org:evil", "country:ZWE")]["color"]["color"]
    )
    assert data["filters"]["statuses"] == ["reported", "alleged", "planned", "halted", "denied"]
    assert ["VEN", "Venezuela"] in data["filters"]["countries"]
    assert [v for v, _ in data["filters"]["vendors"]] == ["org:evil", "org:hikvision", "org:zte"]


def test_same_graph_same_bytes_whatever_the_insertion_order(tmp_path: Path) -> None:
    graph = sample_graph()
    shuffled = nx.MultiDiGraph(**graph.graph)
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    write_graph_page(graph, tmp_path / "a.html")
    write_graph_page(shuffled, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_title_subtitle_and_counts_are_in_the_heading(page) -> None:
    html, _ = page
    assert "<title>memokg knowledge graph — run of &lt;b&gt;3&lt;/b&gt; memos</title>" in html
    assert "13 nodes, 10 edges from 3 memos" in html


@pytest.mark.parametrize(
    ("options", "nodes", "edges"),
    [
        (VizOptions(labels=("org", "COUNTRY")), 7, 5),
        (VizOptions(statuses=("reported",)), 7, 6),
        (VizOptions(min_weight=2), 4, 2),
        (VizOptions(focus="zte corporation"), 6, 5),
        (VizOptions(focus="VENEZUELA", depth=0), 1, 0),
        (VizOptions(focus="country:VEN", depth=2), 7, 6),
    ],
)
def test_options_select_the_expected_part(tmp_path: Path, options: VizOptions, nodes: int, edges: int) -> None:
    summary = write_graph_page(sample_graph(), tmp_path / "g.html", options)
    assert (summary.nodes, summary.edges) == (nodes, edges)
    data = page_data((tmp_path / "g.html").read_text(encoding="utf-8"))
    assert (len(data["nodes"]), len(data["edges"])) == (nodes, edges)


def test_focus_is_resolved_by_id_name_or_alias() -> None:
    from pipeline.viz import resolve_focus

    graph = sample_graph()
    assert resolve_focus(graph, "org:zte") == "org:zte"
    assert resolve_focus(graph, "  HANGZHOU   hikvision ") == "org:hikvision"
    assert resolve_focus(graph, "Venezuela") == "country:VEN"
    with pytest.raises(VizError) as err:
        resolve_focus(graph, "Huawei")
    assert err.value.reason == "focus_not_found"
    graph.nodes["org:hikvision"]["aliases"].append("ZTE")
    with pytest.raises(VizError) as err:
        resolve_focus(graph, "zte")
    assert err.value.reason == "focus_ambiguous"


@pytest.mark.parametrize(
    "options",
    [
        VizOptions(depth=-1),
        VizOptions(min_weight=0),
        VizOptions(max_nodes=0),
        VizOptions(labels=("CITY",)),
        VizOptions(statuses=("rumoured",)),
        VizOptions(physics_threshold=-5),
        VizOptions(focus="   "),
    ],
)
def test_bad_options_raise_viz_error(tmp_path: Path, options: VizOptions) -> None:
    with pytest.raises(VizError) as err:
        write_graph_page(sample_graph(), tmp_path / "g.html", options)
    assert err.value.reason in {"bad_option", "focus_empty"}
    assert not (tmp_path / "g.html").exists()


def test_bad_input_and_unwritable_output(tmp_path: Path) -> None:
    with pytest.raises(VizError) as err:
        write_graph_page(nx.Graph(), tmp_path / "g.html")
    assert err.value.reason == "not_a_graph"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(VizError) as err:
        write_graph_page(sample_graph(), blocker / "g.html")
    assert err.value.reason == "output_not_writable"
    assert "g.html" in err.value.one_line()


def test_cap_keeps_the_strongest_nodes_and_says_what_was_cut(tmp_path: Path) -> None:
    graph = sample_graph()
    summary = write_graph_page(graph, tmp_path / "g.html", VizOptions(max_nodes=5))
    html = (tmp_path / "g.html").read_text(encoding="utf-8")
    ids = {n["id"] for n in page_data(html)["nodes"]}
    assert summary.nodes == 5 and summary.nodes_dropped == 8
    assert summary.edges + summary.edges_dropped == graph.number_of_edges()
    assert {"org:evil", "org:zte", "country:ZWE"} <= ids  # weighted degrees 12, 6 and 12
    assert 'id="memokg-notice"' in html and "Node cap 5: left out the 8 least connected nodes" in html
    assert 'id="memokg-notice"' not in write_graph_page(graph, tmp_path / "h.html").path.read_text(encoding="utf-8")


def test_physics_for_small_graphs_precomputed_layout_for_big_ones(tmp_path: Path) -> None:
    small = page_data(write_graph_page(sample_graph(), tmp_path / "s.html").path.read_text(encoding="utf-8"))
    assert small["options"]["physics"]["enabled"] is True
    assert small["options"]["physics"]["stabilization"]["enabled"] is True
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in small["nodes"])  # a seeded start
    big = page_data(
        write_graph_page(sample_graph(), tmp_path / "b.html", VizOptions(physics_threshold=5)).path.read_text(
            encoding="utf-8"
        )
    )
    assert big["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in big["nodes"])
    assert len({(n["x"], n["y"]) for n in big["nodes"]}) == len(big["nodes"])


def test_layout_is_deterministic_and_keeps_neighbours_closer() -> None:
    graph = synthetic_graph(nodes=300, edges=600, seed=3)
    first, second = layout_positions(graph), layout_positions(graph)
    assert first == second and set(first) == set(graph)

    def dist(a: str, b: str) -> float:
        return ((first[a][0] - first[b][0]) ** 2 + (first[a][1] - first[b][1]) ** 2) ** 0.5

    linked = [dist(u, v) for u, v in graph.edges()]
    nodes = sorted(graph)
    pairs = [dist(nodes[i], nodes[(i * 7 + 13) % len(nodes)]) for i in range(len(nodes))]
    assert sum(linked) / len(linked) < 0.8 * sum(pairs) / len(pairs)


def test_script_json_cannot_close_the_script_element() -> None:
    value = {"name": "</script><script>alert(1)</script> & \u2028\u2029 <!--"}
    text = script_json(value)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_synthetic_graph_follows_the_graph_contract() -> None:
    graph = synthetic_graph()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (2000, 5000)
    node_keys = {
        "type",
        "name",
        "iso3",
        "category",
        "country",
        "aliases",
        "memos",
        "memo_count",
        "mention_count",
        "is_vendor",
    }
    assert all(node_keys <= set(attrs) for _, attrs in graph.nodes(data=True))
    edge_keys = {"type", "weight", "capabilities", "status", "statuses", "evidence", "memos", "first_date"}
    assert all(edge_keys <= set(attrs) for _, _, attrs in graph.edges(data=True))
    assert synthetic_graph(nodes=50, edges=80).edges(keys=True) == synthetic_graph(nodes=50, edges=80).edges(keys=True)


def test_empty_and_odd_graphs_still_make_a_page(tmp_path: Path) -> None:
    empty = write_graph_page(nx.MultiDiGraph(), tmp_path / "empty.html")
    assert (empty.nodes, empty.edges) == (0, 0)
    assert page_data(empty.path.read_text(encoding="utf-8"))["nodes"] == []
    odd = nx.MultiDiGraph()
    odd.add_node(5, type="LOC", name=None, memos=None, aliases=None, weight="x")
    odd.add_node("a|b", type="ORG", name="A\x00B\tC", memo_count="many")
    odd.add_node("a", type="ORG", name="A")
    odd.add_node("b|c", type="ORG", name="BC")
    odd.add_edge("a|b", "b|c", key="R", status="rumoured", weight=None, evidence=[None, {"sentence": None}])
    odd.add_edge("a", "b|c", key="b|R", weight=2.7)
    odd.add_edge(5, "a", key="R")
    summary = write_graph_page(odd, tmp_path / "odd.html")
    data = page_data(summary.path.read_text(encoding="utf-8"))
    assert (summary.nodes, summary.edges) == (4, 3)
    assert len({e["id"] for e in data["edges"]}) == 3
    names = {n["id"]: n["info"]["name"] for n in data["nodes"]}
    assert names["a|b"] == "A B C" and names["5"] == "5"
    assert data["filters"]["statuses"] == ["reported", "rumoured"]
    clash = nx.MultiDiGraph()
    clash.add_nodes_from([5, "5"])
    with pytest.raises(VizError) as err:
        write_graph_page(clash, tmp_path / "clash.html")
    assert err.value.reason == "bad_graph"
