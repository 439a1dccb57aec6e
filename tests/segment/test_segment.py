"""Tests of pipeline.segment.sections and pipeline.segment.header.

Golden files: every memo text in tests/segment/fixtures/ (``*.txt``, ``*.md``) has a
``<name>.expected.json`` holding the exact ``Segmentation.to_dict()``. After an intended
change of behaviour, regenerate them and review the diff:

    MEMOKG_UPDATE_GOLDEN=1 .venv/bin/pytest tests/segment/test_segment.py -k golden
"""

from __future__ import annotations

import json
import os
import textwrap
import time
from pathlib import Path

import pytest
from fpdf import FPDF
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from pipeline.errors import ModelsDataError, SegmentError
from pipeline.ingest import ingest_path
from pipeline.knowledge import default_models_dir
from pipeline.schema import Segmentation
from pipeline.segment import segment
from pipeline.segment.dates import parse_date
from pipeline.segment.header import split_list

FIXTURES = Path(__file__).parent / "fixtures"
MEMOS = sorted(p for p in FIXTURES.iterdir() if p.suffix in {".txt", ".md"})
UPDATE = os.environ.get("MEMOKG_UPDATE_GOLDEN") == "1"


def read(name: str) -> str:
    """A fixture memo text."""
    return (FIXTURES / name).read_text(encoding="utf-8")


def check_spans(text: str, result: Segmentation) -> None:
    """Offsets point into text, sections are ordered and items are exact substrings."""
    previous_end = 0
    for section in result.sections:
        assert 0 <= section.start <= section.end <= len(text)
        assert section.start >= previous_end
        if section.heading_start is not None:
            assert section.heading_start < section.start or section.start == section.end
        body = text[section.start : section.end]
        assert body == body.strip()
        for item in section.items:
            assert text[item.start : item.end] == item.text
            assert section.start <= item.start < item.end <= section.end
        previous_end = section.end


def rewrap(text: str, width: int, blank_lines: bool) -> str:
    """The memo as a PDF writer might give it back: lines wrapped at width, blank lines maybe lost."""
    blocks = ["\n".join("\n".join(textwrap.wrap(line, width)) for line in block.split("\n")) for block in
              text.split("\n\n")]
    return ("\n\n" if blank_lines else "\n").join(blocks)


def shape(result: Segmentation) -> tuple[dict, list[tuple[str, str, int]]]:
    """What must not depend on wrapping: metadata, section names/kinds and item counts."""
    return result.metadata.to_dict(), [(s.name, s.kind, len(s.items)) for s in result.sections]


@pytest.mark.parametrize("memo", MEMOS, ids=lambda p: p.name)
def test_golden(memo: Path) -> None:
    text = memo.read_text(encoding="utf-8")
    result = segment(text)
    check_spans(text, result)
    expected_path = memo.with_name(memo.stem + ".expected.json")
    produced = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if UPDATE:
        expected_path.write_text(produced, encoding="utf-8")
    assert expected_path.exists(), f"no golden file for {memo.name}; run with MEMOKG_UPDATE_GOLDEN=1"
    assert json.loads(expected_path.read_text(encoding="utf-8")) == result.to_dict()


def test_enough_golden_memos() -> None:
    assert len(MEMOS) >= 8


def test_reference_layout_fields() -> None:
    text = read("reference_layout.txt")
    result = segment(text)
    meta = result.metadata
    assert meta.issuer == "NCSC-EX"
    assert meta.title == "Spyware exports to the Sahel: licences and loopholes"
    assert (meta.reference, meta.date, meta.date_raw, meta.version) == ("210311-4", "2021-03-11", "11/03/2021", "2.1")
    assert meta.keywords == ["spyware", "export licences", "dual-use", "Sahel"]
    assert meta.sources == ["trade registers", "press reporting"]
    assert meta.marking is None
    assert [(s.name, s.kind) for s in result.sections] == [
        ("Key Points", "key_points"), ("Summary", "summary"), ("Comments", "comments")]
    key_points, summary, comments = result.sections
    assert len(key_points.items) == 3
    assert key_points.items[0].text.startswith("A European vendor obtained")
    assert text[key_points.heading_start :].startswith("Key Points\n")
    assert text[summary.start : summary.end].startswith("Customs filings")
    assert text[summary.start : summary.end].endswith("for several weeks.")
    assert text[comments.start : comments.end].endswith("deployment afterwards.")


def test_pdf_wrapping_gives_same_metadata_and_sections() -> None:
    flat = segment(read("reference_layout.txt"))
    wrapped = segment(read("pdf_wrapped_reference.txt"))
    assert shape(flat) == shape(wrapped)


