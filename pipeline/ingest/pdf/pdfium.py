"""PDFium (pypdfium2): page counts, the recovery reader and page pictures for OCR.

PDFium rebuilds a broken cross-reference table by scanning the file, so it
reads PDFs whose xref offsets are wrong or whose trailer is gone, where
pdfminer finds no pages. Its characters are handed to the same layout code as
pdfplumber's, as dicts with the keys pdfplumber's word extractor reads.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from pipeline.errors import IngestError
from pipeline.ingest.pdf.chars import Char

READER = "pdfium"
_BOLD_WEIGHT = 600
_SKIP = frozenset("\r\n\ufffe\uffff")
# A page picture for OCR holds at most this many pixels (A3 at 300 dpi has 17.4 million): a page
# declared 5 m wide would otherwise be a bitmap of gigabytes.
MAX_RENDER_PIXELS = 20_000_000


@contextmanager
def open_document(data: bytes, path: str | None, password: str | None = None) -> Iterator[pdfium.PdfDocument]:
    """The PDF opened by PDFium (empty password, then `password`); failures become IngestError."""
    document = None
    last: Exception | None = None
    for attempt in ([None, password] if password else [None]):
        try:
            document = pdfium.PdfDocument(data, password=attempt)
            break
        except pdfium.PdfiumError as exc:
            last = exc
    if document is None:
        if "password" in str(last).lower():
            hint = "the password given does not open it" if password else "give it with --password"
            raise IngestError("encrypted", f"PDF is encrypted and needs a password ({hint})", path) from None
        raise IngestError("pdf_corrupt", f"PDFium cannot open the PDF either: {last}", path) from None
    try:
        yield document
    finally:
        document.close()


def page_count(data: bytes, password: str | None = None) -> int | None:
    """Pages of the PDF as PDFium counts them (fast: the page tree only), None when it cannot open it."""
    try:
        with open_document(data, None, password) as document:
            return len(document)
    except IngestError:
        return None


def _font(textpage: Any, index: int) -> tuple[str, bool]:
    """Font name and whether its weight is bold, for one character."""
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    raw.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), ctypes.byref(flags))
    name = buffer.value.decode("utf-8", "replace")
    return name, raw.FPDFText_GetFontWeight(textpage, index) >= _BOLD_WEIGHT


def page_chars(page: pdfium.PdfPage) -> tuple[list[Char], float, int]:
    """Characters of one page as pdfplumber-style dicts (top-down y), the page width and unmapped glyphs."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        box = raw.FS_RECTF()
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        chars: list[Char] = []
        unmapped = 0
        fonts: dict[tuple[str, bool], tuple[str, bool]] = {}
        for index in range(raw.FPDFText_CountChars(handle)):
            code = raw.FPDFText_GetUnicode(handle, index)
            text = chr(code) if 0 < code < 0x110000 else "\ufffd"
            if raw.FPDFText_IsGenerated(handle, index) == 1 or text in _SKIP or text.isspace():
                continue
            if raw.FPDFText_HasUnicodeMapError(handle, index) == 1:
                unmapped += 1
                text = "\ufffd"
            # The loose box spans the glyph's advance, like pdfminer's boxes, so word gaps match pdfplumber's.
            raw.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(box))
            name, bold = _font(handle, index)
            name, bold = fonts.setdefault((name, bold), (name, bold))
            size = float(raw.FPDFText_GetFontSize(handle, index)) or (box.top - box.bottom)
            raw.FPDFText_GetCharOrigin(handle, index, ctypes.byref(origin_x), ctypes.byref(origin_y))
            # Boxes rebuilt around the baseline (0.75 em up, 0.25 em down), as `chars.baseline_box` does.
            base = height - origin_y.value
            chars.append({
                "text": text, "x0": box.left, "x1": box.right, "top": base - 0.75 * size,
                "bottom": base + 0.25 * size, "doctop": base - 0.75 * size, "size": size,
                "fontname": name + ("-Bold" if bold and "bold" not in name.lower() else ""),
                "upright": abs(raw.FPDFText_GetCharAngle(handle, index)) < 0.01,
            })
        return chars, float(width), unmapped
    finally:
        textpage.close()


def read_chars(data: bytes, path: str | None, password: str | None = None
               ) -> tuple[list[list[Char]], list[float], int]:
    """Characters and widths of every page, and the count of glyphs without a Unicode mapping."""
    pages: list[list[Char]] = []
    widths: list[float] = []
    unmapped = 0
    with open_document(data, path, password) as document:
        for index in range(len(document)):
            try:
                page = document[index]
            except pdfium.PdfiumError as exc:
                raise IngestError("pdf_corrupt", f"page {index + 1} cannot be loaded ({exc}): the page tree is "
                                  "broken or cyclic", path) from None
            try:
                chars, width, bad = page_chars(page)
            finally:
                page.close()
            pages.append(chars)
            widths.append(width)
            unmapped += bad
    return pages, widths, unmapped


def render_page(document: pdfium.PdfDocument, index: int, dpi: int) -> tuple[Any, float]:
    """One page of an open document as a greyscale PIL image at `dpi` (less for huge pages), and the dpi used."""
    page = document[index]
    try:
        width, height = page.get_size()
        area = max(width, 1.0) * max(height, 1.0) / (72 * 72)  # square inches
        used = min(float(dpi), (MAX_RENDER_PIXELS / area) ** 0.5)
        return page.render(scale=used / 72, grayscale=True).to_pil(), used
    finally:
        page.close()
