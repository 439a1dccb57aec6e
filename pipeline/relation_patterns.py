"""Run the DependencyMatcher patterns of models/relation_cues.json over a Doc and return frames.

A frame is one match: the pattern spec, the cue token and the tokens found
in each role slot (vendor, customer, product, org, country). Turning slots
into entities is the job of pipeline.relation_frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.relation_cues import PatternSpec, RelationCues, compile_spec


@dataclass
class Frame:
    """One pattern match: which spec, which cue token, which tokens per role."""

    spec: PatternSpec
    cue: int
    slots: dict[str, list[int]] = field(default_factory=dict)

    def key(self) -> tuple:
        """Identity of the frame, so several compiled variants of one spec count once."""
        return (self.spec.id, self.cue, tuple(sorted((r, tuple(t)) for r, t in self.slots.items())))


class FrameMatcher:
    """A DependencyMatcher built once from the pattern specs, reused for every Doc."""

    def __init__(self, vocab: Vocab, cues: RelationCues) -> None:
        self.matcher = DependencyMatcher(vocab, validate=True)
        self.specs: dict[str, PatternSpec] = {}
        self.roles: dict[str, list[tuple[int, str]]] = {}
        for spec in cues.patterns:
            for number, (nodes, role_of) in enumerate(compile_spec(spec, cues)):
                key = f"{spec.id}#{number}"
                self.specs[key] = spec
                # DependencyMatcher returns token ids in the order of the pattern's nodes
                self.roles[key] = [
                    (position, role)
                    for position, node in enumerate(nodes)
                    for role in role_of.get(node["RIGHT_ID"], [])
                ]
                self.matcher.add(key, [nodes])

    def frames(self, doc: Doc) -> list[Frame]:
        """All frames found in the Doc, in a stable order (cue position, spec id)."""
        found: dict[tuple, Frame] = {}
        for match_id, token_ids in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            spec = self.specs[key]
            slots: dict[str, list[int]] = {}
            cue = token_ids[0]
            for position, role in self.roles[key]:
                if role == "cue":
                    continue
                slots.setdefault(role, []).append(token_ids[position])
            frame = Frame(spec=spec, cue=cue, slots={r: sorted(set(t)) for r, t in slots.items()})
            found.setdefault(frame.key(), frame)
        return sorted(found.values(), key=lambda f: (f.cue, f.spec.id, f.key()))
