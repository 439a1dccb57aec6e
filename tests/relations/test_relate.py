"""Relation patterns on small hand-made sentences, with hand-made entities (the input of the relation stage)."""

from __future__ import annotations

import pytest

from pipeline.relations import extract_relations
from pipeline.schema import Entity, Relation, Section
from tests.relation_entities import entities_at_names

# name -> (label, id, home country or iso3); the org ids are those of the invented registry (conftest.py)
KNOWN = {
    "Corvid Labs": ("ORG", "org:corvid-labs", "ITA"),
    "Brantel Networks": ("ORG", "org:brantel-networks", "CHN"),
    "Facetta": ("ORG", "org:facetta", "CHN"),
    "Halvane": ("ORG", "org:halvane", "CHN"),
    "Oculon": ("ORG", "org:oculon", "CHN"),
    "Packetra": ("ORG", "org:packetra", "CAN"),
    "Veltrix Group": ("ORG", "org:veltrix-group", "ISR"),
    "Ostwald": ("ORG", "org:ostwald-gmbh", "DEU"),
    "State Intelligence Bureau": ("ORG", "org:state-intelligence-bureau", None),
    "Lumen Lab": ("ORG", "org:lumen-lab", "CAN"),
    "Nightjar Suite": ("TECHNOLOGY", "tech:nightjar-suite", None),
    "facial recognition": ("TECHNOLOGY", "tech:facial-recognition", None),
    "Shrike": ("TECHNOLOGY", "tech:shrike", None),
    "spyware": ("TECHNOLOGY", "tech:spyware", None),
    "cameras": ("TECHNOLOGY", "tech:surveillance-cameras", None),
    "smart cards": ("TECHNOLOGY", "tech:smart-card", None),
}
COUNTRIES = {
    "Ghana": "GHA", "Accra": "GHA", "Peru": "PER", "Peruvian": "PER", "Cusco": "PER", "Namibia": "NAM",
    "Paraguay": "PRY", "Jordan": "JOR", "Oman": "OMN", "Tunisia": "TUN", "Chile": "CHL", "Chilean": "CHL",
    "Vietnam": "VNM", "Chinese": "CHN", "China": "CHN", "Israel": "ISR", "Italian": "ITA", "Munich": "DEU",
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
    rels = relations(nlp, cues, "Corvid Labs sold the Nightjar Suite to Ghana's State Intelligence Bureau in 2019.")
    assert pairs(rels) == {("org:corvid-labs", "country:GHA")}
    sale = next(r for r in rels if r.type == "SUPPLIES")
    assert sale.capability == "tech:nightjar-suite"
    assert sale.method in {"dependency", "event"} and sale.cue == "sell"
    assert sale.confidence == cues.measured_confidence[f"SUPPLIES {sale.method}"]
    assert ("org:corvid-labs", "tech:nightjar-suite") in pairs(rels, "PROVIDES")


def test_passive_sale_with_agent(nlp, cues):
    rels = relations(nlp, cues, "The spyware was sold to Peru by Corvid Labs.")
    assert pairs(rels) == {("org:corvid-labs", "country:PER")}


def test_buying_from_a_vendor(nlp, cues):
    rels = relations(nlp, cues, "Namibia bought a border platform using facial recognition from Facetta.")
    assert pairs(rels) == {("org:facetta", "country:NAM")}
    assert ("org:facetta", "tech:facial-recognition") in pairs(rels, "PROVIDES")


def test_helping_a_country_build(nlp, cues):
    rels = relations(nlp, cues, "Brantel Networks is helping Paraguay build a voter register using smart cards.")
    assert ("org:brantel-networks", "country:PRY") in pairs(rels)


def test_contract_to_install_in_a_city(nlp, cues):
    rels = relations(nlp, cues, "Halvane won a contract to install cameras in Accra.")
    assert pairs(rels) == {("org:halvane", "country:GHA")}


def test_customer_of(nlp, cues):
    rels = relations(nlp, cues, "Jordan is a customer of Packetra.")
    assert pairs(rels) == {("org:packetra", "country:JOR")}


def test_product_found_deployed(nlp, cues):
    rels = relations(nlp, cues, "Ostwald servers were found in 14 countries including Peru and Oman.")
    assert pairs(rels) == {("org:ostwald-gmbh", "country:PER"), ("org:ostwald-gmbh", "country:OMN")}


def test_finder_is_not_the_vendor(nlp, cues):
    rels = relations(nlp, cues, "Lumen Lab found Ostwald servers in Peru.")
    assert pairs(rels) == {("org:ostwald-gmbh", "country:PER")}


def test_conjunction_of_countries(nlp, cues):
    rels = relations(nlp, cues, "Chile, Ghana and Vietnam also contracted with Oculon.")
    assert pairs(rels) == {("org:oculon", f"country:{c}") for c in ("CHL", "GHA", "VNM")}


def test_countries_listed_after_a_colon(nlp, cues):
    rels = relations(nlp, cues, "Our scan located Ostwald installations in three more countries: Tunisia, Jordan "
                                "and Vietnam.")
    assert pairs(rels) == {("org:ostwald-gmbh", f"country:{c}") for c in ("TUN", "JOR", "VNM")}


def test_possessive_product_and_product_to_vendor(nlp, cues):
    rels = relations(nlp, cues, "Veltrix Group's Shrike spyware was used by Chilean agencies.")
    assert ("org:veltrix-group", "tech:shrike") in pairs(rels, "PROVIDES")
    assert pairs(rels) == {("org:veltrix-group", "country:CHL")}


def test_product_made_by_vendor(nlp, cues):
    rels = relations(nlp, cues, "Chilean agencies used Shrike, made by Veltrix Group.")
    assert ("org:veltrix-group", "tech:shrike") in pairs(rels, "PROVIDES")
    assert pairs(rels) == {("org:veltrix-group", "country:CHL")}


def test_vendor_makes_technology(nlp, cues):
    rels = relations(nlp, cues, "Oculon makes cameras.")
    assert pairs(rels, "PROVIDES") == {("org:oculon", "tech:surveillance-cameras")}
    assert not pairs(rels)


def test_coreference_of_the_company_and_the_country(nlp, cues):
    text = ("Several Chinese vendors sell such platforms abroad, the newest case being Brantel Networks in Paraguay. "
            "The country's election officials later asked the Chinese company to install a turnout tracking system.")
    rels = relations(nlp, cues, text)
    second = text.index("The country's")
    coref = [r for r in rels if r.type == "SUPPLIES" and r.evidence.start == second]
    found = [(r.source, r.target, r.method) for r in coref]
    assert found == [("org:brantel-networks", "country:PRY", "dependency+coref")]
    assert coref[0].confidence == cues.measured_confidence["SUPPLIES dependency+coref"]


def test_it_is_not_resolved_when_two_vendors_are_in_view(nlp, cues):
    text = "Halvane and Brantel Networks met officials last year. It sold cameras to Ghana."
    assert not pairs(relations(nlp, cues, text))


@pytest.mark.parametrize(
    ("text", "org", "country"),
    [
        ("The Chinese company Brantel Networks sold cameras.", "org:brantel-networks", "country:CHN"),
        ("Israel-based Veltrix Group makes spyware.", "org:veltrix-group", "country:ISR"),
        ("Italian firm Corvid Labs sells spyware.", "org:corvid-labs", "country:ITA"),
        ("Ostwald is an intrusion kit written by Munich-based Ostwald.", "org:ostwald-gmbh", "country:DEU"),
        ("Brantel Networks, a Chinese company, won the bid.", "org:brantel-networks", "country:CHN"),
    ],
)
def test_based_in_forms(nlp, cues, text, org, country):
    assert (org, country) in pairs(relations(nlp, cues, text), "BASED_IN")


def test_home_country_is_not_a_customer(nlp, cues):
    rels = relations(nlp, cues, "The Chinese company Brantel Networks sold cameras to Chile.")
    assert pairs(rels) == {("org:brantel-networks", "country:CHL")}
    assert pairs(rels, "BASED_IN") == {("org:brantel-networks", "country:CHN")}


def test_deploys_and_no_relation_from_mere_co_mention(nlp, cues):
    rels = relations(nlp, cues, "Peruvian authorities use facial recognition in Cusco.")
    assert ("country:PER", "tech:facial-recognition") in pairs(rels, "DEPLOYS")
    assert not relations(nlp, cues, "Halvane and Ghana were both named in the annual report.")


def test_relations_are_sorted_with_stable_ids(nlp, cues):
    text = "Jordan is a customer of Packetra. Corvid Labs sold spyware to Peru."
    rels = relations(nlp, cues, text)
    keys = [(r.evidence.start, r.type, r.source, r.target) for r in rels]
    assert keys == sorted(keys)
    assert len({r.id for r in rels}) == len(rels)
    sale = next(r for r in rels if r.type == "SUPPLIES" and r.source == "org:corvid-labs")
    start = text.index("Corvid Labs")
    assert sale.id == f"rel:supplies:org:corvid-labs:country:PER:{start}"
    assert sale.evidence.sentence == "Corvid Labs sold spyware to Peru."
    assert (sale.evidence.start, sale.evidence.end) == (start, len(text))
