"""Assemble the one-file HTML page: pyvis holds the graph model, our template inlines everything.

pyvis's own template pulls Bootstrap and tom-select from CDNs and writes a lib/ folder for local
resources, so the page is rendered by pyvis's `generate_html()` through our template instead,
with vis-network's JS/CSS read from the installed pyvis package and inlined.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup
from pyvis.network import Network

from pipeline.viz.data import (
    country_names,
    display_text,
    edge_record,
    filter_lists,
    load_style,
    node_record,
    relation_degrees,
)
from pipeline.viz.select import Selection, VizError

TEMPLATE = "page.html.j2"
# inline scripts, in page order; the CSP allows exactly these
SCRIPTS = ("vis_js", "views_js", "select_js", "labels_js", "details_js", "table_js", "tabs_js", "controls_js", "app_js")
VIS_DIR = ("templates", "lib", "vis-9.1.2")
_CLOSING_TAG = re.compile(r"</(script|style)", re.IGNORECASE)


@dataclass(frozen=True)
class PageText:
    """What the heading says (title, subtitle, counts, cap notice) and where the memo record files are."""

    title: str
    subtitle: str
    counts: str
    notice: str
    memo_href: str = "memos/"


class _IdList(list):
    """A list with set-speed `in`: pyvis tests `id in node_ids` for every node and both ends of every edge."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        """Append and remember the id."""
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _read(package: str, *parts: str, inline: bool = True) -> str:
    """Text of one packaged asset; a missing asset is an install problem, reported as such."""
    try:
        text = resources.files(package).joinpath(*parts).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise VizError("viz_assets_missing", f"cannot read {package}/{'/'.join(parts)}: {exc}") from exc
    if inline and _CLOSING_TAG.search(text):
        raise VizError("viz_assets_invalid", f"{package}/{'/'.join(parts)} contains a closing tag; cannot inline it")
    return text


def load_assets() -> dict[str, str]:
    """vis-network JS/CSS from the installed pyvis, our app JS/CSS and page template."""
    return {
        "vis_js": _read("pyvis", *VIS_DIR, "vis-network.min.js"),
        "vis_css": _read("pyvis", *VIS_DIR, "vis-network.css"),
        "views_js": _read("pipeline.viz", "assets", "views.js"),
        "select_js": _read("pipeline.viz", "assets", "select.js"),
        "labels_js": _read("pipeline.viz", "assets", "labels.js"),
        "details_js": _read("pipeline.viz", "assets", "details.js"),
        "table_js": _read("pipeline.viz", "assets", "table.js"),
        "controls_js": _read("pipeline.viz", "assets", "controls.js"),
        "tabs_js": _read("pipeline.viz", "assets", "tabs.js"),
        "app_js": _read("pipeline.viz", "assets", "app.js"),
        "app_css": _read("pipeline.viz", "assets", "app.css"),
        "template": _read("pipeline.viz", "assets", TEMPLATE, inline=False),
    }


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: <, >, &, U+2028 and U+2029 are \\u-escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(scripts: list[str]) -> str:
    """Only the page's own inline scripts (by hash) and inline styles may run; nothing is fetched."""
    hashes = " ".join(_sha256(s) for s in scripts)
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def vis_options(physics: bool, node_count: int) -> dict[str, Any]:
    """vis-network options: a short physics run from the precomputed start for small graphs, none for big ones."""
    settings: dict[str, Any] = {"enabled": False}
    if physics:
        # the Python layout is already a force layout, so physics only polishes it; the budget
        # shrinks with size because each iteration costs O(n log n) in the browser
        iterations = max(50, min(200, 20000 // max(node_count, 1)))
        settings = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 80, "centralGravity": 0.02,
                                 "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
            "minVelocity": 0.75,
        }
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": not physics, "keyboard": False},
        "physics": settings,
        "nodes": {"font": {"size": 14, "face": "sans-serif"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3} if physics else False,
            "selectionWidth": 2,
        },
    }


def build_network(selection: Selection, positions: dict[str, tuple[int, int]], heading: str, physics: bool) -> Network:
    """The pyvis graph model: one node per entity at its start position, one edge per relation, sorted."""
    style = load_style()
    graph = selection.graph
    net = Network(height="100%", width="100%", directed=True, heading=heading, cdn_resources="in_line")
    net.node_ids = _IdList()
    names = country_names(graph)
    degree = relation_degrees(graph)
    for node in sorted(graph):
        record = node_record(node, graph.nodes[node], style, names, degree[node])
        if node in positions:
            record["x"], record["y"] = positions[node]
        net.add_node(node, **record)
    seen: set[str] = set()
    for u, v, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        record = edge_record(u, v, key, attrs, style)
        # readable ids can collide when node ids contain the separator; vis-network rejects duplicates
        base, n = record["id"], 1
        while record["id"] in seen:
            n += 1
            record["id"] = f"{base}#{n}"
        seen.add(record["id"])
        net.add_edge(u, v, **record)
    net.options = vis_options(physics, graph.number_of_nodes())
    return net


def render(net: Network, text: PageText) -> str:
    """HTML of the page, rendered by pyvis's generate_html() through our own template."""
    assets = load_assets()
    style = load_style()
    env = jinja2.Environment(
        loader=jinja2.DictLoader({TEMPLATE: assets["template"]}),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    keys = ("node_types", "unknown_type", "edge_types", "unknown_edge_type", "statuses", "faded", "labels")
    page_style = {key: style[key] for key in keys}

    def data_json(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], options: str) -> Markup:
        payload = {
            "nodes": nodes,
            "edges": edges,
            "options": json.loads(options),
            "filters": filter_lists(nodes, edges),
            "style": page_style,
            "memo_href": text.memo_href,
        }
        return Markup(script_json(payload))

    env.globals.update(
        page={
            "title": display_text(text.title),
            "subtitle": display_text(text.subtitle),
            "counts": text.counts,
            "notice": text.notice,
            "csp": Markup(content_security_policy([assets[key] for key in SCRIPTS])),
        },
        assets={key: Markup(assets[key]) for key in (*SCRIPTS, "vis_css", "app_css")},
        data_json=data_json,
    )
    net.templateEnv = env
    net.path = TEMPLATE
    return net.generate_html()
