"""Relation patterns on small hand-made sentences, with hand-made entities (the input of the relation stage)."""

from __future__ import annotations

import pytest

from pipeline.relations import extract_relations
from pipeline.schema import Entity, Relation, Section
from tests.relation_entities import entities_at_names

# name -> (label, id, home country or iso3)
KNOWN = {
    "Hacking Team": ("ORG", "org:hacking-team", "ITA"),
    "ZTE": ("ORG", "org:zte", "CHN"),
    "CloudWalk": ("ORG", "org:cloudwalk-technology", "CHN"),
    "Huawei": ("ORG", "org:huawei", "CHN"),
    "Hikvision": ("ORG", "org:hikvision", "CHN"),
    "Sandvine": ("ORG", "org:sandvine", "CAN"),
    "NSO Group": ("ORG", "org:nso-group", "ISR"),
    "FinFisher": ("ORG", "org:finfisher-gmbh", "DEU"),
    "Cellebrite": ("ORG", "org:cellebrite", "ISR"),
    "National Intelligence and Security Service": ("ORG", "org:niss", None),
    "Citizen Lab": ("ORG", "org:citizen-lab", "CAN"),
    "Remote Control System": ("TECHNOLOGY", "tech:remote-control-system", None),
    "facial recognition": ("TECHNOLOGY", "tech:facial-recognition", None),
    "Pegasus": ("TECHNOLOGY", "tech:pegasus", None),
    "spyware": ("TECHNOLOGY", "tech:spyware", None),
    "cameras": ("TECHNOLOGY", "tech:surveillance-cameras", None),
    "smart cards": ("TECHNOLOGY", "tech:smart-card", None),
}
COUNTRIES = {
    "Sudan": "SDN", "Ethiopia": "ETH", "Zimbabwe": "ZWE", "Venezuela": "VEN", "Nairobi": "KEN", "Kenya": "KEN",
    "Egypt": "EGY", "Bahrain": "BHR", "Mexico": "MEX", "Mexican": "MEX", "Ecuador": "ECU", "Malaysia": "MYS",
    "Chinese": "CHN", "China": "CHN", "Israel": "ISR", "Italian": "ITA", "Munich": "DEU", "Belarus": "BLR",
    "Xinjiang": "CHN", "Uganda": "UGA",
}



def make_entities(text: str) -> list[Entity]:
    """Entities from the character offsets of the known names and countries in the text."""
    table = {**KNOWN, **{name: ("COUNTRY", f"country:{iso}", iso) for name, iso in COUNTRIES.items()}}
    return entities_at_names(text, table)


def relations(nlp, cues, text: str, sections: list[Section] | None = None) -> list[Relation]:
    """Parse the text and extract its relations."""
    doc = nlp(text)
    return extract_relations(doc, make_entities(text), sections or [], cues)


def pairs(rels: list[Relation], rel_type: str = "SUPPLIES") -> set[tuple[str, str]]:
    """(source, target) of the relations of one type."""
    return {(r.source, r.target) for r in rels if r.type == rel_type}


def test_active_sale_to_a_government_body_goes_to_its_country(nlp, cues):
    rels = relations(nlp, cues, "Hacking Team sold the Remote Control System to Sudan's National Intelligence and "
                                "Security Service in 2012.")
    assert pairs(rels) == {("org:hacking-team", "country:SDN")}
    sale = next(r for r in rels if r.type == "SUPPLIES")
    assert sale.capability == "tech:remote-control-system"
    assert sale.method == "dependency" and sale.confidence == 0.85 and sale.cue == "sell"
    assert ("org:hacking-team", "tech:remote-control-system") in pairs(rels, "PROVIDES")


def test_passive_sale_with_agent(nlp, cues):
    rels = relations(nlp, cues, "The spyware was sold to Ethiopia by Hacking Team.")
    assert pairs(rels) == {("org:hacking-team", "country:ETH")}


def test_buying_from_a_vendor(nlp, cues):
    rels = relations(nlp, cues, "Zimbabwe bought a system using facial recognition from CloudWalk.")
    assert pairs(rels) == {("org:cloudwalk-technology", "country:ZWE")}
    assert ("org:cloudwalk-technology", "tech:facial-recognition") in pairs(rels, "PROVIDES")


def test_helping_a_country_build(nlp, cues):
    rels = relations(nlp, cues, "ZTE is helping Venezuela build a national database using smart cards.")
    assert ("org:zte", "country:VEN") in pairs(rels)


def test_contract_to_install_in_a_city(nlp, cues):
    rels = relations(nlp, cues, "Huawei won a contract to install cameras in Nairobi.")
    assert pairs(rels) == {("org:huawei", "country:KEN")}


def test_customer_of(nlp, cues):
    rels = relations(nlp, cues, "Egypt is a customer of Sandvine.")
    assert pairs(rels) == {("org:sandvine", "country:EGY")}


