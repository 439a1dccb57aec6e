"""PROVIDES (vendor -> technology): registry products, possessive coreference, what is not provided, new forms."""

from __future__ import annotations

import pytest

from pipeline.relations import extract_relations
from pipeline.schema import Entity, Mention, Relation
from tests.relation_entities import entities_at_names

# name -> (label, id, home country or iso3); the org ids of registry vendors are those of the invented registry
# (conftest.py)
TABLE = {
    "Halcyon Filters": ("ORG", "org:halcyon-filters", "USA"),
    "Marrow Systems": ("ORG", "org:marrow-systems", "GRC"),
    "Northern Press Alliance": ("ORG", "org:northern-press-alliance", None),
    "Veltrix Group": ("ORG", "org:veltrix-group", "ISR"),
    "Coralink": ("ORG", "org:coralink", "ARE"),
    "Halvane": ("ORG", "org:halvane", "CHN"),
    "Oculon": ("ORG", "org:oculon", "CHN"),
    "Sievent": ("ORG", "org:sievent", "CAN"),
    "Ostwald": ("ORG", "org:ostwald-gmbh", "DEU"),
    "Kobal-Miri": ("ORG", "org:kobal-miri", "KOR"),
    "Corvid Labs": ("ORG", "org:corvid-labs", "ITA"),
    "Stellmark International": ("ORG", "org:stellmark-group", "GBR"),
    "Pixora": ("ORG", "org:pixora", "CHN"),
    "Verrand": ("ORG", "org:verrand", "FRA"),
    "Sarcel": ("ORG", "org:sarcel", "FRA"),
    "PassGate": ("TECHNOLOGY", "tech:passgate", None),
    "Wraith": ("TECHNOLOGY", "tech:wraith", None),
    "Shrike": ("TECHNOLOGY", "tech:shrike", None),
    "spyware": ("TECHNOLOGY", "tech:spyware", None),
    "cyber-surveillance": ("TECHNOLOGY", "tech:cyber-surveillance", None),
    "Pinwheel": ("TECHNOLOGY", "tech:pinwheel", None),
    "MiriTalk": ("TECHNOLOGY", "tech:miritalk", None),
    "surveillance system": ("TECHNOLOGY", "tech:surveillance-system", None),
    "cameras": ("TECHNOLOGY", "tech:surveillance-cameras", None),
    "Lynxtrap": ("TECHNOLOGY", "tech:lynxtrap", None),
    "NJS": ("TECHNOLOGY", "tech:nightjar-suite", None),
    "FaceLoom": ("TECHNOLOGY", "tech:faceloom", None),
    "face detection": ("TECHNOLOGY", "tech:face-detection", None),
    "Windows": ("TECHNOLOGY", "tech:windows", None),
    "Android": ("TECHNOLOGY", "tech:android", None),
    "Harrier": ("TECHNOLOGY", "tech:harrier", None),
    "cloud platform": ("TECHNOLOGY", "tech:cloud-computing", None),
    "Tunisia": ("COUNTRY", "country:TUN", "TUN"),
    "Malawi": ("COUNTRY", "country:MWI", "MWI"),
    "Qatar": ("COUNTRY", "country:QAT", "QAT"),
    "Bangladesh": ("COUNTRY", "country:BGD", "BGD"),
    "Azerbaijan": ("COUNTRY", "country:AZE", "AZE"),
    "Tirana": ("COUNTRY", "country:ALB", "ALB"),
}


def entities(text: str) -> list[Entity]:
    """Entities at the offsets of the table's names in the text (TABLE read at call time: other modules extend it)."""
    return entities_at_names(text, TABLE)


def run(nlp, cues, text: str) -> list[Relation]:
    """Relations of one parsed text."""
    return extract_relations(nlp(text), entities(text), [], cues)


def provides(rels: list[Relation]) -> set[tuple[str, str]]:
    """(vendor, technology) pairs of the PROVIDES relations."""
    return {(r.source, r.target) for r in rels if r.type == "PROVIDES"}


def test_registry_product_of_a_memo_vendor_is_provided(nlp, cues):
    text = "Halcyon Filters lost a lawsuit last year. Auditors later spotted PassGate appliances in Tunisia."
    rels = [r for r in run(nlp, cues, text) if r.type == "PROVIDES"]
    assert [(r.source, r.target, r.method, r.cue, r.confidence) for r in rels] == [
        ("org:halcyon-filters", "tech:passgate", "registry", None, cues.measured_confidence["PROVIDES registry"])
    ]
    assert rels[0].evidence.sentence == "Auditors later spotted PassGate appliances in Tunisia."


def test_registry_evidence_prefers_a_sentence_naming_the_vendor(nlp, cues):
    text = ("Auditors spotted PassGate appliances in Tunisia. The boxes were traced back to Halcyon Filters and "
            "to its PassGate range.")
    rel = next(r for r in run(nlp, cues, text) if r.type == "PROVIDES")
    assert rel.evidence.start == text.index("The boxes")


def test_registry_product_without_its_vendor_gives_nothing(nlp, cues):
    assert not provides(run(nlp, cues, "Auditors spotted PassGate appliances in Tunisia."))


def test_stated_pair_is_not_repeated_from_the_registry(nlp, cues):
    text = "Halcyon Filters sells PassGate appliances to companies."
    rels = [r for r in run(nlp, cues, text) if r.type == "PROVIDES"]
    assert [(r.source, r.target, r.method) for r in rels] == [("org:halcyon-filters", "tech:passgate", "dependency")]


