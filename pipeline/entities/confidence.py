"""The one rule for an entity's confidence, with its figures read from models/entity_rules.json."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import ModelsDataError


@dataclass(frozen=True)
class ConfidenceRule:
    """Best method score, plus a bonus when methods agree, capped; deterministic."""

    methods: dict[str, float] = field(default_factory=dict)
    default: float = 0.6
    agreement_bonus: float = 0.05
    cap: float = 0.99

    @classmethod
    def from_rules(cls, rules: dict[str, Any]) -> ConfidenceRule:
        """The rule of entity_rules.json's `confidence` block."""
        data = rules.get("confidence", {})
        try:
            return cls(methods={str(k): float(v) for k, v in data.get("methods", {}).items()},
                       default=float(data.get("default", 0.6)),
                       agreement_bonus=float(data.get("agreement_bonus", 0.05)), cap=float(data.get("cap", 0.99)))
        except (TypeError, ValueError, AttributeError) as exc:
            raise ModelsDataError("models_file_invalid", f"entity_rules.json: bad confidence block: {exc}",
                                  "entity_rules.json") from exc

    def __call__(self, methods: Iterable[str]) -> float:
        """Confidence of an entity found by these methods."""
        found = set(methods)
        best = max((self.methods.get(m, self.default) for m in found), default=self.default)
        score = best + (self.agreement_bonus if len(found) > 1 else 0.0)
        return round(min(score, self.cap), 2)
