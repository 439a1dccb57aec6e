"""Sales read from word order where the small parser breaks the clause, and who is no buyer.

Texts and names are invented for the tests; the whole extractor runs (real model, real entity typing).
"""

from __future__ import annotations

import pytest

from pipeline.extract import MemoProcessor


@pytest.fixture(scope="module")
def processor() -> MemoProcessor:
    """One processor for the module."""
    return MemoProcessor()


def _sales(processor: MemoProcessor, text: str) -> set[tuple[str, str, str]]:
    record = processor.process_bytes(("Summary\n\n" + text).encode(), name="memo.txt")
    return {(r.source, r.target, r.method) for r in record.relations if r.type == "SUPPLIES"}


def test_a_ministry_that_procured_from_a_vendor_is_its_customer_whatever_the_parse(processor) -> None:
    # the small model reads 'procured' here as an adjective of 'equipment'
    sales = _sales(processor, "The Tunisian Ministry of Interior procured voice interception equipment from "
                              "Lukash Systems, a parliamentary answer revealed.")
    assert {(s, t) for s, t, _ in sales} == {("org:lukash-systems", "country:TUN")}


@pytest.mark.parametrize("text", [
    "The Tunisian Ministry of Interior did not buy interception equipment from Lukash Systems.",
    "Researchers in Canada bought a test licence from Lukash Systems.",
    "According to a report by Lukash Systems, Halcyon Media sold cameras to the police of Peru.",
])
def test_no_sale_where_the_words_between_say_otherwise(processor, text: str) -> None:
    sales = _sales(processor, text)
    assert not [(s, t) for s, t, m in sales if m == "surface"]
    assert ("org:lukash-systems", "country:CAN") not in {(s, t) for s, t, _ in sales}
    assert ("org:lukash-systems", "country:PER") not in {(s, t) for s, t, _ in sales}


def test_a_law_is_never_a_supplier(processor) -> None:
    sales = _sales(processor, "Under the Kenya Information and Communications Act, operators in Kenya must give "
                              "the police access to subscriber data.")
    assert not [s for s, _t, _m in sales if s.endswith("-act")]


def test_the_vendors_home_country_does_not_hide_the_country_a_state_body_belongs_to(processor) -> None:
    text = ("Officials in Kenya have been busy. The National Intelligence Service's purchase of a spyware product "
            "of the Italian firm Hacking Team became public in 2016.")
    assert ("org:hacking-team", "country:KEN") in {(s, t) for s, t, _ in _sales(processor, text)}


def test_them_is_the_one_customer_in_view(processor) -> None:
    text = "Officials of the Zambian police met Halvane Systems in May. The firm later sold them 300 cameras."
    assert ("org:halvane-systems", "country:ZMB") in {(s, t) for s, t, _ in _sales(processor, text)}
    two = ("Officials of the Zambian and the Kenyan police met Halvane Systems in May. The firm later sold them "
           "300 cameras.")
    assert not {t for _s, t, m in _sales(processor, two) if m.endswith("coref")}
