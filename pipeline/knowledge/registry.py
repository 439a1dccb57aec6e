"""The registries of models/: organisations and technologies read once into `Known` records.

vendors.jsonl (companies that sell technology, with their products),
organisations.jsonl (media, NGOs, research groups, agencies...) and
technologies.jsonl (capabilities and named products). Entity ids are
`org:<id>` and `tech:<id>`. Absent registry files count as empty, so a partial
user folder still works; malformed ones raise. `OrgRegistry` is the relation
stage's view of the same records: who is a vendor, a state body or neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.errors import ModelsDataError

if TYPE_CHECKING:
    from pipeline.knowledge.loader import Knowledge

DUAL_NOTE = "also a company name"
CASED_NOTE = "common word: match case-sensitively"
VENDORS, ORGANISATIONS, TECHNOLOGIES = "vendors.jsonl", "organisations.jsonl", "technologies.jsonl"
REGISTRIES = ((VENDORS, "ORG"), (ORGANISATIONS, "ORG"), (TECHNOLOGIES, "TECHNOLOGY"))
PREFIX = {"ORG": "org", "TECHNOLOGY": "tech", "PERSON": "person", "COUNTRY": "country"}
KINDS_FILE = "org_kinds.json"


@dataclass(frozen=True)
class Known:
    """One registry record: an organisation or a technology with its canonical id."""

    id: str
    label: str
    name: str
    aliases: tuple[str, ...]
    country: str | None = None
    category: str | None = None
    dual: bool = False
    cased: bool = False
    kind: str = ""
    products: tuple[str, ...] = ()
    source: str = ""


def read_registry(knowledge: Knowledge, name: str, label: str) -> list[Known]:
    """The records of one registry file (none when the file is absent)."""
    if not knowledge.has(name):
        return []
    out = []
    for row in knowledge.jsonl(name):
        if not isinstance(row, dict) or not row.get("id") or not row.get("name"):
            raise ModelsDataError("models_file_invalid", f"record without id/name in {name}: {row!r}",
                                  knowledge.path(name))
        aliases = tuple(a for a in row.get("aliases", []) if isinstance(a, str) and a.strip())
        note = str(row.get("note", "")).lower()
        kind = str(row.get("kind", "vendor" if name == VENDORS else "")).lower()
        out.append(Known(id=f"{PREFIX[label]}:{row['id']}", label=label, name=row["name"], aliases=aliases,
                         country=row.get("country"), category=row.get("category") or row.get("kind"),
                         dual=label == "TECHNOLOGY" and DUAL_NOTE in note, cased=CASED_NOTE in note, kind=kind,
                         products=tuple(str(p) for p in row.get("products", []) or []), source=name))
    return out


def registry_records(knowledge: Knowledge) -> list[Known]:
    """Every registry record, vendors first, in file order."""
    return knowledge.derive("registry", lambda k: [r for name, lab in REGISTRIES for r in read_registry(k, name, lab)])


@dataclass(frozen=True)
class OrgRegistry:
    """Registry facts keyed by entity id (`org:<id>`)."""

    vendors: frozenset[str] = frozenset()
    kinds: dict[str, str] = field(default_factory=dict)
    products: dict[str, tuple[str, ...]] = field(default_factory=dict)
    government_kinds: frozenset[str] = frozenset()
    non_vendor_kinds: frozenset[str] = frozenset()

    def is_government(self, entity_id: str) -> bool:
        """True when the registry lists the organisation as an organ of a state."""
        return self.kinds.get(entity_id) in self.government_kinds

    def is_non_vendor(self, entity_id: str) -> bool:
        """True when the registry lists the organisation as media, NGO, research group, state body..."""
        return entity_id not in self.vendors and self.kinds.get(entity_id) in self.non_vendor_kinds


def _org_registry(knowledge: Knowledge) -> OrgRegistry:
    kinds_data = knowledge.json(KINDS_FILE) if knowledge.has(KINDS_FILE) else {}
    government = frozenset(str(k).lower() for k in kinds_data.get("government", []))
    # Organisations of these kinds never sell surveillance technology in our texts' sense.
    non_vendor = frozenset(str(k).lower() for k in kinds_data.get("non_vendor", [])) | government
    vendors: set[str] = set()
    kinds: dict[str, str] = {}
    products: dict[str, tuple[str, ...]] = {}
    records = [r for r in registry_records(knowledge) if r.source == ORGANISATIONS]
    records += [r for r in registry_records(knowledge) if r.source == VENDORS]
    for record in records:  # a vendor record's kind wins over an organisation record of the same id
        kinds[record.id] = record.kind
        if record.source == VENDORS:
            vendors.add(record.id)
            products[record.id] = record.products
    return OrgRegistry(frozenset(vendors), kinds, products, government, non_vendor)


def org_registry(knowledge: Knowledge) -> OrgRegistry:
    """Vendors, kinds and products of the organisation registries."""
    return knowledge.derive("org_registry", _org_registry)
