"""The verb mender: a third-person verb the small parser read as a noun after a company name is a verb again.

Every text here is invented for the test; the names are made up.
"""

from __future__ import annotations

import re

import pytest

from pipeline.extract import MemoProcessor


@pytest.fixture(scope="module")
def processor() -> MemoProcessor:
    return MemoProcessor()


NAMES = ["Corvid Labs", "Karavel Systems", "Brantel Networks", "Veltrix Technologies", "Ostrava Dynamics",
         "Helix Solutions", "Morrow Communications", "Tindell Marine"]
SALES = [("ships", "thermal cameras to Chile", "CHL"), ("exports", "interception gear to Oman", "OMN"),
         ("markets", "a monitoring platform to Kenya", "KEN"), ("supplies", "drones to Ghana", "GHA"),
         ("installs", "cameras in Lima", "PER"), ("sells", "spyware to Peru", "PER")]


def _slug(name: str) -> str:
    return "org:" + re.sub(r"[^a-z]+", "-", name.lower()).strip("-")


@pytest.mark.parametrize("name", NAMES)
def test_a_sale_after_a_plural_company_name_is_read_whatever_the_verb(processor: MemoProcessor, name: str) -> None:
    # invariance: the same sale with any company name and any sale verb gives the same edge
    for verb, rest, iso3 in SALES:
        record = processor.process_bytes(f"Summary\n\n{name} {verb} {rest}.".encode(), name="memo.txt")
        sales = {(r.source, r.target) for r in record.relations if r.type == "SUPPLIES"}
        assert sales == {(_slug(name), f"country:{iso3}")}, f"{name} {verb} {rest}"
        techs = [e.name.lower() for e in record.entities if e.label == "TECHNOLOGY"]
        assert not any(verb in t for t in techs), techs  # the verb is no part of a technology phrase


def test_the_mended_verb_heads_its_sentence_and_keeps_the_sentence_whole(processor: MemoProcessor) -> None:
    doc = processor.extractor.nlp("Brantel Labs ships implants to Chile. The shipments began in 2021.")
    assert [s.text for s in doc.sents] == ["Brantel Labs ships implants to Chile.", "The shipments began in 2021."]
    ships = doc[2]
    assert (ships.dep_, ships.pos_, ships.lemma_) == ("ROOT", "VERB", "ship")
    assert {(c.text, c.dep_) for c in ships.children} >= {("Labs", "nsubj"), ("implants", "dobj"), ("to", "prep")}


def test_a_name_hung_on_its_verb_as_a_compound_is_its_subject(processor: MemoProcessor) -> None:
    record = processor.process_bytes(b"Summary\n\nKaravel Systems markets a tracking suite called Brindle.",
                                     name="memo.txt")
    assert ("org:karavel-systems", "tech:brindle") in {(r.source, r.target) for r in record.relations
                                                       if r.type == "PROVIDES"}


@pytest.mark.parametrize("text", [
    "Kenya Navy ships patrolled the coast near Lamu.",  # a noun after a name in a sentence that has its verb
    "Brantel Labs exports rose by a third in 2022.",
    "The Tindell Marine ships were seen in port.",
])
def test_a_plural_noun_in_a_sentence_with_a_verb_stays_a_noun(processor: MemoProcessor, text: str) -> None:
    doc = processor.extractor.nlp(text)
    word = next(t for t in doc if t.lower_ in {"ships", "exports"})
    assert word.pos_ == "NOUN" and word.dep_ != "ROOT"


def test_a_noun_phrase_head_tagged_as_an_adjective_is_a_noun(processor: MemoProcessor) -> None:
    record = processor.process_bytes(b"Summary\n\nA Quiver IMSI catcher, made by Dorvane Works, was seen on a "
                                     b"police truck in Minsk.", name="memo.txt")
    pairs = {(r.type, r.source, r.target) for r in record.relations}
    assert ("SUPPLIES", "org:dorvane-works", "country:BLR") in pairs
    assert any(t == "PROVIDES" and s == "org:dorvane-works" and "imsi-catcher" in g for t, s, g in pairs)


def test_an_object_the_parser_took_for_a_clause_is_the_verbs_object(processor: MemoProcessor) -> None:
    doc = processor.extractor.nlp("Corvid Labs makes the Nightjar implant.")
    implant = next(t for t in doc if t.text == "implant")
    assert (implant.pos_, implant.dep_, implant.head.text) == ("NOUN", "dobj", "makes")
