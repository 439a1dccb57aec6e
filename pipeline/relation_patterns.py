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



class FrameMatcher:
    """A DependencyMatcher built once from the pattern specs, reused for every Doc.

    Each role path is its own pattern; a frame exists where one anchor token
    has a match for every role of the spec (so role paths combine freely).
    """

    def __init__(self, vocab: Vocab, cues: RelationCues) -> None:
        self.matcher = DependencyMatcher(vocab, validate=True)
        self.keys: dict[str, tuple[PatternSpec, str]] = {}
        self.specs = {spec.id: spec for spec in cues.patterns}
        for spec in cues.patterns:
            for number, (role, nodes) in enumerate(compile_spec(spec, cues)):
                key = f"{spec.id}|{role}|{number}"
                self.keys[key] = (spec, role)
                self.matcher.add(key, [nodes])

    def frames(self, doc: Doc) -> list[Frame]:
        """All frames found in the Doc, in a stable order (cue position, spec id)."""
        hits: dict[tuple[str, int], dict[str, set[int]]] = {}
        for match_id, token_ids in self.matcher(doc):
            spec, role = self.keys[doc.vocab.strings[match_id]]
            # token ids come in the order of the pattern's nodes: anchor first, the role's token last
            hits.setdefault((spec.id, token_ids[0]), {}).setdefault(role, set()).add(token_ids[-1])
        frames = []
        for (spec_id, cue), slots in hits.items():
            spec = self.specs[spec_id]
            if all(role in slots for role in spec.roles):
                frames.append(Frame(spec=spec, cue=cue, slots={r: sorted(t) for r, t in sorted(slots.items())}))
        return sorted(frames, key=lambda f: (f.cue, f.spec.id))