@pytest.mark.parametrize("width", [30, 45, 70, 95])
@pytest.mark.parametrize("blank_lines", [True, False])
@pytest.mark.parametrize("name", ["reference_layout.txt", "fields_other_order.txt", "numbered_headings.txt"])
def test_any_wrapping_gives_same_shape(name: str, width: int, blank_lines: bool) -> None:
    text = read(name)
    wrapped = rewrap(text, width, blank_lines)
    result = segment(wrapped)
    check_spans(wrapped, result)
    assert shape(result) == shape(segment(text))


@pytest.mark.parametrize(
    ("raw", "iso", "kept"),
    [
        ("16/05/2019", "2019-05-16", "16/05/2019"),
        ("05/16/2019", "2019-05-16", "05/16/2019"),
        ("04/05/2019", "2019-05-04", "04/05/2019"),
        ("16.05.2019", "2019-05-16", "16.05.2019"),
        ("2019-05-16", "2019-05-16", "2019-05-16"),
        ("16 May 2019", "2019-05-16", "16 May 2019"),
        ("May 16, 2019", "2019-05-16", "May 16, 2019"),
        ("16th May 2019", "2019-05-16", "16th May 2019"),
        ("Sept. 3, 2021", "2021-09-03", "Sept. 3, 2021"),
        ("16/05/19", "2019-05-16", "16/05/19"),
        ("16/05/2019 -", "2019-05-16", "16/05/2019"),
        ("31/04/2020", None, "31/04/2020"),
        ("sometime in spring", None, "sometime in spring"),
    ],
)
def test_parse_date(raw: str, iso: str | None, kept: str) -> None:
    assert parse_date(raw) == (iso, kept)


@pytest.mark.parametrize(
    ("heading", "name", "kind"),
    [
        ("KEY POINTS:", "KEY POINTS", "key_points"),
        ("Key Findings", "Key Findings", "key_points"),
        ("Main points", "Main points", "key_points"),
        ("Highlights", "Highlights", "key_points"),
        ("Executive Summary", "Executive Summary", "summary"),
        ("Overview", "Overview", "summary"),
        ("Analyst Comment", "Analyst Comment", "comments"),
        ("Analyst comments:", "Analyst comments", "comments"),
        ("1. Summary", "Summary", "summary"),
        ("2) Assessment", "Assessment", "assessment"),
        ("II. Analysis", "Analysis", "analysis"),
        ("1.1 Background", "Background", "background"),
        ("## Summary", "Summary", "summary"),
        ("# Recommendations", "Recommendations", "recommendations"),
        ("**Outlook**", "Outlook", "outlook"),
        ("**Comments:**", "Comments", "comments"),
    ],
)
def test_heading_variants(heading: str, name: str, kind: str) -> None:
    text = f"Memo title\n\nIntro line.\n\n{heading}\nBody of the section.\n"
    sections = segment(text).sections
    assert [(s.name, s.kind) for s in sections] == [("Body", "body"), (name, kind)]
    assert text[sections[1].start : sections[1].end] == "Body of the section."
    assert sections[1].heading_start == text.index(heading)


def test_inline_heading_starts_after_colon() -> None:
    text = "Memo title\n\nSummary: Vendors sold cameras.\nMore text.\n\nComments\nNone."
    summary, comments = segment(text).sections
    assert summary.name == "Summary" and text[summary.start : summary.end] == "Vendors sold cameras.\nMore text."
    assert summary.heading_start == text.index("Summary")
    assert text[comments.start : comments.end] == "None."


def test_captions_and_prose_are_not_headings() -> None:
    text = ("Title line\n\nThe vendor shipped the cameras in two batches last spring.\n\n"
            "Source: vendor brochure, page 4\nThe summary of the debate follows.\nsummary\nNotes: none\nEnd.")
    result = segment(text)
    assert [s.kind for s in result.sections] == ["body"]
    assert result.metadata.sources == [] and result.sections[0].start == text.index("The vendor")


def test_header_not_closed_by_blank_line_keeps_body() -> None:
    text = "ORG-B\n\nCameras in schools\n\nReference: 7 Sources: press reports\nThe first school installed cameras."
    result = segment(text)
    assert result.metadata.sources == ["press reports"]
    assert [text[s.start : s.end] for s in result.sections] == ["The first school installed cameras."]


def test_long_line_is_not_a_heading() -> None:
    text = "Title\n\nSummary of what the contractor delivered to the ministry over the two years of the contract\nx"
    assert [s.kind for s in segment(text).sections] == ["body"]


def test_no_headings_gives_one_body_section() -> None:
    text = read("no_headings.txt")
    result = segment(text)
    assert [(s.name, s.kind, s.heading_start) for s in result.sections] == [("Body", "body", None)]
    body = result.sections[0]
    assert text[body.start :].startswith("A vendor placed") and body.end == len(text.rstrip())


