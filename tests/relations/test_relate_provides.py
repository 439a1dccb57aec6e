"""PROVIDES (vendor -> technology): registry products, possessive coreference, what is not provided, new forms."""

from __future__ import annotations

import pytest

from pipeline.relations import extract_relations
from pipeline.schema import Entity, Mention, Relation
from tests.relation_entities import entities_at_names

# name -> (label, id, home country or iso3); the org ids of registry vendors are those of models/vendors.jsonl
TABLE = {
    "Blue Coat": ("ORG", "org:blue-coat", "USA"),
    "Intellexa": ("ORG", "org:intellexa", "GRC"),
    "European Investigative Collaborations": ("ORG", "org:european-investigative-collaborations", None),
    "NSO Group": ("ORG", "org:nso-group", "ISR"),
    "Etisalat": ("ORG", "org:etisalat", "ARE"),
    "Huawei": ("ORG", "org:huawei", "CHN"),
    "Hikvision": ("ORG", "org:hikvision", "CHN"),
    "Netsweeper": ("ORG", "org:netsweeper", "CAN"),
    "FinFisher": ("ORG", "org:finfisher-gmbh", "DEU"),
    "Daum-Kakao": ("ORG", "org:daum-kakao", "KOR"),
    "Hacking Team": ("ORG", "org:hacking-team", "ITA"),
    "Gamma International": ("ORG", "org:gamma-group", "GBR"),
    "Megvii": ("ORG", "org:megvii", "CHN"),
    "Bull": ("ORG", "org:bull", "FRA"),
    "Amesys": ("ORG", "org:amesys", "FRA"),
    "ProxySG": ("TECHNOLOGY", "tech:proxysg", None),
    "Predator": ("TECHNOLOGY", "tech:predator", None),
    "Pegasus": ("TECHNOLOGY", "tech:pegasus", None),
    "spyware": ("TECHNOLOGY", "tech:spyware", None),
    "cyber-surveillance": ("TECHNOLOGY", "tech:cyber-surveillance", None),
    "Tumblr": ("TECHNOLOGY", "tech:tumblr", None),
    "KakaoTalk": ("TECHNOLOGY", "tech:kakaotalk", None),
    "surveillance system": ("TECHNOLOGY", "tech:surveillance-system", None),
    "cameras": ("TECHNOLOGY", "tech:surveillance-cameras", None),
    "FinSpy": ("TECHNOLOGY", "tech:finspy", None),
    "RCS": ("TECHNOLOGY", "tech:remote-control-system", None),
    "FaceEngine": ("TECHNOLOGY", "tech:face-engine", None),
    "face detection": ("TECHNOLOGY", "tech:face-detection", None),
    "Windows": ("TECHNOLOGY", "tech:windows", None),
    "Android": ("TECHNOLOGY", "tech:android", None),
    "Eagle": ("TECHNOLOGY", "tech:eagle", None),
    "cloud platform": ("TECHNOLOGY", "tech:cloud-computing", None),
    "Syria": ("COUNTRY", "country:SYR", "SYR"),
    "Uganda": ("COUNTRY", "country:UGA", "UGA"),
    "Saudi Arabia": ("COUNTRY", "country:SAU", "SAU"),
    "Pakistan": ("COUNTRY", "country:PAK", "PAK"),
    "Turkey": ("COUNTRY", "country:TUR", "TUR"),
    "Belgrade": ("COUNTRY", "country:SRB", "SRB"),
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
    text = "Blue Coat was criticised last year. Investigators later found ProxySG appliances in Syria."
    rels = [r for r in run(nlp, cues, text) if r.type == "PROVIDES"]
    assert [(r.source, r.target, r.method, r.cue, r.confidence) for r in rels] == [
        ("org:blue-coat", "tech:proxysg", "registry", None, 0.6)
    ]
    assert rels[0].evidence.sentence == "Investigators later found ProxySG appliances in Syria."


def test_registry_evidence_prefers_a_sentence_naming_the_vendor(nlp, cues):
    text = ("Investigators found ProxySG appliances in Syria. The appliances were traced back to Blue Coat and "
            "to its ProxySG line.")
    rel = next(r for r in run(nlp, cues, text) if r.type == "PROVIDES")
    assert rel.evidence.start == text.index("The appliances")


def test_registry_product_without_its_vendor_gives_nothing(nlp, cues):
    assert not provides(run(nlp, cues, "Investigators found ProxySG appliances in Syria."))


def test_stated_pair_is_not_repeated_from_the_registry(nlp, cues):
    rels = [r for r in run(nlp, cues, "Blue Coat sells ProxySG appliances to companies.") if r.type == "PROVIDES"]
    assert [(r.source, r.target, r.method) for r in rels] == [("org:blue-coat", "tech:proxysg", "dependency")]


def test_possessive_pronoun_prefers_the_registry_vendor(nlp, cues):
    text = ("The European Investigative Collaborations network published files on Intellexa. "
            "They focus on Predator, its highly invasive spyware.")
    rels = run(nlp, cues, text)
    coref = {(r.source, r.target) for r in rels if r.type == "PROVIDES" and r.method == "dependency+coref"}
    assert ("org:intellexa", "tech:spyware") in coref
    assert not any(r.source == "org:european-investigative-collaborations" for r in rels if r.type == "PROVIDES")


def test_technology_naming_the_customer_is_not_provided(nlp, cues):
    rels = run(nlp, cues, "Huawei employees helped Uganda's cyber-surveillance unit break into phones.")
    assert ("org:huawei", "country:UGA") in {(r.source, r.target) for r in rels if r.type == "SUPPLIES"}
    assert not provides(rels)


def test_product_with_a_known_maker_is_not_provided_by_its_host(nlp, cues):
    rels = run(nlp, cues, "NSO Group's Pegasus was installed by Etisalat in Saudi Arabia.")
    assert ("org:nso-group", "tech:pegasus") in provides(rels)
    assert ("org:etisalat", "tech:pegasus") not in provides(rels)


def test_fallback_skips_what_another_verb_acts_on(nlp, cues):
    text = "Studies found that technology provided by Netsweeper categorizes and blocks Tumblr in Pakistan."
    rels = run(nlp, cues, text)
    assert ("org:netsweeper", "tech:tumblr") not in provides(rels)


def test_fallback_keeps_the_object_of_the_cue(nlp, cues):
    rels = run(nlp, cues, "Former FinFisher executives were charged with selling spyware to Turkey.")
    assert ("org:finfisher-gmbh", "tech:spyware") in provides(rels)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("KakaoTalk is a chat program developed and owned by the company Daum-Kakao.",
         ("org:daum-kakao", "tech:kakaotalk")),
        ("The Huawei-built surveillance system covers Belgrade.", ("org:huawei", "tech:surveillance-system")),
        ("The police bought cameras from Hikvision.", ("org:hikvision", "tech:surveillance-cameras")),
    ],
)
def test_more_ways_to_say_a_vendor_makes_something(nlp, cues, text, pair):
    assert pair in provides(run(nlp, cues, text))


