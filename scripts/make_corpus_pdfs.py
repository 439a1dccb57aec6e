"""Render the PDF-only sample memos: scripts/pdf_memos/<stem>.txt -> corpus/<stem>.pdf.

Usage: .venv/bin/python scripts/make_corpus_pdfs.py [--src DIR] [--out DIR]

Output is byte-for-byte reproducible: reportlab runs with invariant=1 and fpdf2
gets a fixed creation date, so re-running must not change any committed PDF.
Most memos use a plain one-column layout; three use layouts that a PDF reader
has to cope with (running header/footer over 3+ pages, two columns, fpdf2).
"""

from __future__ import annotations

import argparse
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from fpdf import FPDF
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

ROOT = Path(__file__).resolve().parent.parent
FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)
# Which memo exercises which layout; every other memo gets the plain layout.
LAYOUTS = {"memo-230522-1": "running", "memo-200916-1": "two_column", "memo-210312-1": "fpdf"}


@dataclass
class Memo:
    """A memo source split into its parts: issuer, marking, title, header, then body blocks."""

    issuer: str
    title: str
    header: str
    marking: str | None = None
    # Body blocks in order: ("heading", text), ("bullet", text) or ("para", text).
    blocks: list[tuple[str, str]] = field(default_factory=list)


def parse_memo(text: str) -> Memo:
    """Split memo source text (blank-line separated blocks) into a Memo."""
    chunks = [c.strip("\n") for c in text.replace("\r\n", "\n").split("\n\n") if c.strip()]
    issuer = chunks.pop(0).strip()
    marking = chunks.pop(0).strip() if chunks[0].startswith("TLP:") else None
    title = chunks.pop(0).strip()
    header = " ".join(line.strip() for line in chunks.pop(0).splitlines())
    memo = Memo(issuer=issuer, title=title, header=header, marking=marking)
    for chunk in chunks:
        lines = chunk.splitlines()
        if lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:].strip())
                else:  # a wrapped bullet continues on an indented line
                    items[-1] += " " + line.strip()
            memo.blocks.extend(("bullet", item) for item in items)
        elif len(lines) == 1 and len(chunk) < 40 and not chunk.endswith("."):
            memo.blocks.append(("heading", chunk.strip()))
        else:
            memo.blocks.append(("para", " ".join(line.strip() for line in lines)))
    return memo


def _styles(size: float) -> dict[str, ParagraphStyle]:
    """Paragraph styles scaled from one body font size."""
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=size, leading=size * 1.35, spaceAfter=size * 0.6)
    return {
        "issuer": ParagraphStyle("issuer", parent=body, fontName="Helvetica-Bold", fontSize=size + 1),
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=size + 4,
                                leading=(size + 4) * 1.25, spaceAfter=size),
        "header": ParagraphStyle("header", parent=body, fontSize=size - 1, leading=(size - 1) * 1.3),
        "heading": ParagraphStyle("heading", parent=body, fontName="Helvetica-Bold", fontSize=size + 1,
                                  spaceBefore=size * 0.6),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=size * 1.2, bulletIndent=0,
                                 spaceAfter=size * 0.3),
        "para": body,
    }


def _top_flowables(memo: Memo, st: dict[str, ParagraphStyle], with_marking: bool) -> list[Flowable]:
    """Issuer, optional marking, title and header line."""
    out: list[Flowable] = [Paragraph(escape(memo.issuer), st["issuer"])]
    if with_marking and memo.marking:
        out.append(Paragraph(escape(memo.marking), st["issuer"]))
    out += [Paragraph(escape(memo.title), st["title"]), Paragraph(escape(memo.header), st["header"]), Spacer(1, 4)]
    return out


