"""Status, confidence, section roles, determinism, the spaCy component and bad cue data."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from pipeline.errors import ExtractError, ModelsDataError
from pipeline.knowledge import default_models_dir
from pipeline.relations import extract_relations, load_cues
from pipeline.schema import Section
from tests.relations.test_relate import make_entities, pairs, relations


def sale(nlp, cues, text: str):
    """The one Huawei -> Kenya SUPPLIES relation of the text."""
    found = [r for r in relations(nlp, cues, text) if r.type == "SUPPLIES"]
    assert [(r.source, r.target) for r in found] == [("org:huawei", "country:KEN")], found
    return found[0]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Huawei sold cameras to Kenya.", "reported"),
        ("Huawei reportedly sold cameras to Kenya.", "alleged"),
        ("According to the newspaper, Huawei sold cameras to Kenya.", "alleged"),
        ("Huawei may have sold cameras to Kenya.", "alleged"),
        ("Huawei denied that it sold cameras to Kenya.", "denied"),
        ("Huawei did not sell cameras to Kenya.", "denied"),
        ("Huawei never sold cameras to Kenya.", "denied"),
        ("Huawei suspended the sale of cameras to Kenya.", "halted"),
        ("Huawei stopped selling cameras to Kenya.", "halted"),
        ("Huawei plans to sell cameras to Kenya.", "planned"),
        ("Huawei will install cameras in Kenya.", "planned"),
        ("Huawei is negotiating to supply cameras to Kenya.", "planned"),
    ],
)
def test_status(nlp, cues, text, status):
    assert sale(nlp, cues, text).status == status


def test_hedging_lowers_confidence(nlp, cues):
    assert sale(nlp, cues, "Huawei sold cameras to Kenya.").confidence == 0.85
    assert sale(nlp, cues, "Huawei reportedly sold cameras to Kenya.").confidence == 0.75


def test_role_follows_the_section_kind(nlp, cues):
    summary = "Huawei sold cameras to Kenya."
    comment = "Hacking Team sold spyware to Ethiopia."
    text = f"Summary\n\n{summary}\n\nComments\n\n{comment}\n"
    s_start = text.index(summary)
    c_start = text.index(comment)
    sections = [
        Section(name="Summary", kind="summary", start=s_start, end=s_start + len(summary) + 2, heading_start=0),
        Section(name="Comments", kind="comments", start=c_start, end=len(text), heading_start=c_start - 10),
    ]
    rels = {r.source: r for r in relations(nlp, cues, text, sections) if r.type == "SUPPLIES"}
    assert rels["org:huawei"].evidence.role == "reporting"
    assert rels["org:huawei"].evidence.section == "Summary"
    assert rels["org:hacking-team"].evidence.role == "assessment"
    assert rels["org:hacking-team"].evidence.section_kind == "comments"
    assert relations(nlp, cues, summary)[0].evidence.role == "other"


def test_same_input_same_bytes(nlp, cues):
    text = ("Egypt is a customer of Sandvine. The Chinese company ZTE sold cameras to Ecuador and Kenya. "
            "Mexican agencies used Pegasus, made by NSO Group.")
    first = [r.to_json() for r in relations(nlp, cues, text)]
    second = [r.to_json() for r in extract_relations(nlp(text), list(reversed(make_entities(text))), [], cues)]
    assert first == second
    assert len(first) >= 5


def test_duplicates_within_a_sentence_are_dropped(nlp, cues):
    rels = relations(nlp, cues, "Venezuela hired ZTE to build and install a database using smart cards.")
    supplies = [r for r in rels if r.type == "SUPPLIES"]
    assert [(r.source, r.target) for r in supplies] == [("org:zte", "country:VEN")]


def test_fallback_is_labelled_and_low(nlp, cues):
    rels = relations(nlp, cues, "Kenya's police, with Huawei's help, installed 1,800 cameras.")
    assert [(r.source, r.target, r.method, r.confidence) for r in rels if r.type == "SUPPLIES"] == [
        ("org:huawei", "country:KEN", "cooccurrence", 0.4)
    ]


def test_fallback_can_be_switched_off(nlp):
    cues = dataclasses.replace(load_cues(), fallback_enabled=False)
    assert not pairs(relations(nlp, cues, "Kenya's police, with Huawei's help, installed 1,800 cameras."))


def test_component_reads_and_writes_doc_attributes(nlp, cues):
    text = "Hacking Team sold spyware to Ethiopia."
    component = nlp.create_pipe("memokg_relations")
    doc = nlp(text)
    doc._.memokg_entities = make_entities(text)
    doc._.memokg_sections = []
    doc = component(doc)
    assert pairs(doc._.memokg_relations) == {("org:hacking-team", "country:ETH")}


def test_unparsed_doc_is_an_extract_error(nlp, cues):
    doc = nlp.make_doc("Hacking Team sold spyware to Ethiopia.")
    with pytest.raises(ExtractError) as info:
        extract_relations(doc, [], [], cues)
    assert info.value.reason == "no_parse"


def test_broken_cue_file_is_a_models_error(tmp_path):
    (tmp_path / "relation_cues.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelsDataError) as info:
        load_cues(tmp_path)
    assert info.value.reason == "models_file_invalid"


def test_unknown_lexicon_in_a_pattern_is_a_models_error(tmp_path):
    shutil.copy(default_models_dir() / "relation_cues.json", tmp_path / "relation_cues.json")
    data = json.loads((tmp_path / "relation_cues.json").read_text(encoding="utf-8"))
    data["patterns"][0]["anchor"] = "@no_such_list"
    (tmp_path / "relation_cues.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelsDataError) as info:
        load_cues(tmp_path)
    assert "no_such_list" in info.value.message


def test_unreadable_path_is_a_models_error(tmp_path):
    shutil.copy(default_models_dir() / "relation_cues.json", tmp_path / "relation_cues.json")
    data = json.loads((tmp_path / "relation_cues.json").read_text(encoding="utf-8"))
    data["patterns"][0]["roles"]["vendor"] = ["nsubj"]
    (tmp_path / "relation_cues.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelsDataError) as info:
        load_cues(tmp_path)
    assert "cannot read path" in info.value.message