def test_possessive_pronoun_prefers_the_registry_vendor(nlp, cues):
    text = ("The Northern Press Alliance network released documents about Marrow Systems. "
            "They centre on Wraith, its deeply intrusive spyware.")
    rels = run(nlp, cues, text)
    coref = {(r.source, r.target) for r in rels if r.type == "PROVIDES" and r.method == "dependency+coref"}
    assert ("org:marrow-systems", "tech:spyware") in coref
    assert not any(r.source == "org:northern-press-alliance" for r in rels if r.type == "PROVIDES")


def test_technology_naming_the_customer_is_not_provided(nlp, cues):
    rels = run(nlp, cues, "Halvane engineers helped Malawi's cyber-surveillance unit unlock seized laptops.")
    assert ("org:halvane", "country:MWI") in {(r.source, r.target) for r in rels if r.type == "SUPPLIES"}
    assert not provides(rels)


def test_product_with_a_known_maker_is_not_provided_by_its_host(nlp, cues):
    rels = run(nlp, cues, "Veltrix Group's Shrike was installed by Coralink in Qatar.")
    assert ("org:veltrix-group", "tech:shrike") in provides(rels)
    assert ("org:coralink", "tech:shrike") not in provides(rels)


def test_fallback_skips_what_another_verb_acts_on(nlp, cues):
    text = "Researchers showed that software provided by Sievent labels and blocks Pinwheel in Bangladesh."
    rels = run(nlp, cues, text)
    assert ("org:sievent", "tech:pinwheel") not in provides(rels)


def test_a_sale_without_a_parsed_seller_is_still_found_and_what_was_sold_is_provided(nlp, cues):
    rels = run(nlp, cues, "Three former Ostwald managers were charged with selling spyware to Azerbaijan.")
    assert [(r.source, r.target) for r in rels if r.type == "SUPPLIES"] == [("org:ostwald-gmbh", "country:AZE")]
    assert ("org:ostwald-gmbh", "tech:spyware") in provides(rels)


def test_the_fallback_provides_nothing_under_a_negation(nlp, cues):
    rels = run(nlp, cues, "Three former Ostwald managers denied that the firm ever made spyware.")
    assert not [r for r in rels if r.type == "PROVIDES" and r.method == "cooccurrence" and r.status != "denied"]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("MiriTalk is a messaging app developed and run by the firm Kobal-Miri.",
         ("org:kobal-miri", "tech:miritalk")),
        ("The Halvane-built surveillance system covers Tirana.", ("org:halvane", "tech:surveillance-system")),
        ("The police bought cameras from Oculon.", ("org:oculon", "tech:surveillance-cameras")),
    ],
)
def test_more_ways_to_say_a_vendor_makes_something(nlp, cues, text, pair):
    assert pair in provides(run(nlp, cues, text))


def test_a_technology_inside_a_longer_product_name_is_not_provided(nlp, cues):
    text = "Corvid Labs wrote an Android exploit. A support ticket asks Corvid Labs to check their Android exploit."
    ents = entities(text)
    start = text.index("their Android exploit") + len("their ")
    exploit = Entity(id="tech:android-exploit", label="TECHNOLOGY", name="Android exploit",
                     mentions=[Mention(text="Android exploit", start=start, end=start + len("Android exploit"))])
    android = Entity(id="tech:android", label="TECHNOLOGY", name="Android", methods=["ruler"],  # a registry name
                     mentions=[Mention(text="Android", start=start, end=start + len("Android"))])
    rels = extract_relations(nlp(text), [*ents, exploit, android], [], cues)
    found = {(r.source, r.target) for r in rels if r.type == "PROVIDES" and r.evidence.start > 0}
    assert ("org:corvid-labs", "tech:android-exploit") in found
    assert ("org:corvid-labs", "tech:android") not in found


def test_made_by_clause_belongs_to_the_technology_right_before_it(nlp, cues):
    text = ("The new rules came after reports that spyware, such as Lynxtrap made by Stellmark International and NJS "
            "made by Corvid Labs, had reached abusive regimes.")
    found = provides(run(nlp, cues, text))
    assert ("org:stellmark-group", "tech:lynxtrap") in found
    assert ("org:corvid-labs", "tech:lynxtrap") not in found


def test_selling_a_business_is_not_providing_its_product(nlp, cues):
    text = "In 2016 Verrand sold the Harrier activity to former Sarcel managers."
    assert ("org:verrand", "tech:harrier") not in provides(run(nlp, cues, text))


def test_fallback_needs_the_technology_in_the_object_of_the_cue(nlp, cues):
    text = "Pixora, based in Shenzhen, built its reputation on a cloud platform for app makers."
    assert ("org:pixora", "tech:cloud-computing") not in provides(run(nlp, cues, text))


def test_what_a_provided_product_does_is_provided_too(nlp, cues):
    text = ("Pixora sells FaceLoom. FaceLoom is a toolkit that lets programmers add face detection to their software. "
            "FaceLoom is also a toolkit that can seize control of Windows and Android devices.")
    rels = [r for r in run(nlp, cues, text) if r.type == "PROVIDES"]
    described = {(r.source, r.target) for r in rels if r.method == "description"}
    assert described == {("org:pixora", "tech:face-detection")}
