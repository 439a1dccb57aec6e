"""The role-path walker finds exactly the matches spaCy's DependencyMatcher finds for the same compiled paths."""

from __future__ import annotations

from spacy.matcher import DependencyMatcher

from pipeline.relations.cues import compile_spec
from pipeline.relations.patterns import FrameMatcher, TokenTable

TEXT = (
    "Hacking Team sold its Remote Control System spyware to Sudan's National Intelligence and Security Service. "
    "Zimbabwe bought a facial recognition platform from CloudWalk last year, and the Chinese company ZTE is helping "
    "Venezuela build a national identity database. The country's authorities later asked the company to install "
    "smart card readers in every polling station. FinFisher servers were found in 25 countries, including Ethiopia, "
    "Bahrain and Oman: researchers traced them to Gamma Group, the Munich-based maker of FinSpy. Egypt is believed "
    "to be a customer of Sandvine, whose PacketLogic devices were used to block websites. Pegasus, made by the "
    "Israeli firm NSO Group, was deployed by Mexican agencies; NSO Group's flagship product is sold only to "
    "governments. Huawei won a contract to build a Safe City in Nairobi. KakaoTalk is a chat program developed and "
    "owned by Daum-Kakao. The police bought cameras from Hikvision. The Huawei-built surveillance system was "
    "upgraded."
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
