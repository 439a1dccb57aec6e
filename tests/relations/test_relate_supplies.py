"""SUPPLIES: customers of the memo's vendor, coreference across bullet marks, where targets are is no customer."""

from __future__ import annotations

import pytest

from pipeline.relations import extract_relations
from tests.relations.test_relate_provides import TABLE, entities

MORE = {
    "Candiru": ("ORG", "org:candiru", "ISR"),
    "Black Lives Matter": ("ORG", "org:black-lives-matter", None),
    "Microsoft": ("ORG", "org:microsoft", "USA"),
    "Sudan": ("COUNTRY", "country:SDN", "SDN"),
    "Ethiopia": ("COUNTRY", "country:ETH", "ETH"),
    "Spain": ("COUNTRY", "country:ESP", "ESP"),
    "Hungary": ("COUNTRY", "country:HUN", "HUN"),
    "Morocco": ("COUNTRY", "country:MAR", "MAR"),
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
    text = ("- An attacker published internal data from Hacking Team.\n- The files contain invoices.\n"
            "- Customers include police and intelligence agencies in Sudan, Ethiopia and Morocco.\n")
    doc = bullets_as_sentences(nlp, text)
    first = [s.text.strip() for s in doc.sents][:3]
    assert first == ["-", "An attacker published internal data from Hacking Team.", "-"]
    rels = extract_relations(doc, entities(text), [], cues)
    found = {(r.source, r.target) for r in rels if r.type == "SUPPLIES"}
    assert {("org:hacking-team", f"country:{c}") for c in ("SDN", "ETH", "MAR")} <= found


def test_bare_customers_with_two_vendors_in_view_stay_unassigned(nlp, cues):
    text = "Hacking Team and Candiru were both hacked. Customers include police agencies in Sudan and Ethiopia."
    assert not supplies(nlp, cues, text)


def test_the_vendor_prefers_a_registry_vendor(nlp, cues):
    text = ("Researchers mapped websites linked to Candiru that imitate Black Lives Matter. They assessed that "
            "Hungary and Morocco are among the vendor's likely customers.")
    found = supplies(nlp, cues, text)
    assert {("org:candiru", "country:HUN"), ("org:candiru", "country:MAR")} <= found
    assert not any(v == "org:black-lives-matter" for v, _ in found)


def test_where_targets_are_is_no_customer(nlp, cues):
    text = "Microsoft then found the implant of Candiru on the machines of about 100 targets in Spain and Hungary."
    assert not supplies(nlp, cues, text)


def test_bare_clients_belong_to_the_maker_of_the_product_in_view(nlp, cues):
    text = ("NSO Group denied everything. The researchers met on Monday. Forensic analysis found traces of Pegasus on "
            "37 phones. "
            "The numbers were chosen by clients in Hungary and Morocco.")
    found = supplies(nlp, cues, text)
    assert {("org:nso-group", "country:HUN"), ("org:nso-group", "country:MAR")} <= found
