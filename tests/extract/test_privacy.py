"""Redaction and keyed pseudonymisation of PERSON names, applied once to each record (the real spaCy model).

The memos are invented; the people in them do not exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import ExtractError
from pipeline.extract import KEY_ENV, MemoProcessor, Privacy, load_privacy
from pipeline.extract.splice import Splice
from pipeline.schema import MemoRecord

KEY_A = b"first test key, 32 bytes long..."
KEY_B = b"second test key, also long enough"
NAMES = ("Tobias", "Haverkamp", "Ilse", "Brandauer", "Okafor")
MEMO = """ORBIS Desk

Norvale Systems cameras in Kenya: what a former engineer says

Reference: Memo [990401-1] Date: 01/04/2021 - Version: 1.0 Keywords: Norvale Systems, Kenya Sources: interview \
with Tobias Haverkamp

Key Points

- Norvale Systems supplied facial recognition cameras to Kenya in 2020, according to Tobias Haverkamp, a former \
sales engineer of the company.
- Ilse Brandauer-Okafor, the export manager of Norvale Systems, denied that the cameras were used against protesters.

Summary

Mr Haverkamp said the contract was signed in Nairobi in March 2020. Haverkamp added that Brandauer-Okafor travelled \
to Kenya twice. Tobias later sent a copy of the contract to a journalist, Ms Brandauer-Okafor said. HAVERKAMP's \
notes were not shared.
"""
SECOND = """Reference: Memo [990402-1] Date: 02/04/2021

Key Points

- Mr Haverkamp met officials of the Kenyan police in Nairobi in 2019.

Summary

