"""Sentences respect the memo's structure: header lines, headings, list items and paragraphs are never merged."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from pipeline.entities.structure import boundary_offsets, header_end
from pipeline.extract.factories import STRUCTURE_COMPONENT as STRUCTURE_NAME
from pipeline.extract.nlp import Extractor, unwrap_lines
from pipeline.schema import Section
from pipeline.segment import segment

# The header field line ends without a full stop and the heading and bullets have none either:
# left alone, the parser runs header, heading and first bullet together.
MEMO = (
    "NORTHWIND ANALYSIS UNIT\n\n"
    "Telecom vendors and state databases\n\n"
    "Reference: Memo [181129-7] Date: 29/11/2018 - Version: 1.0 Keywords: identity cards, databases\n"
    "Key Points\n"
    "- ZTE Corporation is helping the Venezuelan government build a national identity database\n"
    "- Huawei sold cameras to Kenya\n\n"
    "Summary\n\n"
    "The contract was signed in 2017 and covers a payment system. Officials in Caracas praised it\n\n"
    "Comments\n\n"
    "Nothing suggests the programme will stop soon.\n"
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """One Extractor (one model load) for the module, on the shipped models."""
    return Extractor()


def parse(extractor: Extractor, text: str, sections: list[Section], structure: bool = True) -> Doc:
    doc = extractor.nlp.make_doc(unwrap_lines(text))
    doc._.memokg_sections = sections
    disabled = [] if structure else [STRUCTURE_NAME]
    with extractor.nlp.select_pipes(disable=[*disabled, "memokg_relations"]):
        return extractor.nlp(doc)


def zones(text: str, sections: list[Section]) -> list[tuple[int, int]]:
    """Header zone, then each section from its heading to its end."""
    out = [(0, header_end(sections, len(text)))]
    out += [(s.heading_start if s.heading_start is not None else s.start, s.end) for s in sections]
    return out


def stripped(doc: Doc) -> list[tuple[int, int, str]]:
    out = []
    for sent in doc.sents:
        text = sent.text
        start = sent.start_char + len(text) - len(text.lstrip())
        if text.strip():
            out.append((start, start + len(text.strip()), text.strip()))
    return out


def test_the_memo_is_segmented_as_the_test_assumes() -> None:
    sections = segment(MEMO).sections
    assert [s.kind for s in sections] == ["key_points", "summary", "comments"]
    assert len(sections[0].items) == 2


def test_without_the_component_the_parser_merges_header_heading_and_bullet(extractor: Extractor) -> None:
    # Guards the test below: the merge it prevents really happens with the small model.
    doc = parse(extractor, MEMO, segment(MEMO).sections, structure=False)
    assert any("Keywords" in s and "Key Points" in s or "Key Points" in s and "ZTE" in s for *_, s in stripped(doc))


def test_header_heading_and_bullets_are_separate_sentences(extractor: Extractor) -> None:
    sections = segment(MEMO).sections
    texts = [s for *_, s in stripped(parse(extractor, MEMO, sections))]
    assert "Key Points" in texts
    assert "Telecom vendors and state databases" in texts
    assert any(t.startswith("Reference: ") or t.startswith("Reference:") for t in texts)
    assert "ZTE Corporation is helping the Venezuelan government build a national identity database" in texts
    assert "Huawei sold cameras to Kenya" in texts
    assert "Summary" in texts and "Comments" in texts
    assert not any("Key Points" in t and t != "Key Points" for t in texts)


def test_every_sentence_lies_within_one_section_or_the_header(extractor: Extractor) -> None:
    sections = segment(MEMO).sections
    doc = parse(extractor, MEMO, sections)
    bounds = zones(MEMO, sections)
    for start, end, text in stripped(doc):
        assert any(lo <= start and end <= hi for lo, hi in bounds), text


def test_paragraphs_without_full_stops_do_not_merge(extractor: Extractor) -> None:
    text = "Officials in Caracas praised the system\n\nThe second paragraph names Huawei as the supplier\n"
    texts = [s for *_, s in stripped(parse(extractor, text, []))]
    assert texts == ["Officials in Caracas praised the system", "The second paragraph names Huawei as the supplier"]


def test_mention_sentence_indexes_follow_the_structure(extractor: Extractor) -> None:
    sections = segment(MEMO).sections
    entities, _ = extractor.extract(MEMO, sections)
    by_name = {e.name: e for e in entities}
    zte, huawei = by_name["ZTE"].mentions[0], by_name["Huawei"].mentions[0]
    doc = parse(extractor, MEMO, sections)
    sents = [s for s in doc.sents]
    assert sents[zte.sentence].text.strip().startswith("ZTE Corporation")
    assert sents[huawei.sentence].text.strip() == "Huawei sold cameras to Kenya"
    assert zte.section == huawei.section == "Key Points"


def test_relation_evidence_is_one_bullet(extractor: Extractor) -> None:
    sections = segment(MEMO).sections
    _, relations = extractor.extract(MEMO, sections)
    assert relations, "the relation stage found nothing in the bullets"
    for relation in relations:
        assert "Key Points" not in relation.evidence.sentence
        assert "Keywords" not in relation.evidence.sentence


def test_boundary_offsets_cover_header_lines_blank_lines_and_bullets() -> None:
    text = "ISSUER\nTitle\nDate: 1/1/2020\n\nBody text here\n- first item\n- second item\n"
    body = text.index("Body")
    sections = [Section(name="Body", kind="body", start=body, end=len(text) - 1)]
    offsets = boundary_offsets(text, sections)
    for word in ("Title", "Date", "Body", "first", "second"):
        assert text.index(word) in offsets, word
    assert text.index("- first") in offsets and text.index("- second") in offsets
    # Inside the body, a bare line break is no boundary of its own.
    assert all(not text[p - 1].isalpha() for p in offsets)


def test_wrapped_body_lines_are_no_boundaries() -> None:
    text = "Body text that wraps\nonto a second line."
    sections = [Section(name="Body", kind="body", start=0, end=len(text))]
    assert boundary_offsets(text, sections) == []


def test_a_line_opening_with_a_label_and_a_colon_is_never_joined_to_the_line_before() -> None:
    rows = ["Lanterne Optique SA: signed installations, 2018 to 2024, by country", "Ghana: harbour cameras",
            "Oman: border posts", "Niger: pilot, not signed"]
    prose = ["A long paragraph line of a wrapped PDF page that runs on past the usual width of a",
             "column and goes on here without any break of its own, as wrapped lines do."]
    text = "\n".join([*rows, *prose])
    unwrapped = unwrap_lines(text)
    assert unwrapped.split("\n")[:4] == rows
    assert " ".join(prose) in unwrapped  # a plain continuation is still joined
