"""Match the role paths of models/relation_cues.json over a Doc and return frames.

A frame is one match: the pattern spec, the cue token and the tokens found
in each role slot (vendor, customer, product, org, country). Turning slots
into entities is the job of pipeline.relations.frames.

Every role path compiles to a chain of DependencyMatcher nodes
(`compile_spec`). The chains are evaluated here with set operations over
per-Doc arrays (heads, children and attribute hashes from `Doc.to_array`)
rather than by spaCy's DependencyMatcher, whose cost grows with patterns x
tokens and which made this stage slower than the parser. The matches are the
same the DependencyMatcher finds for those chains: `>` goes to a child, `<` to
the head, and every node's attributes must hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.relations.cues import PatternSpec, RelationCues, compile_spec

# DependencyMatcher attribute -> column of TokenTable.columns
_COLUMNS = {"DEP": 0, "LEMMA": 1, "LOWER": 2, "POS": 3}
Check = tuple[tuple[int, frozenset[int]], ...]


@dataclass
class Frame:
    """One pattern match: which spec, which cue token, which tokens per role."""

    spec: PatternSpec
    cue: int
    slots: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class CompiledPath:
    """One role path: the anchor's tests, then (direction, tests) per step."""

    spec: PatternSpec
    role: str
    anchor: Check
    steps: tuple[tuple[str, Check], ...]


class TokenTable:
    """Heads, children and attribute hashes of every token of one Doc, with per-check token sets."""

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        array = doc.to_array([HEAD, DEP, LEMMA, LOWER, POS]) if n else numpy.zeros((0, 5), dtype="uint64")
        # HEAD is stored as an offset from the token; as unsigned, -1 wraps around
        self.heads: list[int] = (numpy.arange(n, dtype="int64") + array[:, 0].astype("int64")).tolist()
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, head in enumerate(self.heads):
            if head != i:
                self.children[head].append(i)
        self.columns: list[list[int]] = [array[:, c].tolist() for c in range(1, 5)]
        self._by_value: list[dict[int, list[int]] | None] = [None] * len(self.columns)
        self._tests: dict[tuple[int, frozenset[int]], set[int]] = {}
        self._passing: dict[Check, set[int]] = {}

    def _index(self, column: int) -> dict[int, list[int]]:
        """Value -> tokens holding it, for one column (built on first use)."""
        index = self._by_value[column]
        if index is None:
            index = {}
            for i, value in enumerate(self.columns[column]):
                index.setdefault(value, []).append(i)
            self._by_value[column] = index
        return index

    def _test(self, test: tuple[int, frozenset[int]]) -> set[int]:
        """Tokens whose column holds one of the values (cached: many nodes share a test)."""
        found = self._tests.get(test)
        if found is None:
            index = self._index(test[0])
            found = self._tests[test] = {i for v in test[1] for i in index.get(v, ())}
        return found

    def passing(self, check: Check) -> set[int]:
        """Tokens that satisfy every test of a node."""
        found = self._passing.get(check)
        if found is None:
            if not check:
                found = set(range(len(self.heads)))
            else:
                found = set.intersection(*sorted((self._test(t) for t in check), key=len))
            self._passing[check] = found
        return found


def _check(attrs: dict[str, Any], vocab: Vocab) -> Check:
    """Attribute tests of one node as (column, allowed hashes), in column order."""
    tests = [(_COLUMNS[key], frozenset(vocab.strings[v] for v in spec["IN"])) for key, spec in attrs.items()]
    return tuple(sorted(tests, key=lambda t: t[0]))


def _compile(nodes: Sequence[dict[str, Any]], spec: PatternSpec, role: str, vocab: Vocab) -> CompiledPath:
    steps = tuple((node["REL_OP"], _check(node["RIGHT_ATTRS"], vocab)) for node in nodes[1:])
    return CompiledPath(spec=spec, role=role, anchor=_check(nodes[0]["RIGHT_ATTRS"], vocab), steps=steps)


