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
    """The one Halvane -> Ghana SUPPLIES relation of the text."""
    found = [r for r in relations(nlp, cues, text) if r.type == "SUPPLIES"]
    assert [(r.source, r.target) for r in found] == [("org:halvane", "country:GHA")], found
    return found[0]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Halvane sold cameras to Ghana.", "reported"),
        ("Halvane reportedly sold cameras to Ghana.", "alleged"),
        ("According to the newspaper, Halvane sold cameras to Ghana.", "alleged"),
        ("Halvane may have sold cameras to Ghana.", "alleged"),
        ("Halvane denied that it sold cameras to Ghana.", "denied"),
        ("Halvane did not sell cameras to Ghana.", "denied"),
        ("Halvane never sold cameras to Ghana.", "denied"),
        ("Halvane suspended the sale of cameras to Ghana.", "halted"),
        ("Halvane stopped selling cameras to Ghana.", "halted"),
        ("Halvane plans to sell cameras to Ghana.", "planned"),
        ("Halvane will install cameras in Ghana.", "planned"),
        ("Halvane is negotiating to supply cameras to Ghana.", "planned"),
    ],
)
def test_status(nlp, cues, text, status):
    assert sale(nlp, cues, text).status == status


def test_hedging_lowers_confidence(nlp, cues):
    found = sale(nlp, cues, "Halvane sold cameras to Ghana.")
    plain = found.confidence
    assert plain == cues.measured_confidence[f"SUPPLIES {found.method}"]
    hedged = sale(nlp, cues, "Halvane reportedly sold cameras to Ghana.").confidence
    assert hedged == round(plain - cues.confidence["alleged_penalty"], 2)


def test_role_follows_the_section_kind(nlp, cues):
    summary = "Halvane sold cameras to Ghana."
    comment = "Corvid Labs sold spyware to Peru."
    text = f"Summary\n\n{summary}\n\nComments\n\n{comment}\n"
    s_start = text.index(summary)
    c_start = text.index(comment)
    sections = [
        Section(name="Summary", kind="summary", start=s_start, end=s_start + len(summary) + 2, heading_start=0),
        Section(name="Comments", kind="comments", start=c_start, end=len(text), heading_start=c_start - 10),
    ]
    rels = {r.source: r for r in relations(nlp, cues, text, sections) if r.type == "SUPPLIES"}
    assert rels["org:halvane"].evidence.role == "reporting"
    assert rels["org:halvane"].evidence.section == "Summary"
    assert rels["org:corvid-labs"].evidence.role == "assessment"
    assert rels["org:corvid-labs"].evidence.section_kind == "comments"
    assert relations(nlp, cues, summary)[0].evidence.role == "other"


def test_same_input_same_bytes(nlp, cues):
    text = ("Jordan is a customer of Packetra. The Chinese company Brantel Networks sold cameras to Chile and "
            "Ghana. Chilean agencies used Shrike, made by Veltrix Group.")
    first = [r.to_json() for r in relations(nlp, cues, text)]
    second = [r.to_json() for r in extract_relations(nlp(text), list(reversed(make_entities(text))), [], cues)]
    assert first == second
    assert len(first) >= 5


def test_duplicates_within_a_sentence_are_dropped(nlp, cues):
    rels = relations(nlp, cues, "Paraguay hired Brantel Networks to build and install a register using smart cards.")
    supplies = [r for r in rels if r.type == "SUPPLIES"]
    assert [(r.source, r.target) for r in supplies] == [("org:brantel-networks", "country:PRY")]


def test_fallback_is_labelled_and_less_sure_than_a_parsed_sale(nlp, cues):
    rels = relations(nlp, cues, "Ghana's police, with Halvane's help, installed 640 cameras.")
    assert [(r.source, r.target, r.method) for r in rels if r.type == "SUPPLIES"] == [
        ("org:halvane", "country:GHA", "cooccurrence")
    ]
    fallback = next(r.confidence for r in rels if r.type == "SUPPLIES")
    assert fallback == cues.measured_confidence["SUPPLIES cooccurrence"]
    assert fallback < cues.measured_confidence["SUPPLIES dependency"]


def test_fallback_can_be_switched_off(nlp):
    cues = dataclasses.replace(load_cues(), fallback_enabled=False)
    assert not pairs(relations(nlp, cues, "Ghana's police, with Halvane's help, installed 640 cameras."))


def test_component_reads_and_writes_doc_attributes(nlp, cues):
    text = "Corvid Labs sold spyware to Peru."
    component = nlp.create_pipe("memokg_relations")
    doc = nlp(text)
    doc._.memokg_entities = make_entities(text)
    doc._.memokg_sections = []
    doc = component(doc)
    assert pairs(doc._.memokg_relations) == {("org:corvid-labs", "country:PER")}


def test_unparsed_doc_is_an_extract_error(nlp, cues):
    doc = nlp.make_doc("Corvid Labs sold spyware to Peru.")
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


@pytest.mark.parametrize(("text", "status"), [
    ("Halvane's reported sale of cameras to Ghana, which the company denies, drew protests.", "denied"),
    ("Reports that Halvane sold cameras to Ghana are false, the firm said.", "denied"),
    ("The sale of cameras to Ghana by Halvane has not been confirmed.", "alleged"),
    ("Halvane did not sell cameras to Ghana.", "denied"),
])
def test_denials_in_a_relative_clause_or_a_predicate_and_what_is_only_unconfirmed(nlp, cues, text, status):
    assert sale(nlp, cues, text).status == status