def _body_flowables(memo: Memo, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Headings in bold, bullets with a bullet glyph, paragraphs."""
    out: list[Flowable] = []
    for kind, text in memo.blocks:
        if kind == "bullet":
            out.append(Paragraph(escape(text), st["bullet"], bulletText="\u2022"))
        else:
            out.append(Paragraph(escape(text), st[kind]))
    return out


def _build(doc: BaseDocTemplate, story: list[Flowable]) -> None:
    """Build with fixed metadata so the bytes never change between runs."""
    doc.build(story, canvasmaker=lambda *a, **k: Canvas(*a, **{**k, "invariant": 1}))


def render_plain(memo: Memo, target: io.BytesIO) -> None:
    """One column on A4."""
    st = _styles(10.5)
    doc = BaseDocTemplate(target, pagesize=A4, title=memo.title, author=memo.issuer, invariant=1)
    frame = Frame(22 * mm, 20 * mm, A4[0] - 44 * mm, A4[1] - 40 * mm, id="body")
    doc.addPageTemplates([PageTemplate(id="plain", frames=[frame])])
    _build(doc, _top_flowables(memo, st, True) + _body_flowables(memo, st))


def render_running(memo: Memo, target: io.BytesIO) -> None:
    """A5 pages with a running header (issuer + marking) and a 'Page N of M' footer on every page."""
    st = _styles(10.5)
    width, height = A5
    total = {"pages": 0}

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(15 * mm, height - 10 * mm, memo.issuer)
        canvas.drawRightString(width - 15 * mm, height - 10 * mm, memo.marking or "")
        canvas.line(15 * mm, height - 11.5 * mm, width - 15 * mm, height - 11.5 * mm)
        canvas.drawCentredString(width / 2, 8 * mm, f"Page {doc.page} of {total['pages'] or '?'}")
        canvas.restoreState()

    def make(buf: io.BytesIO) -> BaseDocTemplate:
        doc = BaseDocTemplate(buf, pagesize=A5, title=memo.title, author=memo.issuer, invariant=1)
        frame = Frame(15 * mm, 15 * mm, width - 30 * mm, height - 32 * mm, id="body")
        doc.addPageTemplates([PageTemplate(id="running", frames=[frame], onPage=decorate)])
        return doc

    story = _top_flowables(memo, st, False) + _body_flowables(memo, st)
    # First pass only counts pages, so the footer can say "of M".
    probe = make(io.BytesIO())
    _build(probe, list(story))
    total["pages"] = probe.page
    _build(make(target), _top_flowables(memo, st, False) + _body_flowables(memo, st))


def render_two_column(memo: Memo, target: io.BytesIO) -> None:
    """Issuer, title and header across the page, then the body in two columns."""
    st = _styles(9.5)
    width, height = A4
    margin, gap, top_h = 18 * mm, 8 * mm, 48 * mm
    col_w = (width - 2 * margin - gap) / 2
    body_h = height - 2 * margin - top_h
    first = [
        Frame(margin, height - margin - top_h, width - 2 * margin, top_h, id="top"),
        Frame(margin, margin, col_w, body_h, id="left"),
        Frame(margin + col_w + gap, margin, col_w, body_h, id="right"),
    ]
    later = [Frame(margin, margin, col_w, height - 2 * margin, id="left2"),
             Frame(margin + col_w + gap, margin, col_w, height - 2 * margin, id="right2")]
    doc = BaseDocTemplate(target, pagesize=A4, title=memo.title, author=memo.issuer, invariant=1)
    doc.addPageTemplates([PageTemplate(id="first", frames=first), PageTemplate(id="later", frames=later)])
    story = [NextPageTemplate("later"), *_top_flowables(memo, st, True), FrameBreak(), *_body_flowables(memo, st)]
    _build(doc, story)


def render_fpdf(memo: Memo, target: io.BytesIO) -> None:
    """Plain layout written with fpdf2 instead of reportlab; bullets as '- ' lines."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(memo.title)
    pdf.set_author(memo.issuer)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    lines: list[tuple[str, float, str]] = [("B", 12, memo.issuer)]
    if memo.marking:
        lines.append(("B", 11, memo.marking))
    lines += [("B", 15, memo.title), ("", 9.5, memo.header)]
    for style, size, text in lines:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    for kind, text in memo.blocks:
        if kind == "heading":
            pdf.ln(1)
            pdf.set_font("Helvetica", "B", 11.5)
        else:
            pdf.set_font("Helvetica", "", 10.5)
        pdf.multi_cell(0, 5.2, f"- {text}" if kind == "bullet" else text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5 if kind == "bullet" else 2.5)
    target.write(bytes(pdf.output()))


RENDERERS = {"plain": render_plain, "running": render_running, "two_column": render_two_column, "fpdf": render_fpdf}


def make_pdf(source: Path, out_dir: Path) -> Path:
    """Render one memo source to out_dir/<stem>.pdf and return the path."""
    memo = parse_memo(source.read_text(encoding="utf-8"))
    buf = io.BytesIO()
    RENDERERS[LAYOUTS.get(source.stem, "plain")](memo, buf)
    target = out_dir / f"{source.stem}.pdf"
    target.write_bytes(buf.getvalue())
    return target


def main() -> None:
    """Render every scripts/pdf_memos/*.txt into corpus/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=ROOT / "scripts" / "pdf_memos")
    parser.add_argument("--out", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for source in sorted(args.src.glob("*.txt")):
        path = make_pdf(source, args.out)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
