"""Relation extraction: SUPPLIES, PROVIDES, BASED_IN and DEPLOYS with their evidence sentences.

`make_relation_component` is the spaCy factory of the last component of a
memokg pipeline; `extract_relations` is the same work as a plain function on a
parsed Doc and its entities. Cue words, frames and role paths are data in
`models/relation_cues.json` (`load_cues`).
"""

from pipeline.relations.component import RelationComponent, extract_relations, make_relation_component
from pipeline.relations.cues import RelationCues, load_cues
from pipeline.relations.patterns import FrameMatcher

__all__ = ["FrameMatcher", "RelationComponent", "RelationCues", "extract_relations", "load_cues",
           "make_relation_component"]
