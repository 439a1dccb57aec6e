"""A synthetic knowledge graph with the graph contract's attributes, for large-graph tests and benchmarks.

Names are generated, not taken from any memo; a seeded random generator makes it reproducible.
"""

from __future__ import annotations

import random

import networkx as nx

_KINDS = (("ORG", "org", 0.45), ("COUNTRY", "country", 0.1), ("TECHNOLOGY", "tech", 0.3), ("PERSON", "person", 0.15))
_EDGE_TYPES = {
    ("ORG", "COUNTRY"): "SUPPLIES",
    ("ORG", "TECHNOLOGY"): "PROVIDES",
    ("COUNTRY", "TECHNOLOGY"): "DEPLOYS",
    ("PERSON", "ORG"): "MENTIONS",
}
_STATUSES = ("reported", "reported", "reported", "alleged", "planned", "halted", "denied")


def _iso3(i: int) -> str:
    return "".join(chr(ord("A") + (i // 26**p) % 26) for p in (2, 1, 0))


def synthetic_graph(nodes: int = 2000, edges: int = 5000, seed: int = 7, memos: int = 400) -> nx.MultiDiGraph:
    """About `nodes` nodes and exactly `edges` relations, with the attributes the graph stage writes."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph(memo_count=memos, generated_from="synthetic")
    by_kind: dict[str, list[str]] = {}
    memo_ids = [f"m{i:04d}" for i in range(memos)]
    for kind, prefix, share in _KINDS:
        for i in range(max(1, int(nodes * share))):
            code = _iso3(i) if kind == "COUNTRY" else ""
            node = f"{prefix}:{code or f'{prefix}-{i:04d}'}"
            seen = sorted(rng.sample(memo_ids, rng.randint(1, 6)))
            graph.add_node(
                node,
                type=kind,
                name=f"Country {code}" if code else f"{kind.title()} {i:04d}",
                iso3=code,
                category="surveillance" if kind == "TECHNOLOGY" else "",
                country="",
                aliases=[f"{prefix.upper()}{i}"],
                memos=seen,
                memo_count=len(seen),
                mention_count=len(seen) * rng.randint(1, 4),
                is_vendor=kind == "ORG" and rng.random() < 0.6,
            )
            by_kind.setdefault(kind, []).append(node)
    for node in by_kind["ORG"]:
        graph.nodes[node]["country"] = rng.choice(by_kind["COUNTRY"]).split(":")[1]
    pairs = sorted(_EDGE_TYPES)
    made = 0
    while made < edges:
        src_kind, dst_kind = rng.choice(pairs)
        u, v = rng.choice(by_kind[src_kind]), rng.choice(by_kind[dst_kind])
        kind = _EDGE_TYPES[(src_kind, dst_kind)]
        if graph.has_edge(u, v, key=kind):
            continue
        graph.add_edge(u, v, key=kind, **_edge_attrs(rng, kind, by_kind["TECHNOLOGY"], memo_ids))
        made += 1
    return graph


def _edge_attrs(rng: random.Random, kind: str, techs: list[str], memo_ids: list[str]) -> dict:
    """Edge attributes with one evidence row per supporting memo."""
    seen = sorted(rng.sample(memo_ids, rng.randint(1, 4)))
    status = rng.choice(_STATUSES)
    capabilities = sorted(rng.sample(techs, rng.randint(0, 2))) if kind == "SUPPLIES" else []
    dates = sorted(f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in seen)
    evidence = [
        {
            "memo_id": memo,
            "reference": f"REF-{memo}",
            "date": date,
            "title": f"Synthetic memo {memo}",
            "section": "Key Points",
            "section_kind": "key_points",
            "role": "reporting",
            "sentence": f"Synthetic sentence {n} supporting a {kind.lower()} relation.",
            "start": 10 * n,
            "end": 10 * n + 9,
            "status": status,
            "confidence": 0.8,
            "page": None,
        }
        for n, (memo, date) in enumerate(zip(seen, dates, strict=True))
    ]
    return {
        "type": kind,
        "weight": len(seen),
        "capabilities": capabilities,
        "capability_names": [c.split(":")[1] for c in capabilities],
        "first_date": dates[0],
        "last_date": dates[-1],
        "statuses": [status],
        "status": status,
        "confidence": 0.8,
        "memos": seen,
        "evidence": evidence,
    }
