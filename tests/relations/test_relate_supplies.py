"""SUPPLIES: customers of the memo's vendor, coreference across bullet marks, where targets are is no customer."""

from __future__ import annotations

import pytest

from pipeline.relations import extract_relations
from tests.relations.test_relate_provides import TABLE, entities

MORE = {
    "Thornback": ("ORG", "org:thornback", "ISR"),
    "Green Rivers Alliance": ("ORG", "org:green-rivers-alliance", None),
    "Quillsoft": ("ORG", "org:quillsoft", "USA"),
    "Senegal": ("COUNTRY", "country:SEN", "SEN"),
    "Peru": ("COUNTRY", "country:PER", "PER"),
    "Portugal": ("COUNTRY", "country:PRT", "PRT"),
    "Latvia": ("COUNTRY", "country:LVA", "LVA"),
    "Oman": ("COUNTRY", "country:OMN", "OMN"),
}



@pytest.fixture(autouse=True)
def more_names(monkeypatch):
    """This module's names on top of the PROVIDES test table."""
    monkeypatch.setattr("tests.relations.test_relate_provides.TABLE", {**TABLE, **MORE})


def supplies(nlp, cues, text: str) -> set[tuple[str, str]]:
    """(vendor, country) pairs of the SUPPLIES relations of the text."""
    rels = extract_relations(nlp(text), entities(text), [], cues)
    return {(r.source, r.target) for r in rels if r.type == "SUPPLIES"}


def bullets_as_sentences(nlp, text: str):
    """The text parsed with every bullet mark as a sentence of its own, as the memo structure rules make them."""
    doc = nlp.make_doc(text)
    for token in doc[1:]:
        token.is_sent_start = token.text == "-" or doc[token.i - 1].text == "-"
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc


def test_bare_customers_belong_to_the_one_registry_vendor_in_view(nlp, cues):
    text = ("- An intruder leaked the internal mail of Corvid Labs.\n- The archive holds price lists.\n"
            "- Customers include police and intelligence agencies in Senegal, Peru and Oman.\n")
    doc = bullets_as_sentences(nlp, text)
    first = [s.text.strip() for s in doc.sents][:3]
    assert first == ["-", "An intruder leaked the internal mail of Corvid Labs.", "-"]
    rels = extract_relations(doc, entities(text), [], cues)
    found = {(r.source, r.target) for r in rels if r.type == "SUPPLIES"}
    assert {("org:corvid-labs", f"country:{c}") for c in ("SEN", "PER", "OMN")} <= found


def test_bare_customers_with_two_vendors_in_view_stay_unassigned(nlp, cues):
    text = "Corvid Labs and Thornback were both breached. Customers include police agencies in Senegal and Peru."
    assert not supplies(nlp, cues, text)


def test_the_vendor_prefers_a_registry_vendor(nlp, cues):
    text = ("Analysts listed domains tied to Thornback that pose as Green Rivers Alliance. They judged that "
            "Latvia and Oman are among the vendor's probable customers.")
    found = supplies(nlp, cues, text)
    assert {("org:thornback", "country:LVA"), ("org:thornback", "country:OMN")} <= found
    assert not any(v == "org:green-rivers-alliance" for v, _ in found)


def test_where_targets_are_is_no_customer(nlp, cues):
    text = "Quillsoft later spotted the implant of Thornback on the laptops of some 40 targets in Portugal and Latvia."
    assert not supplies(nlp, cues, text)


def test_bare_clients_belong_to_the_maker_of_the_product_in_view(nlp, cues):
    text = ("Veltrix Group denied everything. The researchers met on Monday. A lab check found traces of Shrike on "
            "12 handsets. "
            "The numbers were picked by clients in Latvia and Oman.")
    found = supplies(nlp, cues, text)
    assert {("org:veltrix-group", "country:LVA"), ("org:veltrix-group", "country:OMN")} <= found
