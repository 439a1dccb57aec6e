"""Projects and named products across sentences, through the whole extractor (real model, real entity typing).

Texts and names are invented for the tests.
"""

from __future__ import annotations

import pytest

from pipeline.extract import MemoProcessor
from pipeline.schema import MemoRecord


@pytest.fixture(scope="module")
def processor() -> MemoProcessor:
    """One processor for the module."""
    return MemoProcessor()


def _record(processor: MemoProcessor, text: str) -> MemoRecord:
    return processor.process_bytes(("Summary\n\n" + text).encode(), name="memo.txt")


def _pairs(record: MemoRecord, kind: str) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in record.relations if r.type == kind}


def test_the_name_inside_a_product_phrase_is_the_product_later_sentences_use(processor: MemoProcessor) -> None:
    record = _record(processor, "Hesketh Vantage sells the Marlin cellular interception system. "
                                "Marlin units were photographed at a police base in Lilongwe in 2022.")
    assert ("org:hesketh-vantage", "tech:marlin") in _pairs(record, "PROVIDES")
    sale = [r for r in record.relations if r.type == "SUPPLIES" and r.target == "country:MWI"]
    assert [(r.source, r.method) for r in sale] == [("org:hesketh-vantage", "product")]
    assert [s.sentence for s in sale[0].support] == ["Hesketh Vantage sells the Marlin cellular interception system."]


def test_traces_of_a_product_place_its_maker(processor: MemoProcessor) -> None:
    record = _record(processor, "Ambrosi Sicurezza S.p.A. developed the Vesuvio spyware. "
                                "Traces of Vesuvio have turned up in Kenya and in Ecuador.")
    assert {("org:ambrosi-sicurezza", "country:KEN"), ("org:ambrosi-sicurezza", "country:ECU")} \
        <= _pairs(record, "SUPPLIES")


def test_a_sale_that_would_need_a_licence_places_nothing_where_the_regulator_is(processor: MemoProcessor) -> None:
    record = _record(processor, "A sale of Hesketh Vantage's Marlin units to Iraq would need a licence from "
                                "Irish regulators.")
    assert ("org:hesketh-vantage", "country:IRL") not in _pairs(record, "SUPPLIES")


def test_what_a_named_project_of_a_vendor_involves_is_provided(processor: MemoProcessor) -> None:
    record = _record(processor, "Officials hired Huawei for a project called Safe Harbour in Accra. The Safe "
                                "Harbour project involves 900 cameras equipped with licence plate recognition.")
    provided = [r for r in record.relations if r.type == "PROVIDES" and r.method == "project"]
    assert [(r.source, r.target) for r in provided] == [("org:huawei", "tech:licence-plate-recognition")]
    assert provided[0].support and provided[0].support[0].sentence.startswith("Officials hired Huawei")


def test_a_programme_owned_by_a_vendor_provides_its_parts_but_a_neighbour_is_no_customer(
        processor: MemoProcessor) -> None:
    record = _record(processor, "Hikvision's Smart Border programme includes thermal cameras and drones along "
                                "the frontier with Kenya.")
    assert {("org:hikvision", "tech:drone"), ("org:hikvision", "tech:thermal-imaging")} <= _pairs(record, "PROVIDES")
    assert not _pairs(record, "SUPPLIES")


def test_a_project_that_will_not_include_a_technology_provides_nothing(processor: MemoProcessor) -> None:
    record = _record(processor, "Hikvision's Smart Border programme does not include drones.")
    assert ("org:hikvision", "tech:drone") not in _pairs(record, "PROVIDES")


def test_servers_of_a_product_in_a_countrys_address_space_place_its_maker(processor: MemoProcessor) -> None:
    record = _record(processor, "Quillmark Systems sells the Sandpiper implant to police forces. "
                                "Activists in Oman were targeted with the Sandpiper tool, which sent what it "
                                "collected to servers in Omani IP space.")
    assert ("org:quillmark-systems", "country:OMN") in _pairs(record, "SUPPLIES")
    assert not any(e.label == "ORG" and "IP" in e.name for e in record.entities)


@pytest.mark.parametrize(("sentence", "vendor", "country"), [
    ("Police in Lusaka have been flying drones supplied by Ventrelle Aero since 2021.",
     "org:ventrelle-aero", "country:ZMB"),
    ("The Honduran navy now operates a radar network installed by Kessington Marine.",
     "org:kessington-marine", "country:HND"),
])
def test_who_uses_what_a_participle_says_was_supplied_is_the_customer(
        processor: MemoProcessor, sentence: str, vendor: str, country: str) -> None:
    assert (vendor, country) in _pairs(_record(processor, sentence), "SUPPLIES")


def test_a_user_who_only_makes_or_attacks_with_the_thing_is_no_customer(processor: MemoProcessor) -> None:
    record = _record(processor, "Engineers in Nairobi designed drones supplied by Ventrelle Aero to Chad.")
    assert ("org:ventrelle-aero", "country:KEN") not in _pairs(record, "SUPPLIES")


def test_a_sale_read_from_word_order_provides_what_its_verb_takes(processor: MemoProcessor) -> None:
    # the small model takes 'procured' for an adjective here: only word order still reads the sale
    record = _record(processor, "The Tunisian Ministry of Interior procured voice interception equipment from "
                                "Orsaville Tecnologie S.r.l., a parliamentary answer revealed.")
    sales = [r for r in record.relations if r.type == "SUPPLIES" and r.target == "country:TUN"]
    assert [r.method for r in sales] == ["surface"]
    provided = {(r.target, r.method) for r in record.relations
                if r.type == "PROVIDES" and r.source == sales[0].source}
    assert ("tech:voice-interception", "surface") in provided


def test_a_by_phrase_hung_on_the_object_of_a_passive_verb_is_its_agent(processor: MemoProcessor) -> None:
    record = _record(processor, "Ghana's narcotics bureau was outfitted with drone detection gear by "
                                "Quorvane Systems.")
    assert ("org:quorvane-systems", "country:GHA") in _pairs(record, "SUPPLIES")