def test_a_technology_inside_a_longer_product_name_is_not_provided(nlp, cues):
    text = "Hacking Team wrote an Android exploit. An e-mail asks Hacking Team to test their Android exploit."
    ents = entities(text)
    start = text.index("their Android exploit") + len("their ")
    exploit = Entity(id="tech:android-exploit", label="TECHNOLOGY", name="Android exploit",
                     mentions=[Mention(text="Android exploit", start=start, end=start + len("Android exploit"))])
    android = Entity(id="tech:android", label="TECHNOLOGY", name="Android",
                     mentions=[Mention(text="Android", start=start, end=start + len("Android"))])
    rels = extract_relations(nlp(text), [*ents, exploit, android], [], cues)
    found = {(r.source, r.target) for r in rels if r.type == "PROVIDES" and r.evidence.start > 0}
    assert ("org:hacking-team", "tech:android-exploit") in found
    assert ("org:hacking-team", "tech:android") not in found


def test_made_by_clause_belongs_to_the_technology_right_before_it(nlp, cues):
    text = ("The controls followed reports that spyware, such as FinSpy made by Gamma International and RCS made by "
            "Hacking Team, had reached repressive governments.")
    found = provides(run(nlp, cues, text))
    assert ("org:gamma-group", "tech:finspy") in found
    assert ("org:hacking-team", "tech:finspy") not in found


def test_selling_a_business_is_not_providing_its_product(nlp, cues):
    text = "In 2012 Bull sold the Eagle activity to former Amesys managers."
    assert ("org:bull", "tech:eagle") not in provides(run(nlp, cues, text))


def test_fallback_needs_the_technology_in_the_object_of_the_cue(nlp, cues):
    text = "Megvii, based in Beijing, built its name on a cloud platform for developers."
    assert ("org:megvii", "tech:cloud-computing") not in provides(run(nlp, cues, text))


def test_what_a_provided_product_does_is_provided_too(nlp, cues):
    text = ("Megvii sells FaceEngine. FaceEngine is a platform that lets developers add face detection to their apps. "
            "FaceEngine is a platform that can take control of Windows and Android devices.")
    rels = [r for r in run(nlp, cues, text) if r.type == "PROVIDES"]
    described = {(r.source, r.target) for r in rels if r.method == "description"}
    assert described == {("org:megvii", "tech:face-detection")}
