"""Write small real PDFs for tests, with reportlab or fpdf2 (no fixtures on disk).

A document is a list of pages; a page is a list of blocks ``(kind, text)``:

- ``"title"``: large bold line(s); ``"heading"``: bold line on its own;
- ``"para"``: a paragraph wrapped to the text width;
- ``"bullet"``: a "•" item, wrapped with a hanging indent;
- ``"line"``: exactly one line, never wrapped (to control line ends, e.g. "surveil-");
- ``"image"``: a small drawn picture (reportlab only; the text is ignored).

Public helpers (each returns the path written):

- ``reportlab_pdf(path, pages, header=None, footer=None, columns=1, title=None, user_password=None)``
- ``fpdf_pdf(path, pages, header=None, footer=None)``
- ``image_only_pdf(path, pages=1)``: pages holding only a picture, no text layer;
- ``unmapped_font_pdf(path, text)``: text in an embedded TrueType font (fpdf2) whose Unicode map is
  unlinked, so extractors see ``(cid:N)`` glyphs.

``header``/``footer`` are format strings with ``{n}`` (page number) and ``{total}`` (page count).
"""

from __future__ import annotations

import io
from pathlib import Path

Block = tuple[str, str]
Pages = list[list[Block]]

_STYLES = {"title": ("Helvetica-Bold", 18), "heading": ("Helvetica-Bold", 12)}
_BODY = ("Helvetica", 10)


def _rl_lines(kind: str, text: str, width: float) -> list[tuple[str, float, str, int]]:
    """(text, x indent, font, size) per printed line of one block, wrapped with reportlab's metrics."""
    from reportlab.lib.utils import simpleSplit

    font, size = _STYLES.get(kind, _BODY)
    if kind == "line":
        return [(text, 0.0, font, size)]
    if kind == "bullet":
        wrapped = simpleSplit(text, font, size, width - 14)
        return [("•  " + wrapped[0], 0.0, font, size)] + [(w, 14.0, font, size) for w in wrapped[1:]]
    return [(w, 0.0, font, size) for w in simpleSplit(text, font, size, width)]


def reportlab_pdf(
    path: Path | str,
    pages: Pages,
    header: str | None = None,
    footer: str | None = None,
    columns: int = 1,
    title: str | None = None,
    user_password: str | None = None,
) -> Path:
    """A PDF drawn with reportlab's canvas; `columns=2` flows blocks down the left then the right column."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    encrypt = None
    if user_password is not None:
        encrypt = StandardEncryption(userPassword=user_password, ownerPassword="owner-secret", strength=128)
    out = Path(path)
    pdf = canvas.Canvas(str(out), pagesize=A4, encrypt=encrypt, invariant=1)
    page_w, page_h = A4
    margin, gutter = 60.0, 24.0
    for number, blocks in enumerate(pages, start=1):
        if header:
            pdf.setFont("Helvetica", 8)
            pdf.drawString(margin, page_h - 35, header.format(n=number, total=len(pages)))
        if footer:
            pdf.setFont("Helvetica", 8)
            pdf.drawString(margin, 30, footer.format(n=number, total=len(pages)))
        y_top = page_h - margin
        if title and number == 1:
            pdf.setFont("Helvetica-Bold", 16)
            pdf.drawString(margin, y_top - 16, title)
            y_top -= 44
        col_w = (page_w - 2 * margin - (columns - 1) * gutter) / columns
        column, y = 0, y_top
        for kind, text in blocks:
            if kind == "image":
                y -= 120
                pdf.drawImage(_picture(), margin, y, width=180, height=110)
                continue
            lines = _rl_lines(kind, text, col_w)
            for line, indent, font, size in lines:
                if y - size * 1.3 < margin and column + 1 < columns:
                    column, y = column + 1, y_top
                y -= size * 1.3
                pdf.setFont(font, size)
                pdf.drawString(margin + column * (col_w + gutter) + indent, y, line)
            y -= 8 if kind in ("para", "title", "heading", "bullet") else 0
        pdf.showPage()
    pdf.save()
    return out


def fpdf_pdf(path: Path | str, pages: Pages, header: str | None = None, footer: str | None = None) -> Path:
    """A PDF written with fpdf2 (core Helvetica, so texts must be latin-1)."""
    from fpdf import FPDF

    class _Doc(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("Helvetica", size=8)
                self.cell(0, 8, header.format(n=self.page_no(), total=len(pages)), new_x="LMARGIN", new_y="NEXT")
                self.ln(6)

        def footer(self) -> None:
            if footer:
                self.set_y(-15)
                self.set_font("Helvetica", size=8)
                self.cell(0, 8, footer.format(n=self.page_no(), total=len(pages)))

    doc = _Doc(format="A4")
    doc.set_auto_page_break(False)
    for blocks in pages:
        doc.add_page()
        for kind, text in blocks:
            font, size = _STYLES.get(kind, _BODY)
            doc.set_font("Helvetica", style="B" if "Bold" in font else "", size=size)
            if kind == "line":
                doc.cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
                continue
            body = ("- " if kind == "bullet" else "") + text
            doc.multi_cell(0, size * 0.5, body, new_x="LMARGIN", new_y="NEXT")
            doc.ln(4)
    out = Path(path)
    doc.output(str(out))
    return out


def _picture():  # noqa: ANN202 (reportlab ImageReader, imported lazily)
    """A striped PNG picture (like a scanned text page) as a reportlab ImageReader."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    picture = Image.new("RGB", (300, 200), "white")
    draw = ImageDraw.Draw(picture)
    for i in range(0, 200, 12):
        draw.line((10, i, 290, i), fill="black", width=3)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def image_only_pdf(path: Path | str, pages: int = 1) -> Path:
    """Pages that only hold a drawn picture (a fake scan): no text layer at all."""
    from reportlab.pdfgen import canvas

    out = Path(path)
    pdf = canvas.Canvas(str(out), invariant=1)
    for _ in range(pages):
        pdf.drawImage(_picture(), 72, 400, width=300, height=200)
        pdf.showPage()
    pdf.save()
    return out


def unmapped_font_pdf(path: Path | str, text: str) -> Path:
    """Text in an embedded TrueType font (fpdf2, Identity-H) whose Unicode map and font program are unlinked."""
    import reportlab
    from fpdf import FPDF

    doc = FPDF(format="A4")
    doc.add_page()
    doc.add_font("Vera", fname=str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"))
    doc.set_font("Vera", size=11)
    doc.multi_cell(0, 6, text)
    # Same-length renames keep every xref offset valid; readers can no longer map glyphs to Unicode.
    data = bytes(doc.output()).replace(b"/ToUnicode", b"/ToUnicodX").replace(b"/FontFile2", b"/FontFileX")
    out = Path(path)
    out.write_bytes(data)
    return out
