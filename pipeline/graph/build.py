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


class _NodeFacts:
    """What the graph keeps of one entity id across memos: counts and sets, never the entities themselves."""

    __slots__ = ("names", "labels", "iso3", "category", "country", "seen", "memos", "mention_count")

    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()
        self.iso3: Counter[str] = Counter()
        self.category: Counter[str] = Counter()
        self.country: Counter[str] = Counter()
        self.seen: set[str] = set()
        self.memos: set[str] = set()
        self.mention_count = 0

    def add(self, memo_id: str, entity: Entity) -> None:
        for counter, value in ((self.names, entity.name), (self.labels, entity.label), (self.iso3, entity.iso3),
                               (self.category, entity.category), (self.country, entity.country)):
            if value:
                counter[value] += 1
        self.seen.update(entity.aliases)
        self.seen.add(entity.name)
        self.seen.update(mention.text for mention in entity.mentions)
        self.memos.add(memo_id)
        self.mention_count += len(entity.mentions)


def _top(counts: Counter[str]) -> str:
    """Most frequent value of a counter, ties broken by sorted order; "" when empty."""
    return min(counts, key=lambda value: (-counts[value], value)) if counts else ""


def _node_attrs(entity_id: str, facts: _NodeFacts) -> dict[str, Any]:
    """Attributes of one entity node from what every memo said of it."""
    name = _top(facts.names) or entity_id.split(":", 1)[-1]
    seen = facts.seen - {name, ""}
    memos = sorted(facts.memos)
    return {
        "type": _top(facts.labels) or _PREFIX_TYPES.get(entity_id.split(":", 1)[0], "ORG"),
        "name": name,
        "label": name,  # what Gephi, yEd and Cytoscape show; same as name
        "iso3": _top(facts.iso3),
        "category": _top(facts.category),
        "country": _top(facts.country),
        "aliases": sorted(seen),
        "memos": memos,
        "memo_count": len(memos),
        "mention_count": facts.mention_count,
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
        "method": relation.method or "",
        "support": [{"sentence": s.sentence, "start": s.start, "end": s.end, "page": s.page} for s in relation.support],
    }


class _EdgeFacts:
    """What the graph keeps of one (source, type, target) fact: sets, the best confidence, the evidence."""

    __slots__ = ("memos", "dates", "capabilities", "statuses", "confidence", "evidence")

    def __init__(self) -> None:
        self.memos: set[str] = set()
        self.dates: set[str] = set()
        self.capabilities: set[str] = set()
        self.statuses: set[str] = set()
        self.confidence: float | None = None
        self.evidence: list[dict[str, Any]] = []

    def add(self, record: MemoRecord, relation: Relation) -> None:
        self.memos.add(record.id)
        self.dates.add(_memo_date(record))
        if relation.capability:
            self.capabilities.add(relation.capability)
        self.statuses.add(relation.status)
        if self.confidence is None or relation.confidence > self.confidence:
            self.confidence = relation.confidence
        self.evidence.append(_evidence(record, relation))


def _edge_attrs(rel_type: str, facts: _EdgeFacts, names: dict[str, str]) -> dict[str, Any]:
    """Attributes of one aggregated (source, type, target) edge."""
    memos = sorted(facts.memos)
    dates = sorted(facts.dates - {""})
    capabilities = sorted(facts.capabilities)
    statuses = sorted(facts.statuses)
    evidence = sorted(facts.evidence, key=lambda e: (e["memo_id"], e["start"], e["end"], e["relation_id"]))
    return {
        "type": rel_type,
        "weight": len(memos),
        "capabilities": capabilities,
        "capability_names": sorted({names.get(cap, cap) for cap in capabilities}),
        "first_date": dates[0] if dates else "",
        "last_date": dates[-1] if dates else "",
        "statuses": statuses,
        "status": min(statuses, key=status_rank),
        "confidence": facts.confidence,
        "memos": memos,
        "evidence": evidence,
    }


