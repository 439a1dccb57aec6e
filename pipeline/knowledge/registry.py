"""What the organisation registries say about the organisations of a memo: vendor, state body or neither.

Reads models/vendors.jsonl (companies that sell technology, with their
products) and models/organisations.jsonl (media, NGOs, research groups,
agencies...). Entity ids are `org:<registry id>`. Both files are optional
for this stage: without them every organisation may act as a vendor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ModelsDataError
from pipeline.knowledge.files import load_jsonl

GOVERNMENT_KINDS = frozenset({"agency", "government", "court", "military", "police", "ministry"})
# Organisations of these kinds never sell surveillance technology in our texts' sense.
NON_VENDOR_KINDS = frozenset({"media", "ngo", "intergovernmental", "research", "party", "standards"}) | GOVERNMENT_KINDS


@dataclass(frozen=True)
class OrgRegistry:
    """Registry facts keyed by entity id (`org:<id>`)."""

    vendors: frozenset[str] = frozenset()
    kinds: dict[str, str] = field(default_factory=dict)
    products: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def is_government(self, entity_id: str) -> bool:
        """True when the registry lists the organisation as an organ of a state."""
        return self.kinds.get(entity_id) in GOVERNMENT_KINDS

    def is_non_vendor(self, entity_id: str) -> bool:
        """True when the registry lists the organisation as media, NGO, research group, state body..."""
        return entity_id not in self.vendors and self.kinds.get(entity_id) in NON_VENDOR_KINDS


def _rows(name: str, models_dir: Path | str | None) -> list[dict]:
    try:
        return load_jsonl(name, models_dir)
    except ModelsDataError as exc:
        if exc.reason == "models_file_missing":
            return []
        raise


def load_registry(models_dir: Path | str | None = None) -> OrgRegistry:
    """Read the vendor and organisation registries (missing files give an empty registry)."""
    vendors: set[str] = set()
    kinds: dict[str, str] = {}
    products: dict[str, tuple[str, ...]] = {}
    for row in _rows("organisations.jsonl", models_dir):
        if "id" in row:
            kinds[f"org:{row['id']}"] = str(row.get("kind", "")).lower()
    for row in _rows("vendors.jsonl", models_dir):
        if "id" not in row:
            continue
        key = f"org:{row['id']}"
        vendors.add(key)
        kinds[key] = str(row.get("kind", "vendor")).lower()
        products[key] = tuple(str(p) for p in row.get("products", []) or [])
    return OrgRegistry(vendors=frozenset(vendors), kinds=kinds, products=products)
