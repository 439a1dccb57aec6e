"""Filter relations across memos (`memokg relations`): by vendor, country, capability, type and status.

Filters apply to single relations first; the survivors are then aggregated exactly as in the graph, so a hit is
the graph's edge view (weight, statuses, evidence...) restricted to the relations that matched.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, get_args

import networkx as nx
import pycountry
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.errors import QueryError
from pipeline.graph.build import build_graph
from pipeline.schema import MemoRecord, Relation, RelationStatus, RelationType
from pipeline.text import fold

RELATION_TYPES: tuple[str, ...] = get_args(RelationType)
STATUSES: tuple[str, ...] = get_args(RelationStatus)
_FIXED_COLUMNS = frozenset({"relation", "status", "memos"})


@dataclass(frozen=True)
class RelationHit:
    """One aggregated (source, type, target) edge that matched, with the graph's edge attributes in `data`."""

    source: str
    type: str
    target: str
    source_name: str
    target_name: str
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The edge view as plain JSON data: endpoints and names first, then the edge attributes."""
        head = {"source": self.source, "source_name": self.source_name, "type": self.type,
                "target": self.target, "target_name": self.target_name}
        return {**head, **{key: value for key, value in self.data.items() if key not in head}}


def _labels(node: str, data: dict[str, Any]) -> list[str]:
    """Every folded string a user may type for a node: id, id without prefix, name, aliases."""
    return [fold(x) for x in (node, node.split(":", 1)[-1], data.get("name", ""), *data.get("aliases", [])) if x]


def _nodes_of(graph: nx.MultiDiGraph, node_type: str) -> list[tuple[str, dict[str, Any]]]:
    """Nodes of one type."""
    return [(node, data) for node, data in graph.nodes(data=True) if data.get("type") == node_type]


def vendor_ids(graph: nx.MultiDiGraph, vendor: str) -> set[str]:
    """Organisations whose id, name or alias equals the query, else contains it as whole words."""
    query = fold(vendor)
    orgs = _nodes_of(graph, "ORG")
    exact = {node for node, data in orgs if query in _labels(node, data)}
    if exact:
        return exact
    words = re.compile(rf"(?<!\w){re.escape(query)}(?!\w)")
    return {node for node, data in orgs if any(words.search(label) for label in _labels(node, data))}


def country_codes(graph: nx.MultiDiGraph, country: str) -> set[str]:
    """ISO3 codes meant by a country query: an ISO code or name via pycountry, or a name/alias in the graph."""
    query = fold(country)
    codes: set[str] = set()
    try:
        codes.add(pycountry.countries.lookup(country.strip()).alpha_3)
    except LookupError:
        pass
    for node, data in _nodes_of(graph, "COUNTRY"):
        if query in _labels(node, data):
            codes.add(data.get("iso3") or node.split(":", 1)[-1].upper())
    if not codes:
        raise QueryError("unknown_country", f"no country matches {country!r}: give an ISO code or a country name")
    return codes


def capability_ids(graph: nx.MultiDiGraph, capability: str) -> set[str]:
    """Technologies whose id, name, alias or category contains the query."""
    query = fold(capability)
    techs = _nodes_of(graph, "TECHNOLOGY")
    return {node for node, data in techs
            if any(query in label for label in [*_labels(node, data), fold(data.get("category", ""))])}


def _choices(values: Sequence[str] | None, allowed: tuple[str, ...], upper: bool, reason: str) -> set[str] | None:
    """Normalised filter values (comma lists allowed); None when no filter."""
    if not values:
        return None
    chosen = {part.strip().upper() if upper else part.strip().lower()
              for value in values for part in str(value).split(",") if part.strip()}
    unknown = sorted(chosen - set(allowed))
    if unknown:
        raise QueryError(reason, f"unknown value {', '.join(unknown)}; choose from {', '.join(allowed)}")
    return chosen or None


def find_relations(records: Iterable[MemoRecord], vendor: str | None = None, country: str | None = None,
                   capability: str | None = None, types: Sequence[str] | None = None,
                   statuses: Sequence[str] | None = None) -> list[RelationHit]:
    """Aggregated relations matching every given filter, most-attested first."""
    records = list(records)
    type_set = _choices(types, RELATION_TYPES, True, "unknown_relation_type")
    status_set = _choices(statuses, STATUSES, False, "unknown_status")
    full = build_graph(records)
    vendors = vendor_ids(full, vendor) if vendor and vendor.strip() else None
    countries = None
    if country and country.strip():
        codes = country_codes(full, country)
        countries = {node for node, data in _nodes_of(full, "COUNTRY") if data.get("iso3") in codes}
        countries |= {f"country:{code}" for code in codes}
    capabilities = capability_ids(full, capability) if capability and capability.strip() else None

    def keep(rel: Relation) -> bool:
        """Whether one relation passes every filter."""
        return ((type_set is None or rel.type in type_set)
                and (status_set is None or rel.status in status_set)
                and (vendors is None or rel.source in vendors)
                and (countries is None or bool({rel.source, rel.target} & countries))
                and (capabilities is None or bool({rel.source, rel.target, rel.capability} & capabilities)))

    kept = [record.model_copy(update={"relations": [r for r in record.relations if keep(r)]}) for record in records]
    graph = build_graph(kept)
    hits = [
        RelationHit(source=u, type=key, target=v, source_name=graph.nodes[u]["name"],
                    target_name=graph.nodes[v]["name"], data=dict(data))
        for u, v, key, data in graph.edges(keys=True, data=True)
    ]
    return sorted(hits, key=lambda hit: (-hit.data["weight"], hit.source, hit.type, hit.target))


def relations_json(hits: Sequence[RelationHit]) -> str:
    """Hits as a JSON array (stable field order, UTF-8)."""
    return json.dumps([hit.to_dict() for hit in hits], ensure_ascii=False, indent=2)


def _dates(data: dict[str, Any]) -> str:
    """'first .. last', one date when equal, '' when none."""
    first, last = data.get("first_date", ""), data.get("last_date", "")
    return first if first == last else f"{first} .. {last}"


def _evidence_lines(data: dict[str, Any], max_evidence: int, max_chars: int) -> str:
    """Up to max_evidence sentences, each prefixed with its memo id and shortened to max_chars."""
    evidence = data.get("evidence", [])
    lines = []
    for item in evidence[:max_evidence]:
        sentence = " ".join(item["sentence"].split())
        if len(sentence) > max_chars:
            sentence = sentence[: max_chars - 1].rstrip() + "…"
        lines.append(f"{item['memo_id']} ({item['status']}): {sentence}")
    if len(evidence) > max_evidence:
        lines.append(f"(+{len(evidence) - max_evidence} more)")
    return "\n".join(lines)


def format_relations_table(hits: Sequence[RelationHit], width: int = 160, max_evidence: int = 3,
                           max_chars: int = 200, plain: bool = False) -> str:
    """The hits as a text table (rich, no colour); `plain` gives tab-separated lines instead."""
    header = ["source", "relation", "target", "capabilities", "status", "memos", "dates", "evidence"]
    rows = [
        [hit.source_name, hit.type, hit.target_name, ", ".join(hit.data.get("capability_names", [])),
         hit.data["status"], str(hit.data["weight"]), _dates(hit.data),
         _evidence_lines(hit.data, max_evidence, max_chars)]
        for hit in hits
    ]
    if plain:
        return "\n".join("\t".join(cell.replace("\n", " / ") for cell in row) for row in [header, *rows]) + "\n"
    if not hits:
        return "No matching relations.\n"
    table = Table(show_lines=True, expand=True,
                  caption=f"{len(hits)} relation(s), {sum(len(h.data['evidence']) for h in hits)} evidence sentence(s)")
    for name in header:
        if name in _FIXED_COLUMNS:
            table.add_column(name.capitalize(), no_wrap=True)
        else:
            ratio, min_width = (4, 20) if name == "evidence" else (1, 10)
            table.add_column(name.capitalize(), ratio=ratio, min_width=min_width)
    for row in rows:
        # Text cells: memo sentences are shown literally, never parsed as rich markup.
        table.add_row(*[Text(cell) for cell in row])
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False).print(table)
    return buffer.getvalue()
