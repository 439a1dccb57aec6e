"""The header's labelled lines (Keywords, Sources...) are metadata: they name what a memo is about, never a sale."""

from __future__ import annotations

import pytest

from pipeline.extract import MemoProcessor
from pipeline.segment import segment

MEMO = """Northgate Analysis Cell
Trade in border sensors
Reference: Memo [230101-4] Date: 01/01/2023 - Version: 1.0 Keywords: Hikvision, Peru, thermal cameras
Sources: Hikvision sales brochure; Peruvian customs records

Key Points

- {body}
"""


@pytest.fixture(scope="module")
def processor() -> MemoProcessor:
    """One processor (the real model) for the module."""
    return MemoProcessor()


def test_the_field_lines_are_one_span_and_the_title_is_outside_it() -> None:
    text = MEMO.format(body="Nothing was sold.")
    seg = segment(text)
    assert seg.fields is not None
    start, end = seg.fields
    assert text[start:end].startswith("Reference:") and text[start:end].rstrip().endswith("customs records")
    assert "Trade in border sensors" in (seg.metadata.title or "")


def test_no_relation_rests_on_a_header_line(processor: MemoProcessor) -> None:
    record = processor.process_bytes(MEMO.format(body="The weather in Lima was mild.").encode(), name="a.txt")
    assert {e.name for e in record.entities} >= {"Hikvision", "Peru"}
    assert not [r for r in record.relations if r.type in {"SUPPLIES", "PROVIDES", "BASED_IN"}]


def test_the_body_still_gives_its_relations(processor: MemoProcessor) -> None:
    body = "Hikvision sold thermal cameras to the Peruvian border police in 2022."
    record = processor.process_bytes(MEMO.format(body=body).encode(), name="b.txt")
    supplies = {(r.source, r.target) for r in record.relations if r.type == "SUPPLIES"}
    assert supplies and all(target == "country:PER" for _, target in supplies)
    fields = segment(record.text).fields
    assert fields and all(r.evidence.start >= fields[1] for r in record.relations)
