"""Build one knowledge graph across memo records: entities merged by id, relations aggregated per memo.

Attribute names are a contract with the viz and export code; docs/graph.md lists them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from pipeline.errors import RecordsError
from pipeline.schema import Entity, MemoRecord, Relation

# Most assertive first: a fact reported anywhere outranks an allegation, a plan, a halt or a denial.
STATUS_ORDER: tuple[str, ...] = ("reported", "alleged", "planned", "halted", "denied")
VENDOR_RELATIONS = frozenset({"SUPPLIES", "PROVIDES"})
MENTIONS = "MENTIONS"
MEMO_TYPE = "MEMO"
_PREFIX_TYPES = {"org": "ORG", "country": "COUNTRY", "tech": "TECHNOLOGY", "person": "PERSON"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def memo_node_id(memo_id: str) -> str:
    """Graph key of a memo node."""
    return f"memo:{memo_id}"


def status_rank(status: str) -> int:
    """Position of a status in STATUS_ORDER (unknown statuses rank last)."""
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def _most_common(values: Iterable[str]) -> str:
    """Most frequent non-empty value, ties broken by sorted order; "" when none."""
    counts = Counter(value for value in values if value)
    if not counts:
        return ""
    return min(counts, key=lambda value: (-counts[value], value))


def _memo_date(record: MemoRecord) -> str:
    """The memo's ISO date, or "" when absent or not ISO (so min/max compare as dates)."""
    date = record.metadata.date or ""
    return date if _ISO_DATE.match(date) else ""


def require_unique_ids(records: list[MemoRecord], where: str | None = None) -> list[MemoRecord]:
    """The records unchanged, or a RecordsError naming the ids that several records share.

    Ids are made unique once, when records leave the store; readers and the graph only check, because memo
    ids key the graph's provenance and a duplicate here means record files were joined by hand.
    """
    seen = Counter(record.id for record in records)
    duplicates = sorted(memo_id for memo_id, count in seen.items() if count > 1)
    if duplicates:
        raise RecordsError("duplicate_memo_id", f"memo id used by several records: {', '.join(duplicates)}", where)
    return records


def _node_attrs(entity_id: str, entities: list[tuple[str, Entity]]) -> dict[str, Any]:
    """Attributes of one entity node from every (memo id, entity) occurrence."""
    name = _most_common(entity.name for _, entity in entities)
    if not name:
        name = entity_id.split(":", 1)[-1]
    seen: set[str] = set()
    for _, entity in entities:
        seen.update(entity.aliases)
        seen.add(entity.name)
        seen.update(mention.text for mention in entity.mentions)
    seen.discard(name)
    seen.discard("")
    memos = sorted({memo_id for memo_id, _ in entities})
    return {
        "type": _most_common(entity.label for _, entity in entities)
        or _PREFIX_TYPES.get(entity_id.split(":", 1)[0], "ORG"),
        "name": name,
        "label": name,  # what Gephi, yEd and Cytoscape show; same as name
        "iso3": _most_common(entity.iso3 or "" for _, entity in entities),
        "category": _most_common(entity.category or "" for _, entity in entities),
        "country": _most_common(entity.country or "" for _, entity in entities),
        "aliases": sorted(seen),
        "memos": memos,
        "memo_count": len(memos),
        "mention_count": sum(len(entity.mentions) for _, entity in entities),
        "is_vendor": False,
    }


def _evidence(record: MemoRecord, relation: Relation) -> dict[str, Any]:
    """One evidence entry of an aggregated edge: the sentence and where it comes from."""
    ev = relation.evidence
    return {
        "memo_id": record.id,
        "reference": record.metadata.reference or "",
        "date": _memo_date(record),
        "title": record.metadata.title or "",
        "section": ev.section or "",
        "section_kind": ev.section_kind or "",
        "role": ev.role,
        "sentence": ev.sentence,
        "start": ev.start,
        "end": ev.end,
        "status": relation.status,
        "confidence": relation.confidence,
        "page": ev.page,
        "relation_id": relation.id,
        "capability": relation.capability or "",
    }