def test_product_found_deployed(nlp, cues):
    rels = relations(nlp, cues, "FinFisher servers were found in 25 countries including Ethiopia and Bahrain.")
    assert pairs(rels) == {("org:finfisher-gmbh", "country:ETH"), ("org:finfisher-gmbh", "country:BHR")}


def test_finder_is_not_the_vendor(nlp, cues):
    rels = relations(nlp, cues, "Citizen Lab found FinFisher servers in Ethiopia.")
    assert pairs(rels) == {("org:finfisher-gmbh", "country:ETH")}


def test_conjunction_of_countries(nlp, cues):
    rels = relations(nlp, cues, "Mexico, Ecuador and Malaysia also contracted with Hikvision.")
    assert pairs(rels) == {("org:hikvision", f"country:{c}") for c in ("MEX", "ECU", "MYS")}


def test_countries_listed_after_a_colon(nlp, cues):
    rels = relations(nlp, cues, "We identified FinFisher installations in the following countries: Egypt, Kenya "
                                "and Malaysia.")
    assert pairs(rels) == {("org:finfisher-gmbh", f"country:{c}") for c in ("EGY", "KEN", "MYS")}


def test_possessive_product_and_product_to_vendor(nlp, cues):
    rels = relations(nlp, cues, "NSO Group's Pegasus spyware was used by Mexican agencies.")
    assert ("org:nso-group", "tech:pegasus") in pairs(rels, "PROVIDES")
    assert pairs(rels) == {("org:nso-group", "country:MEX")}


def test_product_made_by_vendor(nlp, cues):
    rels = relations(nlp, cues, "Mexican agencies used Pegasus, made by NSO Group.")
    assert ("org:nso-group", "tech:pegasus") in pairs(rels, "PROVIDES")
    assert pairs(rels) == {("org:nso-group", "country:MEX")}


def test_vendor_makes_technology(nlp, cues):
    rels = relations(nlp, cues, "Hikvision makes cameras.")
    assert pairs(rels, "PROVIDES") == {("org:hikvision", "tech:surveillance-cameras")}
    assert not pairs(rels)


def test_coreference_of_the_company_and_the_country(nlp, cues):
    text = ("Several Chinese firms export such systems, the latest example being ZTE in Venezuela. "
            "The country's authorities have asked the Chinese company to install a system to monitor elections.")
    rels = relations(nlp, cues, text)
    second = text.index("The country's")
    coref = [r for r in rels if r.type == "SUPPLIES" and r.evidence.start == second]
    assert [(r.source, r.target, r.method, r.confidence) for r in coref] == [
        ("org:zte", "country:VEN", "dependency+coref", 0.7)
    ]


def test_it_is_not_resolved_when_two_vendors_are_in_view(nlp, cues):
    text = "Huawei and ZTE met officials last year. It sold cameras to Kenya."
    assert not pairs(relations(nlp, cues, text))


@pytest.mark.parametrize(
    ("text", "org", "country"),
    [
        ("The Chinese company ZTE sold cameras.", "org:zte", "country:CHN"),
        ("Israel-based NSO Group makes spyware.", "org:nso-group", "country:ISR"),
        ("Italian firm Hacking Team sells spyware.", "org:hacking-team", "country:ITA"),
        ("FinFisher is a spyware suite written by Munich-based FinFisher.", "org:finfisher-gmbh", "country:DEU"),
        ("ZTE, a Chinese company, won the bid.", "org:zte", "country:CHN"),
    ],
)
def test_based_in_forms(nlp, cues, text, org, country):
    assert (org, country) in pairs(relations(nlp, cues, text), "BASED_IN")


def test_home_country_is_not_a_customer(nlp, cues):
    rels = relations(nlp, cues, "The Chinese company ZTE sold cameras to Ecuador.")
    assert pairs(rels) == {("org:zte", "country:ECU")}
    assert pairs(rels, "BASED_IN") == {("org:zte", "country:CHN")}


def test_deploys_and_no_relation_from_mere_co_mention(nlp, cues):
    rels = relations(nlp, cues, "Chinese authorities use facial recognition in Xinjiang.")
    assert ("country:CHN", "tech:facial-recognition") in pairs(rels, "DEPLOYS")
    assert not relations(nlp, cues, "Huawei and Kenya were both named in the annual report.")


def test_relations_are_sorted_with_stable_ids(nlp, cues):
    text = "Egypt is a customer of Sandvine. Hacking Team sold spyware to Ethiopia."
    rels = relations(nlp, cues, text)
    keys = [(r.evidence.start, r.type, r.source, r.target) for r in rels]
    assert keys == sorted(keys)
    assert len({r.id for r in rels}) == len(rels)
    sale = next(r for r in rels if r.type == "SUPPLIES" and r.source == "org:hacking-team")
    start = text.index("Hacking Team")
    assert sale.id == f"rel:supplies:org:hacking-team:country:ETH:{start}"
    assert sale.evidence.sentence == "Hacking Team sold spyware to Ethiopia."
    assert (sale.evidence.start, sale.evidence.end) == (start, len(text))
