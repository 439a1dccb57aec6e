"""Memo banners ('issuer | marking | reference') and running headers give metadata, never the title."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import ingest_path
from pipeline.knowledge import load_knowledge
from pipeline.segment import segment
from pipeline.segment.banner import banner_parts
from pipeline.segment.sections import _load_rules
from tests.banner_memo import BANNER, ISSUER, TITLE, memo_pdfs

RULES = _load_rules(load_knowledge()).header


@pytest.mark.parametrize(("line", "parts"), [
    ("ACME-CERT | TLP:AMBER | Memo 220101-1", {"issuer": "ACME-CERT", "marking": "TLP:AMBER", "reference": "220101-1"}),
    ("TLP:CLEAR // Ref. 2023/17", {"marking": "TLP:CLEAR", "reference": "2023/17"}),
    ("**KESTREL-AC • RESTRICTED • Memo [230101-9]**",
     {"issuer": "KESTREL-AC", "marking": "RESTRICTED", "reference": "230101-9"}),
    ("Nordic Desk | UNCLASSIFIED | 12/04/2021", {"issuer": "Nordic Desk", "marking": "UNCLASSIFIED",
                                                 "date": "12/04/2021"}),
])
def test_banner_shapes(line: str, parts: dict[str, str]) -> None:
    assert banner_parts(line, RULES) == parts


@pytest.mark.parametrize("line", [
    "Cameras | drones | spyware",  # no marking
    "TLP:GREEN",  # a marking alone is a marking line, not a banner
    "The vendor said the TLP:GREEN report | was wrong, and the police disagreed with it strongly.",
    "ACME | TLP:RED | TLP:AMBER",  # two markings
    "Summary | TLP:GREEN | a sentence that goes on and on about things.",
])
def test_not_banners(line: str) -> None:
    assert banner_parts(line, RULES) is None


def test_banner_on_top_is_no_title_and_fills_the_metadata() -> None:
    text = f"{BANNER}\n{ISSUER}\n\n{TITLE}\n\nSummary\n\nHikvision sold cameras to Latvia.\n"
    meta = segment(text).metadata
    assert (meta.title, meta.issuer, meta.marking, meta.reference) == (TITLE, ISSUER, "TLP:GREEN", "210412-3")


def test_running_header_lines_give_marking_and_reference() -> None:
    text = f"{TITLE}\n\nSummary\n\nHikvision sold cameras to Latvia.\n"
    meta = segment(text, running=[BANNER, "Page 1 of 2"]).metadata
    assert (meta.title, meta.marking, meta.reference, meta.issuer) == (TITLE, "TLP:GREEN", "210412-3", ISSUER)
    classified = segment(text, running=["OFFICIAL-SENSITIVE"]).metadata
    assert classified.marking == "OFFICIAL-SENSITIVE" and classified.reference is None
    assert segment(text).metadata.marking is None


def test_banner_memo_as_two_pages_and_as_two_columns(tmp_path: Path) -> None:
    for pdf in memo_pdfs(tmp_path):
        document = ingest_path(pdf)
        meta = segment(document.text, running=document.running).metadata
        assert meta.title == TITLE, pdf.name
        assert (meta.issuer, meta.marking, meta.reference, meta.date) == (ISSUER, "TLP:GREEN", "210412-3",
                                                                          "2021-04-12"), pdf.name
    two_pages = ingest_path(tmp_path / "banner-2pages.pdf")
    assert BANNER not in two_pages.text and two_pages.running == [BANNER]