def _edge_attrs(rel_type: str, items: list[tuple[MemoRecord, Relation]], names: dict[str, str]) -> dict[str, Any]:
    """Attributes of one aggregated (source, type, target) edge."""
    memos = sorted({record.id for record, _ in items})
    dates = sorted({_memo_date(record) for record, _ in items} - {""})
    capabilities = sorted({relation.capability for _, relation in items if relation.capability})
    statuses = sorted({relation.status for _, relation in items})
    evidence = [_evidence(record, relation) for record, relation in items]
    evidence.sort(key=lambda e: (e["memo_id"], e["start"], e["end"], e["relation_id"]))
    return {
        "type": rel_type,
        "weight": len(memos),
        "capabilities": capabilities,
        "capability_names": sorted({names.get(cap, cap) for cap in capabilities}),
        "first_date": dates[0] if dates else "",
        "last_date": dates[-1] if dates else "",
        "statuses": statuses,
        "status": min(statuses, key=status_rank),
        "confidence": max(relation.confidence for _, relation in items),
        "memos": memos,
        "evidence": evidence,
    }


def _add_memo_nodes(graph: nx.MultiDiGraph, records: list[MemoRecord]) -> None:
    """Memo nodes and MENTIONS edges memo -> entity (weight = mentions in that memo, at least 1)."""
    for record in records:
        meta = record.metadata
        graph.add_node(
            memo_node_id(record.id),
            type=MEMO_TYPE,
            name=meta.title or record.id,
            label=meta.title or record.id,
            date=_memo_date(record),
            reference=meta.reference or "",
            memos=[record.id],
            memo_count=1,
            mention_count=sum(len(entity.mentions) for entity in record.entities),
        )
    for record in records:
        counts: Counter[str] = Counter()
        for entity in record.entities:
            counts[entity.id] += max(1, len(entity.mentions))
        for entity_id in sorted(counts):
            graph.add_edge(memo_node_id(record.id), entity_id, key=MENTIONS, type=MENTIONS,
                           weight=counts[entity_id], memos=[record.id])


def build_graph(records: Iterable[MemoRecord], include_memos: bool = False) -> nx.MultiDiGraph:
    """One MultiDiGraph over all records: nodes keyed by entity id, edges by (source, type, target)."""
    records = sorted(records, key=lambda record: record.id)
    require_unique_ids(records)
    occurrences: dict[str, list[tuple[str, Entity]]] = defaultdict(list)
    grouped: dict[tuple[str, str, str], list[tuple[MemoRecord, Relation]]] = defaultdict(list)
    for record in records:
        for entity in record.entities:
            occurrences[entity.id].append((record.id, entity))
        for relation in record.relations:
            grouped[(relation.source, relation.type, relation.target)].append((record, relation))
    # A relation may point at an entity its memo did not list; it still needs a node.
    endpoints = {node for source, _, target in grouped for node in (source, target)}
    capabilities = {rel.capability for items in grouped.values() for _, rel in items if rel.capability}
    graph = nx.MultiDiGraph(memo_count=len(records), generated_from=[record.id for record in records])
    for entity_id in sorted(set(occurrences) | endpoints | capabilities):
        graph.add_node(entity_id, **_node_attrs(entity_id, occurrences.get(entity_id, [])))
    names = {node: data["name"] for node, data in graph.nodes(data=True)}
    for source, rel_type, target in sorted(grouped, key=lambda k: (k[0], k[2], k[1])):
        attrs = _edge_attrs(rel_type, grouped[(source, rel_type, target)], names)
        graph.add_edge(source, target, key=rel_type, **attrs)
        if rel_type in VENDOR_RELATIONS:
            graph.nodes[source]["is_vendor"] = True
    if include_memos:
        _add_memo_nodes(graph, records)
    return graph
