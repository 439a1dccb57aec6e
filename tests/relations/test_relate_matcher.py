"""The role-path walker finds exactly the matches spaCy's DependencyMatcher finds for the same compiled paths."""

from __future__ import annotations

from spacy.matcher import DependencyMatcher

from pipeline.relations.cues import compile_spec
from pipeline.relations.patterns import FrameMatcher, TokenTable

TEXT = (
    "Corvid Labs sold its Nightjar Suite spyware to Ghana's State Intelligence Bureau. "
    "Namibia bought a facial recognition platform from Facetta last year, and the Chinese company Brantel Networks "
    "is helping Paraguay build a national voter register. The country's election officials later asked the company "
    "to install smart card readers at every polling station. Ostwald servers were found in 14 countries, including "
    "Peru, Oman and Vietnam: analysts traced them to Stellmark Group, the Munich-based maker of Lynxtrap. Jordan is "
    "believed to be a customer of Packetra, whose PacketSift boxes were used to block news sites. Shrike, made by "
    "the Israeli firm Veltrix Group, was deployed by Chilean agencies; Veltrix Group's main product is sold only to "
    "governments. Halvane won a contract to build a Safe City in Accra. MiriTalk is a messaging app developed and "
    "run by Kobal-Miri. The police bought cameras from Oculon. The Halvane-built surveillance system was upgraded."
)



def reference_frames(doc, cues) -> set[tuple[str, int, tuple]]:
    """Frames computed the old way: one DependencyMatcher pattern per role path."""
    matcher = DependencyMatcher(doc.vocab, validate=True)
    keys = {}
    for spec in cues.patterns:
        for number, (role, nodes) in enumerate(compile_spec(spec, cues)):
            key = f"{spec.id}|{role}|{number}"
            keys[key] = (spec, role)
            matcher.add(key, [nodes])
    hits: dict[tuple[str, int], dict[str, set[int]]] = {}
    for match_id, token_ids in matcher(doc):
        spec, role = keys[doc.vocab.strings[match_id]]
        hits.setdefault((spec.id, token_ids[0]), {}).setdefault(role, set()).add(token_ids[-1])
    specs = {spec.id: spec for spec in cues.patterns}
    return {
        (spec_id, cue, tuple((r, tuple(sorted(t))) for r, t in sorted(slots.items())))
        for (spec_id, cue), slots in hits.items()
        if all(role in slots for role in specs[spec_id].roles)
    }


def test_walker_matches_the_dependency_matcher(nlp, cues):
    doc = nlp(TEXT)
    frames = FrameMatcher(doc.vocab, cues).frames(doc)
    found = {(f.spec.id, f.cue, tuple((r, tuple(t)) for r, t in f.slots.items())) for f in frames}
    expected = reference_frames(doc, cues)
    assert len(expected) > 50  # the text exercises many specs
    assert found == expected
    assert [(f.cue, f.spec.id) for f in frames] == sorted((f.cue, f.spec.id) for f in frames)


def test_focus_only_narrows_anchor_specs(nlp, cues):
    doc = nlp(TEXT)
    matcher = FrameMatcher(doc.vocab, cues)
    everything = matcher.frames(doc)
    focused = matcher.frames(doc, focus=set())
    assert {f.spec.id for f in everything} - {f.spec.id for f in focused} <= set(matcher.focused)
    assert [f for f in everything if f.spec.id not in matcher.focused] == focused


def test_token_table_of_an_empty_doc(nlp, cues):
    doc = nlp("")
    assert TokenTable(doc).heads == []
    assert FrameMatcher(doc.vocab, cues).frames(doc) == []