def test_no_header_keeps_title_and_sections() -> None:
    result = segment(read("no_header.txt"))
    assert result.metadata.title == "Smart city cameras spread across mid-sized towns"
    assert result.metadata.issuer is None and result.metadata.reference is None
    assert [s.kind for s in result.sections] == ["body", "background", "assessment"]


@pytest.mark.parametrize(
    ("header", "marking"),
    [
        ("TLP:AMBER", "TLP:AMBER"),
        ("TLP: green", "TLP:GREEN"),
        ("TLP:AMBER+STRICT", "TLP:AMBER+STRICT"),
        ("UNCLASSIFIED", "UNCLASSIFIED"),
        ("Classification: Restricted", "RESTRICTED"),
        ("Distribution: TLP:RED", "TLP:RED"),
        ("Reference: 12-A Date: 01/02/2020 CONFIDENTIAL", "CONFIDENTIAL"),
    ],
)
def test_markings(header: str, marking: str) -> None:
    text = f"ORG-A\n\nA title about spyware\n\n{header}\nReference: 1\n\nSummary\nText."
    result = segment(text)
    assert result.metadata.marking == marking
    assert result.metadata.title == "A title about spyware"


def test_secret_in_a_title_is_not_a_marking() -> None:
    result = segment("The SECRET trade in spyware\n\nSummary\nText.")
    assert result.metadata.marking is None


def test_lists_split_outside_brackets_only() -> None:
    assert split_list("press (Reuters, AP); registry, ") == ["press (Reuters, AP)", "registry"]
    assert split_list("") == []


def test_header_only_and_single_line() -> None:
    only = segment("Reference: 2020-11 Date: 3 March 2020 Version: 2\n")
    assert (only.metadata.reference, only.metadata.date, only.metadata.version) == ("2020-11", "2020-03-03", "2")
    assert only.sections == []
    single = segment("Just one line")
    assert single.metadata.title == "Just one line" and single.sections == []


@pytest.mark.parametrize("text", ["", " \n\n\t\n", "\n", "-", ":", "# ", "**", "1.", "Summary:"])
def test_degenerate_inputs_do_not_crash(text: str) -> None:
    check_spans(text, segment(text))


def test_untitled_long_first_line_stays_in_body() -> None:
    first = "Police forces in several countries " * 10
    text = first.strip() + "\n\nSecond paragraph."
    result = segment(text)
    title = result.metadata.title or ""
    assert 190 <= len(title) <= 200 and first.startswith(title)
    assert result.sections[0].start == 0


def test_date_line_on_top_is_the_date() -> None:
    result = segment("24 May 2023\n\nVendor fined for spyware sales\n\nThe regulator fined the vendor.")
    assert (result.metadata.date, result.metadata.title) == ("2023-05-24", "Vendor fined for spyware sales")


def test_not_text_is_a_segment_error() -> None:
    with pytest.raises(SegmentError) as info:
        segment(b"bytes")  # type: ignore[arg-type]
    assert info.value.reason == "invalid_input"


def test_user_models_folder_adds_variants(tmp_path: Path) -> None:
    data = json.loads((default_models_dir() / "headings.json").read_text(encoding="utf-8"))
    data["sections"]["indicators"].append("Observed Infrastructure")
    (tmp_path / "headings.json").write_text(json.dumps(data), encoding="utf-8")
    text = "Title\n\nObserved Infrastructure\n10.0.0.1"
    assert [s.kind for s in segment(text, models=tmp_path).sections] == ["indicators"]
    assert [s.kind for s in segment(text).sections] == ["body"]


def test_malformed_headings_file(tmp_path: Path) -> None:
    (tmp_path / "headings.json").write_text('{"sections": []}', encoding="utf-8")
    with pytest.raises(ModelsDataError) as info:
        segment("Title\n\nSummary\nx", models=tmp_path)
    assert info.value.reason == "models_file_invalid"


def test_missing_models_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelsDataError):
        segment("x", models=tmp_path / "absent")


def test_deterministic_bytes() -> None:
    text = read("fields_other_order.txt")
    assert segment(text).to_json() == segment(text).to_json()


def test_fast_on_many_and_huge_memos() -> None:
    # Budgets are loose because CI shares its cores; they catch quadratic work, not small slowdowns.
    text = read("reference_layout.txt")
    started = time.perf_counter()
    for _ in range(300):
        segment(text)
    assert time.perf_counter() - started < 10.0
    huge = text + "\n\n" + ("Summary\n\n- point one\n- point two\n\nSome prose line.\n\n" * 4000)
    started = time.perf_counter()
    result = segment(huge)
    assert time.perf_counter() - started < 10.0
    assert len(result.sections) == 4003 and result.sections[-1].end == len(huge.rstrip())
    one_line = "surveillance " * 400_000
    assert segment(one_line).metadata.title == one_line[:200].rstrip()


