"""Verbless relations: labelled field blocks, the technologies on a customer's row, 'this technology'.

Texts and names are invented for the tests; the whole extractor runs (real model, real entity typing).
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


def _pairs(record: MemoRecord, kind: str, method: str | None = None) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in record.relations if r.type == kind and method in (None, r.method)}


def test_a_block_of_labelled_fields_says_who_sold_what_to_whom(processor: MemoProcessor) -> None:
    record = _record(processor, "Vendor: Hikvision\nCustomer: Ministry of Interior, Uganda\n"
                                "Capability: facial recognition\nStatus: delivered 2021\n")
    assert _pairs(record, "SUPPLIES", "fields") == {("org:hikvision", "country:UGA")}
    assert ("org:hikvision", "tech:facial-recognition") in _pairs(record, "PROVIDES", "fields")
    sale = next(r for r in record.relations if r.method == "fields" and r.type == "SUPPLIES")
    assert sale.evidence.sentence.startswith("Vendor: Hikvision") and "Capability" in sale.evidence.sentence


def test_a_field_that_is_no_customer_gives_no_sale(processor: MemoProcessor) -> None:
    record = _record(processor, "- Vendor: Hikvision\n- Server hosting: a data centre in Germany\n"
                                "- Target: journalists in France\n")
    assert not _pairs(record, "SUPPLIES", "fields")


def test_the_technology_on_a_customers_row_is_provided(processor: MemoProcessor) -> None:
    record = _record(processor, "Clients listed in Hikvision's 2021 brochure:\n- Bolivia: facial recognition\n"
                                "- Tunisia: licence plate recognition\n")
    assert {("org:hikvision", "country:BOL"), ("org:hikvision", "country:TUN")} <= _pairs(record, "SUPPLIES")
    assert {("org:hikvision", "tech:facial-recognition"), ("org:hikvision", "tech:licence-plate-recognition")} \
        <= _pairs(record, "PROVIDES", "list")


def test_this_technology_is_the_one_named_before(processor: MemoProcessor) -> None:
    record = _record(processor, "Spyware is a growing market. Sandvine sells such tools to Belarus.")
    assert ("org:sandvine", "tech:spyware") in _pairs(record, "PROVIDES", "event+coref")
    umbrella = _record(processor, "Advanced surveillance technology is in demand. Sandvine sells this technology.")
    assert not _pairs(umbrella, "PROVIDES")