According to Tobias Haverkamp, the meeting was arranged by Dr Ilse Brandauer-Okafor of Norvale Systems.
"""


def write_memos(folder: Path) -> list[Path]:
    """The two invented memos as files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "memo-people.txt", folder / "memo-second.txt"]
    for path, text in zip(paths, (MEMO, SECOND), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def memos(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_memos(tmp_path_factory.mktemp("memos"))


def records(paths: list[Path], privacy: Privacy | None) -> list[MemoRecord]:
    outcomes = [outcome for _, outcome in MemoProcessor(privacy=privacy).process_paths(paths)]
    assert all(isinstance(o, MemoRecord) for o in outcomes), outcomes
    return outcomes


def leaks(record: MemoRecord) -> list[str]:
    """Every name part still found anywhere in the record but its source file facts (case-insensitive)."""
    dumped = record.model_dump_json(exclude={"source"})
    return [name for name in NAMES if re.search(name, dumped, re.IGNORECASE)]


def assert_offsets_hold(record: MemoRecord) -> None:
    """Every offset of the record points at the text it claims."""
    text = record.text
    for entity in record.entities:
        for mention in entity.mentions:
            assert text[mention.start:mention.end] == mention.text, (entity.id, mention)
    for relation in record.relations:
        assert text[relation.evidence.start:relation.evidence.end] == relation.evidence.sentence, relation.id
    for section in record.sections:
        assert 0 <= section.start <= section.end <= len(text)
        for item in section.items:
            assert text[item.start:item.end] == item.text
    assert [p.end for p in record.pages][-1:] == [len(text)] or not record.pages


def test_plain_run_does_find_the_names(memos) -> None:
    plain = records(memos, None)
    assert set(leaks(plain[0])) == set(NAMES)  # the check below would notice a name


def test_redact_removes_every_form_of_every_name_and_keeps_offsets_true(memos) -> None:
    plain, redacted = records(memos, None), records(memos, Privacy("redact"))
    for record in redacted:
        assert leaks(record) == []
        assert_offsets_hold(record)
        assert not [e for e in record.entities if e.label == "PERSON"]
    first = redacted[0]
    assert "according to [PERSON], a former" in first.text
    assert "Mr [PERSON] said" in first.text and "[PERSON] later sent" in first.text  # short forms after the name
    assert "[PERSON]'s notes" in first.text
    assert first.metadata.sources == ["interview with [PERSON]"]
    # what is not about people survives: the vendor, the country, the relations
    assert [r.type for r in first.relations] == [r.type for r in plain[0].relations]
    assert {e.id for e in first.entities} >= {"org:norvale-systems", "country:KEN"}


def test_pseudonyms_are_stable_for_one_key_and_differ_across_keys(memos) -> None:
    a, b = records(memos, Privacy("pseudonymise", KEY_A)), records(memos, Privacy("pseudonymise", KEY_B))
    for record in a + b:
        assert leaks(record) == []
        assert_offsets_hold(record)
        assert KEY_A.decode() not in record.to_json() and KEY_B.decode() not in record.to_json()
    tokens = [set(re.findall(r"\[PERSON-[0-9a-f]{12}\]", r.text)) for r in a]
    haverkamp = Privacy("pseudonymise", KEY_A).replacement("tobias haverkamp")
    brandauer = Privacy("pseudonymise", KEY_A).replacement("ilse brandauer-okafor")
    # the full name, "Mr Haverkamp", "Haverkamp" and "Tobias" are one person, in both memos; so is
    # "Ilse Brandauer-Okafor" (only "Brandauer-Okafor" tagged) and "Dr Ilse Brandauer-Okafor" (nothing tagged)
    assert {haverkamp, brandauer} <= tokens[0] and tokens[1] == {haverkamp, brandauer}
    assert a[0].text.count(haverkamp) == 6
    people = {e.id: e for e in a[0].entities if e.label == "PERSON"}
    assert people[f"person:{haverkamp[8:-1]}"].name == haverkamp
    assert len(people[f"person:{haverkamp[8:-1]}"].mentions) == 6
    other = set(re.findall(r"\[PERSON-[0-9a-f]{12}\]", b[1].text))
    assert other and other.isdisjoint(tokens[1])


def test_load_privacy_reads_the_key_from_a_file_or_the_environment(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_bytes(KEY_A + b"\n")
    assert load_privacy(pseudonymise=True, key_file=key_file, environ={}) == Privacy("pseudonymise", KEY_A)
    assert load_privacy(pseudonymise=True, environ={KEY_ENV: KEY_B.decode()}).key == KEY_B
    assert load_privacy(redact=True, environ={}) == Privacy("redact")
    assert load_privacy(environ={}) is None
    assert KEY_A.decode() not in repr(load_privacy(pseudonymise=True, key_file=key_file, environ={}))
    (tmp_path / "empty").write_bytes(b"  \n")
    cases = [
        ({"redact": True, "pseudonymise": True}, "privacy_conflict"),
        ({"pseudonymise": True}, "privacy_key_missing"),
        ({"pseudonymise": True, "key_file": tmp_path / "missing"}, "privacy_key_unreadable"),
        ({"pseudonymise": True, "key_file": tmp_path / "empty"}, "privacy_key_empty"),
        ({"key_file": key_file}, "privacy_conflict"),
    ]
    for kwargs, reason in cases:
        with pytest.raises(ExtractError) as err:
            load_privacy(environ={}, **kwargs)
        assert err.value.reason == reason
    with pytest.raises(ExtractError) as err:
        load_privacy(pseudonymise=True, environ={KEY_ENV: "short"})
    assert err.value.reason == "privacy_key_short"
    assert Privacy("redact").fingerprint() != Privacy("pseudonymise", KEY_A).fingerprint()
    assert Privacy("pseudonymise", KEY_A).fingerprint() != Privacy("pseudonymise", KEY_B).fingerprint()


@st.composite
def spliced(draw):
    text = draw(st.text(alphabet="ab \n", min_size=0, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = [(cuts[i], cuts[i + 1], str(i)) for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1]]
    return text, spans, draw(st.sampled_from(["", "[X]", "[PERSON-0123456789ab]"]))


@given(spliced())
@settings(max_examples=300, deadline=None)
def test_splice_maps_every_untouched_span_onto_the_same_text(case) -> None:
    text, spans, replacement = case
    splice = Splice(text, spans, lambda key: replacement)
    for (start, end), (new_start, new_end) in zip(splice.old, splice.new, strict=True):
        assert splice.text[new_start:new_end] == replacement
        assert (splice.start(start), splice.end(end)) == (new_start, new_end)
    for a in range(len(text) + 1):
        for b in range(a, len(text) + 1):
            if not splice.overlapping(a, b) and not any(s < a < e or s < b < e for s, e in splice.old):
                assert splice.text[splice.start(a):splice.end(b)] == text[a:b]
            if splice.covered(a, b):
                assert any(s <= a and b <= e for s, e in splice.old)


def _record(text: str, people: list[tuple[str, str, int]], sections=()) -> MemoRecord:
    """A hand-made record: PERSON entities given as (id, mention text, start)."""
    from pipeline.schema import Entity, Mention, SourceInfo

    entities = [Entity(id=i, label="PERSON", name=t, mentions=[Mention(text=t, start=s, end=s + len(t))])
                for i, t, s in people]
    for _, t, s in people:
        assert text[s:s + len(t)] == t
    return MemoRecord(id="m", source=SourceInfo(path="m.txt", name="m.txt", sha256="0" * 64, format="text"),
                      metadata={}, text=text, entities=entities, sections=list(sections))


def test_rules_keep_headings_ordinary_words_and_organisation_words() -> None:
    from pipeline.extract import protect
    from pipeline.extract.people import NameRules
    from pipeline.schema import Section

    text = ("Findings\n\nAnna Wine met the press office. Wine said the Office would answer; "
            "wine was served. Dr Jurek Malinowski of Tarvo Systems said Malinowski would come.")
    rules = NameRules(titles=frozenset({"president"}), honorifics=frozenset({"dr"}),
                      org_words=frozenset({"office", "systems"}))
    record = _record(text, [("person:findings", "Findings", 0), ("person:anna-wine", "Anna Wine", 10)],
                     [Section(name="Findings", kind="findings", heading_start=0, start=10, end=len(text))])
    out = protect(record, Privacy("redact"), rules)
    assert out.text.startswith("Findings\n\n[PERSON] met the press office. [PERSON] said the Office")
    assert "wine was served" in out.text  # a lower-case word is no name
    assert "Dr [PERSON] of Tarvo Systems said [PERSON] would come." in out.text  # nothing tagged, "Dr" says it
    assert [e.id for e in out.entities] == []  # the heading was no person, and the person is gone
    assert_offsets_hold(out)