class FrameMatcher:
    """The compiled role paths of every spec, built once and reused for every Doc.

    A frame exists where one anchor token has a match for every role of the
    spec (so role paths combine freely).
    """

    def __init__(self, vocab: Vocab, cues: RelationCues) -> None:
        self.vocab = vocab
        self.specs = {spec.id: spec for spec in cues.patterns}
        self.paths = [
            _compile(nodes, spec, role, vocab) for spec in cues.patterns for role, nodes in compile_spec(spec, cues)
        ]
        # Per spec, its roles with their paths; roles reached through steps come first, so the anchor itself
        # ("" paths, true at every noun for '*' specs) is only tested where the other roles already matched.
        self.plan: list[tuple[PatternSpec, list[tuple[str, list[CompiledPath]]]]] = []
        for spec in cues.patterns:
            roles: dict[str, list[CompiledPath]] = {}
            for path in self.paths:
                if path.spec is spec:
                    roles.setdefault(path.role, []).append(path)
            order = sorted(roles, key=lambda r: (any(not p.steps for p in roles[r]), r))
            self.plan.append((spec, [(role, roles[role]) for role in order]))
        # Specs that pair the anchor itself with one other role: their frames are empty unless the anchor
        # names an entity, so with a `focus` they start only there.
        self.focused = frozenset(
            spec.id for spec in cues.patterns
            if spec.kind in {"provides", "based_in"} and any(set(paths) == {""} for paths in spec.roles.values())
        )

    def frames(self, doc: Doc, table: TokenTable | None = None, focus: set[int] | None = None) -> list[Frame]:
        """All frames found in the Doc, in a stable order (cue position, spec id).

        `focus`: the tokens that name an entity directly; anchors of PROVIDES and BASED_IN specs whose
        anchor is itself a role are looked for only there.
        """
        table = table or TokenTable(doc)
        frames = []
        for spec, roles in self.plan:
            if any(role not in spec.roles for role, _paths in roles) or len(roles) != len(spec.roles):
                continue  # a role without any usable path can never be filled
            within: set[int] | None = focus if focus is not None and spec.id in self.focused else None
            found: dict[str, dict[int, set[int]]] = {}
            for role, paths in roles:
                ends: dict[int, set[int]] = {}
                for path in paths:
                    for anchor, tokens in _follow(table, path, within).items():
                        ends.setdefault(anchor, set()).update(tokens)
                within = set(ends) if within is None else within & set(ends)
                if not within:
                    break
                found[role] = ends
            for cue in within or ():
                slots = {role: sorted(found[role][cue]) for role in sorted(found)}
                frames.append(Frame(spec=spec, cue=cue, slots=slots))
        return sorted(frames, key=lambda f: (f.cue, f.spec.id))


def _follow(table: TokenTable, path: CompiledPath, within: set[int] | None = None) -> dict[int, set[int]]:
    """Anchor token -> tokens where the path ends, for every anchor (among `within`) the path succeeds from."""
    anchors = table.passing(path.anchor)
    if within is not None:
        anchors = anchors & within
    if not anchors:
        return {}
    steps = []
    for direction, check in path.steps:
        ok = table.passing(check)
        if not ok:
            return {}  # some node of the path matches no token of this Doc
        steps.append((direction, ok))
    heads = table.heads
    # frontier: token reached so far -> the anchors it was reached from
    frontier: dict[int, set[int]] | None = None
    for direction, ok in steps:
        reached: dict[int, set[int]] = {}
        if frontier is None and direction == ">":
            # first step down from the anchors: start from the (usually fewer) tokens that pass the child test
            for child in ok:
                head = heads[child]
                if head != child and head in anchors:
                    reached[child] = {head}
        else:
            current = frontier if frontier is not None else {a: {a} for a in anchors}
            for token, sources in current.items():
                if direction == ">":
                    for child in table.children[token]:
                        if child in ok:
                            reached.setdefault(child, set()).update(sources)
                else:
                    head = heads[token]
                    if head != token and head in ok:
                        reached.setdefault(head, set()).update(sources)
        if not reached:
            return {}
        frontier = reached
    if frontier is None:
        return {a: {a} for a in anchors}
    ends: dict[int, set[int]] = {}
    for token, sources in frontier.items():
        for anchor in sources:
            ends.setdefault(anchor, set()).add(token)
    return ends
