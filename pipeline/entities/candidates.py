"""A candidate entity span as the resolver weighs it: token bounds, label, registry id, method and trust."""

from __future__ import annotations

from dataclasses import dataclass

# Order of trust when spans overlap: an acronym defined in the text, the registries, a name typed by its context,
# the model, the patterns.
PRIORITY = {"acronym": 5, "ruler": 4, "context": 3, "model": 2, "list": 1.5, "pattern": 1}


@dataclass
class Cand:
    """One candidate span: token bounds, label, entity id ('' when unknown) and method."""

    start: int
    end: int
    label: str
    kb: str
    method: str

    @property
    def priority(self) -> float:
        """Trust rank of the candidate; a model span tied to a registry id ranks above other model spans."""
        return PRIORITY[self.method] + (0.5 if self.method == "model" and self.kb else 0.0)

    def overlaps(self, other: Cand) -> bool:
        """Whether the two spans share a token."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Cand) -> bool:
        """Whether this span strictly contains the other one."""
        return self.start <= other.start and other.end <= self.end and (self.end - self.start) > (
            other.end - other.start)
