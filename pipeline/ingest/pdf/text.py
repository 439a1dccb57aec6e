"""Text of a PDF, page by page, in reading order and without running headers or footers.

pdfplumber (pdfminer.six) reads the words; `pdf_layout` orders them into lines,
columns and paragraphs; `pdf_clean` removes headers/footers and rejoins words
hyphenated across lines. One pass over each page's words, so long reports stay fast.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.text import WordExtractor

from pipeline.errors import IngestError
from pipeline.ingest.decode import normalise_text
from pipeline.ingest.pdf.chars import Char, baseline_box, repair_spaces, space_impostors
from pipeline.ingest.pdf.clean import dehyphenate, garbled_ratio, running_lines, vocabulary
from pipeline.ingest.pdf.layout import Line, Word, group_lines, lay_out, reading_order
from pipeline.knowledge import Knowledge

# A gap wider than this share of the font size separates words; tight justified text stays apart.
X_TOLERANCE_RATIO = 0.15
GARBLED_RATIO = 0.1
_BOLD_HINTS = ("bold", "black", "heavy", "semibold", "demi")

for _name in ("pdfminer", "pdfplumber"):
    # pdfminer logs a warning for every odd object of real-world PDFs; our errors carry the reason instead.
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass
class PdfText:
    """Clean text of each page and the warnings gathered on the way."""

    pages: list[str]
    warnings: list[str] = field(default_factory=list)


def _is_password_error(exc: BaseException) -> bool:
    """True when pdfminer refused the file for want of a password."""
    # pdfplumber wraps pdfminer's error, sometimes as an argument rather than a cause.
    pending: list[object] = [exc]
    while pending:
        seen = pending.pop()
        if isinstance(seen, PDFPasswordIncorrect):
            return True
        if isinstance(seen, BaseException):
            pending.extend([seen.__cause__, seen.__context__, *seen.args])
    return False


def _page_words(chars: list[Char]) -> list[Word]:
    """Upright words of a page with their font size and weight (rotated margin text is dropped)."""
    extractor = WordExtractor(x_tolerance_ratio=X_TOLERANCE_RATIO, y_tolerance=3, keep_blank_chars=False)
    words = extractor.extract_words(chars, return_chars=True)
    out: list[Word] = []
    for w in words:
        if not w.get("upright", True) or not w["text"].strip():
            continue
        chars = w["chars"]
        font = str(chars[0].get("fontname", "")).lower()
        out.append(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], float(chars[0].get("size", 0.0)),
                        any(h in font for h in _BOLD_HINTS)))
    return out


def _lines_to_text(lines: list[Line]) -> list[str]:
    """Line strings with an empty string wherever a paragraph break falls."""
    out: list[str] = []
    for line in lines:
        if line.break_before and out:
            out.append("")
        out.append(line.text)
    return out


def _open(data: bytes, path: str | None) -> pdfplumber.PDF:
    """Open a PDF (an empty user password is tried), mapping failures to IngestError."""
    try:
        return pdfplumber.open(io.BytesIO(data), password="")
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        if _is_password_error(exc):
            raise IngestError("pdf_encrypted", "PDF is encrypted and needs a password", path) from None
        raise IngestError("pdf_corrupt", f"cannot parse PDF: {type(exc).__name__}: {exc}", path) from None


def extract_pdf(data: bytes, path: str | None = None, knowledge: Knowledge | None = None) -> PdfText:
    """Clean per-page text of a PDF; raises IngestError (pdf_encrypted, pdf_corrupt, no_text_layer)."""
    header = data.find(b"%PDF-", 0, 1024)
    if header > 0:
        # Offsets inside a PDF count from its header; bytes before it (an HTML error page...) would shift them.
        data = data[header:]
    pdf = _open(data, path)
    try:
        page_chars: list[list[Char]] = []
        widths: list[float] = []
        try:
            for page in pdf.pages:
                page_chars.append([baseline_box(c) for c in page.chars])
                widths.append(float(page.width))
        except Exception as exc:  # a page that pdfminer cannot interpret makes the file unusable
            if _is_password_error(exc):
                raise IngestError("pdf_encrypted", "PDF is encrypted and needs a password", path) from None
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise IngestError("pdf_corrupt", f"cannot read PDF pages: {detail}", path) from None
    finally:
        pdf.close()
    if not page_chars:
        raise IngestError("pdf_corrupt", "PDF has no pages", path)
    if not any(c["text"].strip() for chars in page_chars for c in chars):
        raise IngestError(
            "no_text_layer", f"none of the {len(page_chars)} pages has a text layer (scanned? OCR is not available)",
            path,
        )
    impostors = space_impostors(page_chars)
    try:
        page_words = [_page_words(repair_spaces(chars, impostors)) for chars in page_chars]
        texts, warnings = _assemble(page_words, widths, knowledge)
    except Exception as exc:  # hostile geometry (NaN boxes...) must still end as a clean error
        raise IngestError("pdf_corrupt", f"cannot lay out the PDF text: {type(exc).__name__}: {exc}", path) from None
    if impostors:
        warnings.append("repaired_space_glyphs")
    if header > 0:
        warnings.append("pdf_leading_junk")
    return PdfText(texts, warnings)


def _assemble(page_words: list[list[Word]], widths: list[float], knowledge: Knowledge | None = None
              ) -> tuple[list[str], list[str]]:
    """Drop running headers/footers, lay pages out, rejoin hyphenated words; returns page texts and warnings."""
    physical = [group_lines(words) for words in page_words]
    drop = running_lines([[line.text for line in lines] for lines in physical])
    kept_words: list[list[Word]] = []
    for lines, dropped in zip(physical, drop, strict=True):
        kept_words.append([w for i, line in enumerate(lines) if i not in dropped for w in line.words])
    page_lines = [_lines_to_text(lay_out(reading_order(words, width))) for words, width in
                  zip(kept_words, widths, strict=True)]
    vocab = vocabulary(line for lines in page_lines for line in lines)
    texts = [normalise_text("\n".join(dehyphenate(lines, vocab, knowledge))) for lines in page_lines]
    warnings: list[str] = []
    if not all(page_words):
        # Some pages are pictures only; their text would need OCR.
        warnings.append("ocr_unavailable")
    if garbled_ratio("\n".join(texts)) > GARBLED_RATIO:
        warnings.append("garbled_text_layer")
    return texts, warnings
