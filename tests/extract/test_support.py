"""A relation found across sentences carries the sentences it rests on, with offsets into the memo text."""

from __future__ import annotations

import pytest

from pipeline.extract import MemoProcessor, Privacy
from pipeline.schema import MemoRecord, Relation


@pytest.fixture(scope="module")
def processor() -> MemoProcessor:
    """One processor (the real model) for the module."""
    return MemoProcessor()


def _record(processor: MemoProcessor, text: str) -> MemoRecord:
    return processor.process_bytes(text.encode(), name="memo.txt")


def _supplies(record: MemoRecord, target: str) -> list[Relation]:
    return [r for r in record.relations if r.type == "SUPPLIES" and r.target == target]


def test_the_sentence_naming_the_vendor_supports_a_sale_by_the_company(processor: MemoProcessor) -> None:
    text = ("Summary\n\nSandvine has offices in Waterloo and Fremont. "
            "The company shipped its filtering appliances to Belarus last year.")
    record = _record(processor, text)
    sale = _supplies(record, "country:BLR")
    assert [r.source for r in sale] == ["org:sandvine"]
    assert sale[0].evidence.sentence.startswith("The company shipped")
    assert [s.sentence for s in sale[0].support] == ["Sandvine has offices in Waterloo and Fremont."]
    for part in (sale[0].evidence, *sale[0].support):
        assert text[part.start:part.end] == part.sentence
    assert sale[0].support[0].section == "Summary"


def test_a_sale_stated_in_one_sentence_needs_no_support(processor: MemoProcessor) -> None:
    record = _record(processor, "Summary\n\nSandvine sold filtering appliances to Belarus in 2020.")
    sale = _supplies(record, "country:BLR")
    assert sale and all(not r.support for r in sale)


def test_support_sentences_are_redacted_like_the_evidence() -> None:
    text = ("Summary\n\nSandvine is run from Waterloo by Tobias Haverkamp. "
            "The company shipped its filtering appliances to Belarus last year.")
    record = MemoProcessor(privacy=Privacy("redact")).process_bytes(text.encode(), name="memo.txt")
    sale = _supplies(record, "country:BLR")
    assert sale and sale[0].support
    assert "Haverkamp" not in sale[0].support[0].sentence and "[PERSON]" in sale[0].support[0].sentence
    assert record.text[sale[0].support[0].start:sale[0].support[0].end] == sale[0].support[0].sentence
