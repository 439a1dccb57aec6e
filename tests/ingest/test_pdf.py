"""PDF ingestion on real PDFs written by reportlab and fpdf2 at test time."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import IngestError
from pipeline.ingest import Limits, ingest_bytes, ingest_path, page_of
from pipeline.ingest.pdf.chars import baseline_box, repair_spaces, space_impostors
from pipeline.ingest.pdf.clean import dehyphenate, is_page_number, running_lines, vocabulary
from pipeline.ingest.pdf.layout import Region, Word, join_words, lay_out
from tests.hostile_factory import raw_pdf, stacked_layer_pdf
from tests.pdf_factory import fpdf_pdf, image_only_pdf, reportlab_pdf, unmapped_font_pdf

FILLER = (
    "Analysts reviewed procurement records, court filings and trade data to trace how interception "
    "platforms reached ministries of the interior during the period under review."
)


def _memo_pages() -> list[list[tuple[str, str]]]:
    return [
        [
            ("title", "Export of monitoring systems"),
            ("heading", "Key Points"),
            ("bullet", "A vendor shipped camera networks to two capitals in the region last year."),
            ("bullet", "Another vendor trained police units on data retention."),
            ("heading", "Summary"),
            ("para", FILLER),
            ("para", "Ecuador contracted with a local integrator. " + FILLER),
        ],
        [
            ("heading", "Comments"),
            ("para", "Page two notes that Venezuela asked for smart cards. " + FILLER),
            ("para", FILLER),
        ],
        [("para", "Third page mentions Malaysia once. " + FILLER)],
    ]


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("writer", ["reportlab", "fpdf2"])
def test_running_header_footer_removed_and_pages_mapped(tmp_path: Path, writer: str) -> None:
    if writer == "reportlab":
        path = reportlab_pdf(
            tmp_path / "m.pdf", _memo_pages(), header="ACME-CERT — TLP:GREEN", footer="Page {n} of {total}"
        )
    else:
        path = fpdf_pdf(tmp_path / "m.pdf", _memo_pages(), header="ACME-CERT TLP:GREEN", footer="Page {n} of {total}")
    doc = ingest_path(path)
    assert doc.source.format == "pdf"
    assert doc.source.pages == 3
    assert doc.source.encoding is None
    assert "TLP:GREEN" not in doc.text
    assert "Page 2 of 3" not in doc.text and "of 3" not in doc.text
    for expected in ("Key Points", "Summary", "Comments", "Ecuador contracted", "smart cards", "Malaysia once"):
        assert expected in doc.text
    assert page_of(doc, doc.text.index("Ecuador")) == 1
    assert page_of(doc, doc.text.index("Venezuela")) == 2
    assert page_of(doc, doc.text.index("Malaysia")) == 3
    # Spans are contiguous and cover the whole text.
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    assert all(a.end == b.start for a, b in zip(doc.pages, doc.pages[1:], strict=False))
    assert doc.text[doc.pages[1].start :].startswith("Comments")


@pytest.mark.parametrize("writer", ["reportlab", "fpdf2"])
def test_headings_and_bullets_are_separate_blocks(tmp_path: Path, writer: str) -> None:
    pages = _memo_pages()[:1]
    path = reportlab_pdf(tmp_path / "m.pdf", pages) if writer == "reportlab" else fpdf_pdf(tmp_path / "m.pdf", pages)
    lines = ingest_path(path).text.split("\n")
    assert "Key Points" in lines and "Summary" in lines
    bullets = [line for line in lines if line.startswith("- ")]
    assert len(bullets) == 2
    assert bullets[0].startswith("- A vendor shipped")
    blocks = ingest_path(path).text.split("\n\n")
    assert "Summary" in blocks


def test_single_page_has_no_running_lines_removed(tmp_path: Path) -> None:
    path = reportlab_pdf(tmp_path / "one.pdf", [[("para", FILLER)]], header="TLP:AMBER", footer="Page {n} of {total}")
    doc = ingest_path(path)
    assert "TLP:AMBER" in doc.text
    assert "Page 1 of 1" not in doc.text  # page numbers go even on a single page


def test_text_matches_source_up_to_whitespace(tmp_path: Path) -> None:
    pages = _memo_pages()
    doc = ingest_path(reportlab_pdf(tmp_path / "m.pdf", pages, header="X-CERT", footer="{n}"))
    source = " ".join(text for page in pages for kind, text in page)
    assert _squash(doc.text).replace("- ", "") == _squash(source)


def test_hyphenation(tmp_path: Path) -> None:
    page = [
        ("para", "Officials praised the self-assessment in public."),
        ("line", "The platform enables mass surveil-"),
        ("line", "lance of the population and the self-"),
        ("line", "assessment of the Anti-"),
        ("line", "Corruption office, see COVID-"),
        ("line", "19 rules."),
    ]
    doc = ingest_path(reportlab_pdf(tmp_path / "h.pdf", [page]))
    assert "mass surveillance\nof the population" in doc.text
    assert "surveil-" not in doc.text
    assert "the self-assessment\nof the" in doc.text  # the document itself writes it hyphenated
    assert "Anti-Corruption\noffice" in doc.text
    assert "COVID-\n19 rules." in doc.text


def test_dehyphenate_unit() -> None:
    lines = ["mass surveil-", "lance and e-", "", "mail", "Sino-", "Russian", "co-", "operation."]
    out = dehyphenate(lines, vocabulary(["co-operation is common"]))
    assert out == ["mass surveillance", "and e-", "", "mail", "Sino-Russian", "co-operation."]


def test_two_columns_read_in_column_order(tmp_path: Path) -> None:
    paragraphs = [("para", f"Column paragraph {i:02d} describes the sale of sensors and goes on.") for i in range(24)]
    path = reportlab_pdf(tmp_path / "cols.pdf", [paragraphs], columns=2, title="A Full Width Title Spanning Columns")
    text = ingest_path(path).text
    assert text.startswith("A Full Width Title Spanning Columns\n")
    positions = [text.index(f"paragraph {i:02d}") for i in range(24)]
    assert positions == sorted(positions)
    # Lines of one column are not glued to the other column's lines.
    assert all(line.count("Column paragraph") <= 1 for line in text.split("\n"))


def test_single_column_not_split(tmp_path: Path) -> None:
    path = reportlab_pdf(tmp_path / "one.pdf", [[("para", FILLER)] * 8])
    lines = [line for line in ingest_path(path).text.split("\n") if line]
    assert lines[0].startswith("Analysts reviewed procurement records")
    assert _squash(" ".join(lines)) == _squash(" ".join([FILLER] * 8))


def test_encrypted_with_empty_user_password_opens(tmp_path: Path) -> None:
    path = reportlab_pdf(tmp_path / "enc.pdf", _memo_pages(), user_password="")
    assert b"/Encrypt" in path.read_bytes()
    doc = ingest_path(path)
    assert "Venezuela asked for smart cards" in doc.text


def test_encrypted_with_real_password(tmp_path: Path) -> None:
    path = reportlab_pdf(tmp_path / "locked.pdf", _memo_pages(), user_password="s3cret")
    with pytest.raises(IngestError) as caught:
        ingest_path(path)
    assert caught.value.reason == "encrypted" and "--password" in caught.value.message
    assert "Venezuela asked" in ingest_path(path, limits=Limits(password="s3cret")).text


def test_image_only_pdf_has_no_text_layer(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_path(image_only_pdf(tmp_path / "scan.pdf", pages=2), limits=Limits(ocr=False))
    assert caught.value.reason == "no_text_layer"
    assert "OCR" in caught.value.message


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8])
def test_truncated_pdf_says_truncated(tmp_path: Path, fraction: float) -> None:
    data = reportlab_pdf(tmp_path / "m.pdf", _memo_pages()).read_bytes()
    with pytest.raises(IngestError) as caught:
        ingest_bytes(data[: int(len(data) * fraction)], name="cut.pdf")
    assert caught.value.reason == "truncated"
    assert caught.value.path == "cut.pdf"


def test_pdf_cut_after_its_last_page_is_recovered(tmp_path: Path) -> None:
    data = reportlab_pdf(tmp_path / "m.pdf", _memo_pages()).read_bytes()
    doc = ingest_bytes(data[: int(len(data) * 0.97)], name="cut.pdf")
    assert doc.warnings == ["recovered_xref", "truncated"] and doc.source.reader == "pdfium"
    assert "Malaysia once" in doc.text and doc.source.pages == 3


def test_broken_pdf_is_corrupt() -> None:
    with pytest.raises(IngestError) as caught:
        ingest_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage\n%%EOF\n", name="broken.pdf")
    assert caught.value.reason == "pdf_corrupt"


def test_a_page_tree_pdfminer_cannot_close_is_still_one_error() -> None:
    # Found by the atheris harness (fuzz/): a malformed Pages dictionary made pdfplumber's close() raise.
    data = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /K ids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])
    with pytest.raises(IngestError) as caught:
        ingest_bytes(data, name="tree.pdf", limits=Limits(ocr=False))
    assert caught.value.reason in ("pdf_corrupt", "no_text_layer")


def test_garbled_text_layer_is_garbled_text(tmp_path: Path) -> None:
    path = unmapped_font_pdf(tmp_path / "cid.pdf", "Surveillance exports to several countries were documented. " * 5)
    with pytest.raises(IngestError) as caught:
        ingest_path(path, limits=Limits(ocr=False))
    assert caught.value.reason == "garbled_text"
    clean = ingest_path(reportlab_pdf(tmp_path / "ok.pdf", _memo_pages()))
    assert clean.warnings == []


def test_page_without_text_warns(tmp_path: Path) -> None:
    path = reportlab_pdf(tmp_path / "mix.pdf", [[("para", FILLER)], [("image", "")], [("para", "Last page.")]])
    doc = ingest_path(path, limits=Limits(ocr=False))
    assert doc.warnings == ["pages_without_text"]
    assert doc.source.pages == 3
    assert page_of(doc, doc.text.index("Last page.")) == 3


def test_same_pdf_same_json(tmp_path: Path) -> None:
    path = reportlab_pdf(tmp_path / "m.pdf", _memo_pages(), header="H", footer="Page {n}")
    assert ingest_path(path).to_json() == ingest_path(path).to_json()


def test_page_number_lines() -> None:
    for line in ("3", "- 3 -", "Page 3 of 12", "page 4", "iv", "12 / 40", "(7)"):
        assert is_page_number(line), line
    for line in ("3 vendors", "Summary", "Page Layout", "1. Introduction"):
        assert not is_page_number(line), line


def test_running_lines_unit() -> None:
    pages = [
        ["TLP:WHITE", "Intro heading", "body a", "body b", "1 of 3 TLP:WHITE"],
        ["TLP:WHITE", "body c", "body d", "2 of 3 TLP:WHITE"],
        ["TLP:WHITE", "body e", "SECTION 3 / 9"],
    ]
    drop = running_lines(pages)
    assert drop == [{0, 4}, {0, 3}, {0, 2}]
    assert running_lines([["TLP:WHITE", "text"]]) == [set()]


def test_letter_spaced_words_collapse() -> None:
    def run(text: str, start: float, gap: float) -> list[Word]:
        words, x = [], start
        for ch in text:
            words.append(Word(ch, x, x + 5, 0, 10, 10))
            x += 5 + gap
        return words

    words = run("The", 0, 3) + run("Right", 35, 3)
    assert join_words(words) == "The Right"
    assert join_words([Word("a", 0, 5, 0, 10, 10), Word("word", 10, 30, 0, 10, 10)]) == "a word"


def test_bold_heading_without_extra_space_starts_a_block() -> None:
    def line(text: str, top: float, bold: bool) -> list[Word]:
        return [Word(text, 50, 300, top, top + 10, 10, bold)]

    words = line("Summary", 100, True) + line("Body line one", 112, False) + line("Body line two", 124, False)
    lines = lay_out([Region(words)])
    assert [ln.break_before for ln in lines] == [False, True, False]


def test_baseline_box_ignores_bogus_font_descent() -> None:
    # A 22 pt title whose declared descent put its box 54 pt below the baseline (seen in real reports).
    char = {"text": "A", "matrix": (22.0, 0, 0, 22.0, 64.8, 699.2), "size": 22.0,
            "top": 124.9, "bottom": 146.8, "y0": 645.2, "doctop": 124.9}
    fixed = baseline_box(char)
    assert fixed["bottom"] == pytest.approx(92.8 + 5.5, abs=0.05)
    assert fixed["top"] == pytest.approx(92.8 - 16.5, abs=0.05)
    rotated = {**char, "matrix": (0, 22.0, -22.0, 0, 10, 10)}
    assert baseline_box(rotated) is rotated


def _chars(text: str, font: str) -> list[dict]:
    return [{"text": ch, "fontname": font} for ch in text]


def test_space_impostor_glyphs_repaired() -> None:
    broken = _chars("This!is!a!submission!by!several!organisations!working!on!privacy!", "ABCDEF+Calibri")
    normal = _chars("Stop! This is fine. Really! It is. " * 3, "GHIJKL+Arial")
    small = _chars("Short!title!here", "MNOPQR+Calibri")
    impostors = space_impostors([broken + normal, small])
    assert impostors == {"ABCDEF+Calibri": "!", "MNOPQR+Calibri": "!"}
    repaired = "".join(c["text"] for c in repair_spaces(broken + normal, impostors))
    assert repaired.startswith("This is a submission by several")
    assert "Stop! This is fine." in repaired


def test_a_text_layer_drawn_over_itself_is_replaced_by_ocr_of_the_page(tmp_path: Path) -> None:
    path = stacked_layer_pdf(tmp_path / "stacked.pdf")
    with pytest.raises(IngestError) as caught:
        ingest_path(path, limits=Limits(ocr=False))
    assert caught.value.reason == "garbled_text"
    doc = ingest_path(path)
    assert doc.source.reader == "tesseract" and doc.source.ocr_pages == [1]
    assert "Hikvision supplied facial recognition cameras" in doc.text and "Lorem" not in doc.text
