"""Turn the selected graph into vis-network node and edge records plus the page's filter lists.

Everything here is plain data; memo text stays text (the page's own JS renders it with
textContent), and every list is sorted so the same graph always gives the same records.
"""

from __future__ import annotations

import json
import math
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx

from pipeline.viz.select import STATUSES, VizError

# legend and filter order of relation types: the vendor facts first
RELATION_ORDER = ("SUPPLIES", "PROVIDES", "DEPLOYS", "BASED_IN", "MENTIONS")


@lru_cache(maxsize=1)
def load_style() -> dict[str, Any]:
    """Colours, shapes and caps of the page (pipeline/viz/assets/style.json)."""
    try:
        text = resources.files("pipeline.viz").joinpath("assets", "style.json").read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise VizError("viz_assets_missing", f"cannot read the page style file: {exc}") from exc


def display_text(value: Any, limit: int | None = None) -> str:
    """A value as printable text: no control characters or lone surrogates, whitespace collapsed."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).encode("utf-8", "replace").decode("utf-8")
    if not text.isprintable():
        text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text


def _texts(values: Any) -> list[str]:
    """Distinct non-empty strings of a list attribute, sorted."""
    if not values:
        return []
    if isinstance(values, str):
        values = [values]
    return sorted({display_text(v) for v in values} - {""})


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _type_style(style: dict[str, Any], kind: str) -> dict[str, Any]:
    return style["node_types"].get(kind, style["unknown_type"])


def node_record(
    node: str, attrs: dict[str, Any], style: dict[str, Any], country_names: dict[str, str], degree: int = 0
) -> dict[str, Any]:
    """vis-network node (shape, colour, size by memo count) with the panel's facts under `info`."""
    kind = display_text(attrs.get("type")).upper() or "?"
    look = _type_style(style, kind)
    name = display_text(attrs.get("name")) or display_text(node)
    memo_count = _int(attrs.get("memo_count"), len(attrs.get("memos") or []))
    is_vendor = bool(attrs.get("is_vendor"))
    country = display_text(attrs.get("country")).upper()
    memos = _texts(attrs.get("memos"))
    aliases = [a for a in _texts(attrs.get("aliases")) if a != name]
    cap = style["list_max_items"]
    info = {
        "type": kind,
        "name": name,
        "iso3": display_text(attrs.get("iso3")).upper(),
        "category": display_text(attrs.get("category")),
        "country": country,
        "country_name": country_names.get(country, ""),
        "aliases": aliases[:cap],
        "aliases_total": len(aliases),
        "memos": memos[:cap],
        "memos_total": len(memos),
        "memo_count": memo_count,
        "mention_count": _int(attrs.get("mention_count")),
        "is_vendor": is_vendor,
        "degree": degree,  # relations touching it in this page: "most connected" ranks by it
    }
    return {
        "label": display_text(name, style["label_max_chars"]),
        "shape": look["shape"],
        "color": {"background": look["color"], "border": look["border"]},
        "borderWidth": style["vendor_border_width"] if is_vendor else 1,
        "size": round(min(10 + 6 * math.sqrt(max(memo_count, 0)), 50), 1),
        "font": {"color": style["font_color"]},
        "info": info,
    }


def _evidence(items: Any, style: dict[str, Any]) -> list[dict[str, Any]]:
    """Evidence rows for the tooltip, oldest first, each sentence shortened to the style's limit."""
    rows = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        rows.append(
            {
                "memo_id": display_text(item.get("memo_id")),
                "reference": display_text(item.get("reference")),
                "date": display_text(item.get("date")),
                "title": display_text(item.get("title"), 200),
                "section": display_text(item.get("section")),
                "status": display_text(item.get("status")),
                "page": _int(item.get("page"), 0) or None,
                "sentence": display_text(item.get("sentence"), style["sentence_max_chars"]),
                "start": _int(item.get("start")),
            }
        )
    rows.sort(key=lambda r: (r["date"], r["reference"], r["memo_id"], r["start"], r["sentence"]))
    return rows


def edge_record(u: str, v: str, key: Any, attrs: dict[str, Any], style: dict[str, Any]) -> dict[str, Any]:
    """vis-network edge (width by weight, dashes by status) with the evidence under `info`."""
    kind = display_text(attrs.get("type") or key).upper()
    status = display_text(attrs.get("status")).lower() or "reported"
    look = style["edge_types"].get(kind, style["unknown_edge_type"])
    status_look = style["statuses"].get(status, style["statuses"]["reported"])
    weight = max(_int(attrs.get("weight"), 1), 1)
    evidence = _evidence(attrs.get("evidence"), style)
    cap = style["evidence_per_edge"]
    confidence = attrs.get("confidence")
    colour = status_look.get("color", look["color"])
    info = {
        "type": kind,
        "status": status,
        "statuses": _texts(attrs.get("statuses")),
        "weight": weight,
        "capabilities": _texts(attrs.get("capabilities")),
        "capability_names": _texts(attrs.get("capability_names")),
        "first_date": display_text(attrs.get("first_date")),
        "last_date": display_text(attrs.get("last_date")),
        "confidence": round(float(confidence), 2) if isinstance(confidence, int | float) else None,
        "memos": _texts(attrs.get("memos")),
        "memos_total": len(_texts(attrs.get("memos"))),
        "evidence": evidence[:cap],
        "evidence_total": len(evidence),
    }
    return {
        "id": f"{u}|{display_text(key)}|{v}",
        "width": round(min(1 + 1.5 * math.log2(weight), 10), 2),
        "dashes": status_look["dashes"],
        "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": status_look["opacity"]},
        "info": info,
    }


def relation_degrees(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Relations touching each node (self-loops once): what "most connected" means on the page."""
    degree = dict.fromkeys(graph, 0)
    for u, v in graph.edges():
        degree[u] += 1
        if v != u:
            degree[v] += 1
    return degree


def country_names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """ISO3 code -> display name, from the graph's own country nodes."""
    names = {}
    for _, attrs in graph.nodes(data=True):
        if str(attrs.get("type", "")).upper() == "COUNTRY":
            iso3 = display_text(attrs.get("iso3")).upper()
            if iso3:
                names[iso3] = display_text(attrs.get("name")) or iso3
    return names


def filter_lists(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, Any]:
    """The choices the side panel offers, built only from what the page actually holds."""
    types = sorted({n["info"]["type"] for n in nodes})
    rank = {status: i for i, status in enumerate(STATUSES)}
    statuses = sorted({e["info"]["status"] for e in edges}, key=lambda s: (rank.get(s, len(rank)), s))
    order = {kind: i for i, kind in enumerate(RELATION_ORDER)}
    relations = sorted({e["info"]["type"] for e in edges}, key=lambda t: (order.get(t, len(order)), t))
    countries: dict[str, str] = {}
    for n in nodes:
        info = n["info"]
        if info["type"] == "COUNTRY" and info["iso3"]:
            countries[info["iso3"]] = info["name"]
        if info["country"]:
            countries.setdefault(info["country"], info["country_name"] or info["country"])
    vendors = {n["id"]: n["info"]["name"] for n in nodes if n["info"]["is_vendor"]}
    capabilities = {n["id"]: n["info"]["name"] for n in nodes if n["info"]["type"] == "TECHNOLOGY"}

    def as_options(mapping: dict[str, str]) -> list[list[str]]:
        return sorted(([value, label] for value, label in mapping.items()), key=lambda p: (p[1].casefold(), p[0]))

    return {
        "types": types,
        "statuses": statuses,
        "relations": relations,
        "countries": as_options(countries),
        "vendors": as_options(vendors),
        "capabilities": as_options(capabilities),
    }