class GraphBuilder:
    """Builds the graph one record at a time, keeping only the aggregates, so an archive streams through it."""

    def __init__(self, include_memos: bool = False) -> None:
        self.include_memos = include_memos
        self.ids: list[str] = []
        self._seen: set[str] = set()
        self._duplicates: set[str] = set()
        self.nodes: dict[str, _NodeFacts] = defaultdict(_NodeFacts)
        self.edges: dict[tuple[str, str, str], _EdgeFacts] = defaultdict(_EdgeFacts)
        self.memo_nodes: list[tuple[str, dict[str, Any], dict[str, int]]] = []

    def add(self, record: MemoRecord) -> None:
        """Fold one record into the aggregates."""
        if record.id in self._seen:
            self._duplicates.add(record.id)
        self._seen.add(record.id)
        self.ids.append(record.id)
        for entity in record.entities:
            self.nodes[entity.id].add(record.id, entity)
        for relation in record.relations:
            self.edges[(relation.source, relation.type, relation.target)].add(record, relation)
        if self.include_memos:
            self.memo_nodes.append(_memo_node(record))

    def graph(self) -> nx.MultiDiGraph:
        """The MultiDiGraph of every record added (a RecordsError when two shared an id)."""
        if self._duplicates:
            raise RecordsError("duplicate_memo_id",
                               f"memo id used by several records: {', '.join(sorted(self._duplicates))}")
        # A relation may point at an entity its memo did not list; it still needs a node.
        endpoints = {node for source, _, target in self.edges for node in (source, target)}
        capabilities = {cap for facts in self.edges.values() for cap in facts.capabilities}
        ids = sorted(self.ids)
        graph = nx.MultiDiGraph(memo_count=len(ids), generated_from=ids)
        empty = _NodeFacts()
        for entity_id in sorted(set(self.nodes) | endpoints | capabilities):
            graph.add_node(entity_id, **_node_attrs(entity_id, self.nodes.get(entity_id, empty)))
        names = {node: data["name"] for node, data in graph.nodes(data=True)}
        for source, rel_type, target in sorted(self.edges, key=lambda k: (k[0], k[2], k[1])):
            graph.add_edge(source, target, key=rel_type, **_edge_attrs(rel_type, self.edges[(source, rel_type, target)],
                                                                       names))
            if rel_type in VENDOR_RELATIONS:
                graph.nodes[source]["is_vendor"] = True
        if self.include_memos:
            _add_memo_nodes(graph, sorted(self.memo_nodes, key=lambda item: item[0]))
        return graph


def _memo_node(record: MemoRecord) -> tuple[str, dict[str, Any], dict[str, int]]:
    """A memo node's attributes and its MENTIONS weights (mentions in that memo, at least 1)."""
    meta = record.metadata
    attrs = {
        "type": MEMO_TYPE, "name": meta.title or record.id, "label": meta.title or record.id,
        "date": _memo_date(record),
        "reference": meta.reference or "", "memos": [record.id], "memo_count": 1,
        "mention_count": sum(len(entity.mentions) for entity in record.entities),
    }
    counts: Counter[str] = Counter()
    for entity in record.entities:
        counts[entity.id] += max(1, len(entity.mentions))
    return record.id, attrs, dict(counts)


def _add_memo_nodes(graph: nx.MultiDiGraph, memos: list[tuple[str, dict[str, Any], dict[str, int]]]) -> None:
    """Memo nodes, then MENTIONS edges memo -> entity."""
    for memo_id, attrs, _ in memos:
        graph.add_node(memo_node_id(memo_id), **attrs)
    for memo_id, _, counts in memos:
        for entity_id in sorted(counts):
            graph.add_edge(memo_node_id(memo_id), entity_id, key=MENTIONS, type=MENTIONS,
                           weight=counts[entity_id], memos=[memo_id])


def build_graph(records: Iterable[MemoRecord], include_memos: bool = False) -> nx.MultiDiGraph:
    """One MultiDiGraph over all records: nodes keyed by entity id, edges by (source, type, target)."""
    builder = GraphBuilder(include_memos)
    for record in records:
        builder.add(record)
    return builder.graph()