def test_fixture_folder_holds_no_stray_goldens() -> None:
    stems = {p.stem for p in MEMOS}
    for golden in FIXTURES.glob("*.expected.json"):
        assert golden.name.removesuffix(".expected.json") in stems


def test_default_models_file_is_shipped() -> None:
    assert (default_models_dir() / "headings.json").is_file()


def test_pdf_blank_line_inside_wrapped_header() -> None:
    text = ("ORG-C\n\nDPI in the region\n\nReference: Memo [200101-1] Date: 01/01/2020 Keywords: DPI, Belarus,\n\n"
            "Turkey Sources: press\n\nKey Points\n\n- One.\n")
    result = segment(text)
    assert result.metadata.keywords == ["DPI", "Belarus", "Turkey"]
    assert result.metadata.sources == ["press"]
    assert [s.name for s in result.sections] == ["Key Points"]


def test_unmapped_pdf_bullet_glyphs_are_bullets() -> None:
    text = "Title\n\nKey Points\n\n(cid:127) First point\nwrapped.\n(cid:127) Second point.\n\n\uf0b7 Other list.\n"
    items = segment(text).sections[0].items
    assert [i.text for i in items] == ["First point\nwrapped.", "Second point.", "Other list."]


def test_numbered_unknown_title_is_a_heading_in_numbered_memos() -> None:
    text = ("ORG-D\n\nCamera exports\n\nReference: 5\n\n1. Summary\n\nVendors shipped cameras.\n\n"
            "2. Exports to Africa\n\nThree countries bought them.\n\n3. Comments\n\nNone.\n")
    sections = segment(text).sections
    assert [(s.name, s.kind) for s in sections] == [
        ("Summary", "summary"), ("Exports to Africa", "other"), ("Comments", "comments")]
    assert text[sections[0].start : sections[0].end] == "Vendors shipped cameras."


def test_numbered_line_without_numbered_headings_stays_a_bullet() -> None:
    text = "Title\n\nSummary\n\n1. Exports to Africa\n\nThree countries bought them.\n"
    sections = segment(text).sections
    assert [s.name for s in sections] == ["Summary"]
    assert [i.text for i in sections[0].items] == ["Exports to Africa"]


def test_key_points_without_bullets_are_paragraphs() -> None:
    text = "ORG-X\n\nTitle\n\nReference: 1\n\nKey Findings: First finding.\n\nSecond finding\ncontinued.\n"
    section = segment(text).sections[0]
    assert [i.text for i in section.items] == ["First finding.", "Second finding\ncontinued."]


def test_dash_inside_a_wrapped_paragraph_is_not_a_bullet() -> None:
    text = "Title\n\nSummary\n\nThe device collects phone identifiers for\n– supposedly – tracking purposes.\n"
    assert segment(text).sections[0].items == []


def write_fpdf(text: str, path: Path, font_size: int) -> None:
    """The memo as a PDF printed by fpdf2, lines wrapped by the writer."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=font_size)
    for block in text.split("\n\n"):
        for line in block.split("\n"):
            pdf.multi_cell(0, font_size * 0.5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(font_size * 0.4)
    pdf.output(str(path))


def write_reportlab(text: str, path: Path, width: float) -> None:
    """The memo as a two-page PDF printed by reportlab in a narrow column."""
    canvas = Canvas(str(path), pagesize=A4)
    y = A4[1] - 60
    for number, block in enumerate(text.split("\n\n")):
        if number == 5:  # the Summary heading starts page 2
            canvas.showPage()
            y = A4[1] - 60
        for line in block.split("\n"):
            for piece in simpleSplit(line, "Helvetica", 10, width):
                canvas.setFont("Helvetica", 10)
                canvas.drawString(60, y, piece)
                y -= 13
        y -= 12
    canvas.save()


@pytest.mark.parametrize("writer", ["fpdf2-11pt", "fpdf2-16pt", "reportlab-narrow"])
def test_memo_printed_to_pdf_segments_the_same(tmp_path: Path, writer: str) -> None:
    text = read("reference_layout.txt")
    path = tmp_path / "memo.pdf"
    if writer.startswith("fpdf2"):
        write_fpdf(text, path, int(writer.split("-")[1].removesuffix("pt")))
    else:
        write_reportlab(text, path, 260)
    document = ingest_path(path)
    assert document.text != text
    result = segment(document.text)
    check_spans(document.text, result)
    assert shape(result) == shape(segment(text))
