"""The relation stage's domain knowledge (models/relation_cues.json) as one typed object.

Pattern specs are written as compact role paths from an anchor token (see
docs/relations.md); `compile_spec` turns each role path into one spaCy
DependencyMatcher pattern whose last node is the role's token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import ModelsDataError
from pipeline.knowledge import Knowledge, OrgRegistry, lexicon_of, load_knowledge, org_registry, word_list

CUES_FILE = "relation_cues.json"
ANY_ANCHOR: dict[str, Any] = {"POS": {"IN": ["PROPN", "NOUN"]}}
_VERBAL = ["VERB", "AUX", "ADJ"]
_NOMINAL = ["NOUN", "PROPN", "PRON", "NUM", "X"]
# Part of speech of the head a dependent hangs from, so '<' steps do not leave a node that matches every token.
HEAD_POS: dict[str, list[str]] = {
    "xcomp": _VERBAL, "ccomp": _VERBAL, "advcl": _VERBAL, "attr": _VERBAL, "dobj": _VERBAL + ["NOUN"],
    "nsubj": _VERBAL + ["NOUN"], "nsubjpass": _VERBAL, "agent": _VERBAL, "dative": _VERBAL, "acomp": _VERBAL,
    "acl": _NOMINAL, "relcl": _NOMINAL, "appos": _NOMINAL, "compound": _NOMINAL, "amod": _NOMINAL,
    "poss": _NOMINAL, "pobj": ["ADP", "SCONJ", "VERB"],
}
_STEP = re.compile(r"([<>])([A-Za-z*|]+)(?::([^@<>]+))?(?:@([A-Za-z_]+))?")


@dataclass(frozen=True)
class PatternSpec:
    """One pattern spec: an anchor and, per role, alternative paths from the anchor."""

    id: str
    kind: str
    anchor: str
    roles: dict[str, tuple[str, ...]]
    list_customers: bool = False
    implicit_vendor: bool = False


@dataclass(frozen=True)
class RelationCues:
    """Everything the relation stage knows about cue words, hedges and patterns."""

    lexicon: dict[str, frozenset[str]]
    government_words: frozenset[str]
    state_body_words: frozenset[str]
    instrument_words: frozenset[str]
    host_words: frozenset[str]
    generic_customer_nouns: frozenset[str]
    anaphora: dict[str, Any]
    status: dict[str, tuple[str, ...]]
    section_roles: dict[str, frozenset[str]]
    confidence: dict[str, float]
    measured_confidence: dict[str, float]
    fallback_cues: frozenset[str]
    fallback_provides_cues: frozenset[str]
    fallback_enabled: bool
    fallback_supplies: bool = True
    fallback_provides: bool = True
    patterns: list[PatternSpec] = field(default_factory=list)
    events: dict[str, Any] = field(default_factory=dict)
    structure: dict[str, Any] = field(default_factory=dict)
    umbrella: dict[str, list[str]] = field(default_factory=dict)
    orgs: OrgRegistry = field(default_factory=OrgRegistry)

    def words(self, name: str) -> frozenset[str]:
        """A lexicon list by name (empty when absent)."""
        return self.lexicon.get(name, frozenset())


def load_cues(models: Knowledge | str | None = None) -> RelationCues:
    """The relation cues of a knowledge object (or of a models folder), compiled and validated once."""
    return load_knowledge(models).derive("relation_cues", _compile_cues)


def _compile_cues(knowledge: Knowledge) -> RelationCues:
    raw = knowledge.json(CUES_FILE)
    path = knowledge.path(CUES_FILE)
    try:
        lexicon = dict(lexicon_of(knowledge))
        # the words that give a product its name ("a suite named X"), shared with the entity stage
        lexicon.setdefault("naming_words", frozenset(knowledge.json("entity_rules.json").get("tech_name_cues", [])))
        status = {key: word_list(vals, f"status.{key}", path) for key, vals in raw["status"].items()}
        patterns = [
            PatternSpec(
                id=p["id"],
                kind=p.get("kind", "supplies"),
                anchor=p["anchor"],
                roles={role: tuple(paths) for role, paths in p["roles"].items()},
                list_customers=bool(p.get("list", False)),
                implicit_vendor=bool(p.get("implicit_vendor", False)),
            )
            for p in raw["patterns"]
        ]
        cues = RelationCues(
            lexicon=lexicon,
            government_words=word_list(raw["government_words"], "government_words", path),
            state_body_words=word_list(raw.get("state_body_words", []), "state_body_words", path),
            instrument_words=word_list(raw.get("instrument_words", []), "instrument_words", path),
            host_words=word_list(raw.get("host_words", []), "host_words", path),
            generic_customer_nouns=word_list(raw["generic_customer_nouns"], "generic_customer_nouns", path),
            anaphora=dict(raw["anaphora"]),
            status={k: tuple(sorted(v)) for k, v in status.items()},
            section_roles={k: word_list(v, f"section_roles.{k}", path) for k, v in raw["section_roles"].items()},
            confidence={k: float(v) for k, v in raw["confidence"].items() if not k.startswith("_") and k != "measured"},
            measured_confidence={k: float(v) for k, v in raw["confidence"].get("measured", {}).items()},
            fallback_cues=word_list(raw["fallback"]["cue_lemmas"], "fallback.cue_lemmas", path),
            fallback_provides_cues=word_list(
                raw["fallback"].get("provides_cue_lemmas", []), "fallback.provides_cue_lemmas", path
            ),
            fallback_enabled=bool(raw["fallback"].get("enabled", True)),
            fallback_supplies=bool(raw["fallback"].get("supplies", True)),
            fallback_provides=bool(raw["fallback"].get("provides", True)),
            patterns=patterns,
            events=dict(raw.get("events", {})),
            structure=dict(raw.get("structure", {})),
            umbrella={k: list(v) for k, v in raw.get("umbrella", {}).items() if not k.startswith("_")},
            orgs=org_registry(knowledge),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ModelsDataError("models_file_invalid", f"{CUES_FILE}: missing or malformed key {exc}", path) from exc
    for spec in cues.patterns:
        compile_spec(spec, cues)  # fail at load time, not in the middle of a batch
    return cues


def _node_attrs(lex: str | None, cues: RelationCues, spec_id: str) -> dict[str, Any]:
    if not lex or lex == "*":
        return {}
    if lex not in cues.lexicon:
        raise ModelsDataError("models_file_invalid", f"pattern {spec_id}: unknown lexicon list @{lex}", CUES_FILE)
    return {"LEMMA": {"IN": sorted(cues.lexicon[lex])}}


def _merge(attrs: dict[str, Any], key: str, values: list[str]) -> bool:
    """Add a constraint to a node; False when it contradicts one already there."""
    wanted = {"IN": sorted(values)}
    if key in attrs and attrs[key] != wanted:
        return False
    attrs[key] = wanted
    return True


def _compile_path(path: str, role: str, nodes: list[dict[str, Any]], cues: RelationCues, spec_id: str) -> bool:
    """Append the nodes of one role path; False when the path contradicts earlier constraints."""
    if path == "":
        nodes[0].setdefault("_roles", []).append(role)
        return True
    steps = _STEP.findall(path)
    if "".join(f"{d}{dep}{':' + low if low else ''}{'@' + lex if lex else ''}" for d, dep, low, lex in steps) != path:
        raise ModelsDataError("models_file_invalid", f"pattern {spec_id}: cannot read path {path!r}", CUES_FILE)
    current = nodes[0]
    for number, (direction, deps, lowers, lex) in enumerate(steps):
        name = f"{role}_{len(nodes)}"
        attrs = _node_attrs(lex, cues, spec_id)
        dep_list = [d for d in deps.split("|") if d != "*"]
        low_list = [w.strip().lower() for w in lowers.split(",")] if lowers else []
        if direction == ">":
            if dep_list:
                attrs["DEP"] = {"IN": dep_list}
            if low_list:
                attrs["LOWER"] = {"IN": low_list}
        else:
            target = current["RIGHT_ATTRS"]
            if dep_list and not _merge(target, "DEP", dep_list):
                return False
            if low_list and not _merge(target, "LOWER", low_list):
                return False
            head_pos = sorted({pos for dep in dep_list for pos in HEAD_POS.get(dep, [])})
            if head_pos and all(dep in HEAD_POS for dep in dep_list) and "LEMMA" not in attrs:
                attrs["POS"] = {"IN": head_pos}
        node = {"LEFT_ID": current["RIGHT_ID"], "REL_OP": direction, "RIGHT_ID": name, "RIGHT_ATTRS": attrs}
        if number == len(steps) - 1:
            node["_roles"] = [role]
        nodes.append(node)
        current = node
    return True


def compile_spec(spec: PatternSpec, cues: RelationCues) -> list[tuple[str, list[dict[str, Any]]]]:
    """DependencyMatcher patterns of one spec: one per role path, the role's token is the last node."""
    if spec.anchor != "*" and not spec.anchor.startswith("@"):
        raise ModelsDataError("models_file_invalid", f"pattern {spec.id}: anchor must be '*' or '@list'", CUES_FILE)
    # '*' still wants a word that can name something, which keeps the matcher fast
    anchor_attrs = ANY_ANCHOR if spec.anchor == "*" else _node_attrs(spec.anchor.lstrip("@"), cues, spec.id)
    compiled = []
    for role in sorted(spec.roles):
        for path in spec.roles[role]:
            nodes: list[dict[str, Any]] = [{"RIGHT_ID": "anchor", "RIGHT_ATTRS": dict(anchor_attrs)}]
            if _compile_path(path, role, nodes, cues, spec.id):
                for node in nodes:
                    node.pop("_roles", None)
                compiled.append((role, nodes))
    return compiled
