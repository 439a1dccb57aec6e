"""Text of a PDF, page by page, in reading order and without running headers or footers.

The bytes are checked first (`guard`: bombs, absurd nesting, page count);
pdfplumber reads the characters (`plumber`), PDFium takes over when pdfminer
fails or finds no pages (`pdfium`: a rebuilt xref), and pages without a usable
text layer (pictures, unmapped fonts) go through Tesseract (`ocr`). Every page
then becomes words, `layout` orders them into lines, columns and paragraphs and
`clean` removes running headers/footers (kept aside, for the memo's markings)
and rejoins words hyphenated across lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pdfplumber.utils.text import WordExtractor

from pipeline.errors import IngestError
from pipeline.ingest.decode import normalise_text
from pipeline.ingest.limits import Limits
from pipeline.ingest.pdf import guard, ocr, pdfium, plumber
from pipeline.ingest.pdf.chars import Char, overlap_share, repair_spaces, space_impostors
from pipeline.ingest.pdf.clean import dehyphenate, garbled_ratio, is_page_number, running_lines, vocabulary
from pipeline.ingest.pdf.layout import Line, Word, group_lines, lay_out, reading_order
from pipeline.knowledge import Knowledge

# A gap wider than this share of the font size separates words; tight justified text stays apart.
X_TOLERANCE_RATIO = 0.15
GARBLED_RATIO = 0.1
# A page whose layer is more unmapped glyphs than this is left out when OCR cannot replace it.
UNREADABLE_RATIO = 0.5
OVERLAP_RATIO = 0.3
_BOLD_HINTS = ("bold", "black", "heavy", "semibold", "demi")
Progress = Callable[[str, int], None]


@dataclass
class PdfText:
    """Clean text of each page, the reader that produced it, OCR'd pages, running lines and warnings."""

    pages: list[str]
    warnings: list[str] = field(default_factory=list)
    reader: str | None = None  # None: pdfplumber, the main reader
    ocr_pages: list[int] = field(default_factory=list)
    running: list[str] = field(default_factory=list)


@dataclass
class _Pages:
    """What a reader found: characters and width per page, and why pages need OCR."""

    chars: list[list[Char]]
    widths: list[float]
    reader: str
    warnings: list[str] = field(default_factory=list)
    words: dict[int, list[Word]] = field(default_factory=dict)  # OCR'd pages
    garbled: dict[int, float] = field(default_factory=dict)  # page -> share of unmapped glyphs
    stacked: set[int] = field(default_factory=set)


def _page_words(chars: list[Char]) -> list[Word]:
    """Upright words of a page with their font size and weight (rotated margin text is dropped)."""
    extractor = WordExtractor(x_tolerance_ratio=X_TOLERANCE_RATIO, y_tolerance=3, keep_blank_chars=False)
    out: list[Word] = []
    for w in extractor.extract_words(chars, return_chars=True):
        if not w.get("upright", True) or not w["text"].strip():
            continue
        first = w["chars"][0]
        font = str(first.get("fontname", "")).lower()
        out.append(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], float(first.get("size") or 0.0),
                        any(h in font for h in _BOLD_HINTS)))
    return out


def _read(data: bytes, path: str | None, limits: Limits) -> _Pages:
    """Characters of every page from pdfplumber, or from PDFium when pdfminer fails or finds no pages."""
    try:
        found = plumber.read_pages(data, path, limits.password, limits.max_pages)
        if found.chars:
            return _Pages(found.chars, found.widths, plumber.READER)
        failure = "pdfminer finds no pages"
    except plumber.PlumberFailure as exc:
        failure = str(exc)
    try:
        chars, widths, _ = pdfium.read_chars(data, path, limits.password)
    except IngestError as exc:
        if exc.reason == "encrypted":
            raise
        if guard.is_truncated(data):
            return _repair_truncated(data, path, limits, failure)
        try:  # an end-of-file marker but no usable trailer: the same repair may still find the pages
            return _repair_truncated(data, path, limits, failure, cut=False)
        except IngestError:
            raise IngestError("pdf_corrupt", f"{failure}; {exc.message}", path) from None
    if not chars:
        reason = "truncated" if guard.is_truncated(data) else "pdf_corrupt"
        raise IngestError(reason, f"{failure}, and PDFium finds no pages either", path)
    warnings = ["recovered_xref"] + (["truncated"] if guard.is_truncated(data) else [])
    return _Pages(chars, widths, pdfium.READER, warnings)


def _repair_truncated(data: bytes, path: str | None, limits: Limits, failure: str, cut: bool = True) -> _Pages:
    """A cut download (or a lost trailer) is read when a trailer can be put back and every page has its text."""
    message = f"the PDF is cut short (no end-of-file marker) and {failure}; download it again"
    patched = guard.close_truncated(data)
    if patched is None:
        raise IngestError("truncated", message, path)
    try:
        chars, widths, _ = pdfium.read_chars(patched, path, limits.password)
    except IngestError:
        raise IngestError("truncated", message, path) from None
    readable = sum(1 for page in chars if any(c["text"].strip() for c in page))
    if not chars or readable < len(chars):
        raise IngestError("truncated", f"the PDF is cut short: only {readable} of its {len(chars)} pages can be "
                          "read; download it again", path)
    return _Pages(chars, widths, pdfium.READER, ["recovered_xref"] + (["truncated"] if cut else []))


def _judge(pages: _Pages) -> None:
    """Mark pages whose text layer is unmapped glyphs, or glyphs stacked over each other."""
    for index, chars in enumerate(pages.chars):
        text = "".join(c["text"] for c in chars)
        ratio = garbled_ratio(text) if text.strip() else 0.0
        if ratio > GARBLED_RATIO:
            pages.garbled[index] = ratio
        elif len(chars) > 200 and overlap_share(chars) > OVERLAP_RATIO:
            pages.stacked.add(index)


def _ocr(data: bytes, path: str | None, pages: _Pages, limits: Limits, progress: Progress | None) -> None:
    """OCR the pages without text or with a garbled layer; words of pages that read well replace them."""
    # A layer drawn over itself (glyphs stacked in place of the printed ones) reads as noise: the picture of
    # the page is what its readers see, so it is OCR'd like a page without text.
    todo = [i for i, chars in enumerate(pages.chars)
            if i in pages.stacked or i in pages.garbled or not any(c["text"].strip() for c in chars)]
    if not todo or not limits.ocr:
        return
    has_text = any(i not in pages.garbled and i not in pages.stacked and any(c["text"].strip() for c in chars)
                   for i, chars in enumerate(pages.chars))
    try:
        ocr.check_available(limits.ocr_lang, path)
    except IngestError:
        if has_text:
            pages.warnings.append("ocr_unavailable")
            return
        raise
    with pdfium.open_document(data, path, limits.password) as document:
        for index in todo:
            if progress:
                progress("ocr_page", index + 1)
            image, dpi = pdfium.render_page(document, index, limits.ocr_dpi)
            words, confidence = ocr.ocr_words(image, limits.ocr_lang, dpi, path)
            if words and confidence >= ocr.MIN_PAGE_CONFIDENCE:
                pages.words[index] = words
                pages.garbled.pop(index, None)
                pages.stacked.discard(index)


def extract_pdf(data: bytes, path: str | None = None, knowledge: Knowledge | None = None,
                limits: Limits | None = None, progress: Progress | None = None) -> PdfText:
    """Clean per-page text of a PDF; raises IngestError with the reason it cannot be read."""
    limits = limits or Limits()
    header = data.find(b"%PDF-", 0, 1024)
    if header > 0:
        # Offsets inside a PDF count from its header; bytes before it (an HTML error page...) would shift them.
        data = data[header:]
    guard.preflight(data, path, limits.max_inflate)
    count = pdfium.page_count(data, limits.password)
    if limits.max_pages and count and count > limits.max_pages:
        raise IngestError("too_large", f"PDF has {count} pages, over the {limits.max_pages}-page limit "
                          "(--max-pages)", path)
    pages = _read(data, path, limits)
    _judge(pages)
    _ocr(data, path, pages, limits, progress)
    impostors = space_impostors([c for i, c in enumerate(pages.chars) if i not in pages.words])
    page_words: list[list[Word]] = []
    for index, chars in enumerate(pages.chars):
        if index in pages.words:
            page_words.append(pages.words[index])
        elif pages.garbled.get(index, 0.0) > UNREADABLE_RATIO or index in pages.stacked:
            page_words.append([])
        else:
            try:
                page_words.append(_page_words(repair_spaces(chars, impostors)))
            except Exception as exc:  # noqa: BLE001  hostile geometry (NaN boxes...) must still end as a clean error
                raise IngestError("pdf_corrupt", f"cannot lay out page {index + 1}: {type(exc).__name__}: {exc}",
                                  path) from None
    if not any(page_words):
        raise _no_text(pages, path)
    texts, warnings, running = _assemble(page_words, pages.widths, knowledge)
    warnings += pages.warnings
    if pages.garbled:
        warnings.append("garbled_text")
    if pages.stacked:
        warnings.append("overlapping_text")
    if pages.words:
        warnings.append("ocr_pages")
    if impostors:
        warnings.append("repaired_space_glyphs")
    if header > 0:
        warnings.append("pdf_leading_junk")
    from_ocr = all(i in pages.words for i, words in enumerate(page_words) if words)
    reader = ocr.READER if from_ocr else pages.reader
    # The main reader goes unsaid (records of ordinary PDFs stay as they were); recovery and OCR are named.
    return PdfText(texts, warnings, None if reader == plumber.READER else reader, sorted(i + 1 for i in pages.words),
                   running)


def _no_text(pages: _Pages, path: str | None) -> IngestError:
    """The error for a PDF none of whose pages gave text, naming what was in the way."""
    total = len(pages.chars)
    if pages.stacked:
        return IngestError("garbled_text", f"the text of {len(pages.stacked)} of {total} pages is drawn over itself "
                           "(overlapping words): it cannot be read", path)
    if pages.garbled:
        return IngestError("garbled_text", f"{len(pages.garbled)} of {total} pages have a text layer whose font "
                           "maps are broken (unmapped glyphs), and OCR could not read them either", path)
    return IngestError("no_text_layer", f"none of the {total} pages has a text layer, and OCR found no text on "
                       "them (blank or pictures only)", path)


def _lines_to_text(lines: list[Line]) -> list[str]:
    """Line strings with an empty string wherever a paragraph break falls."""
    out: list[str] = []
    for line in lines:
        if line.break_before and out:
            out.append("")
        out.append(line.text)
    return out


def _assemble(page_words: list[list[Word]], widths: list[float], knowledge: Knowledge | None = None
              ) -> tuple[list[str], list[str], list[str]]:
    """Drop running headers/footers, lay pages out, rejoin hyphenated words; texts, warnings, running lines."""
    physical = [group_lines(words) for words in page_words]
    texts_of = [[line.text for line in lines] for lines in physical]
    drop = running_lines(texts_of)
    if all(len(dropped) == len(lines) for dropped, lines in zip(drop, physical, strict=True)):
        drop = [set() for _ in physical]  # lines on every page that are all there is are the text, not a header
    running: dict[str, str] = {}
    kept_words: list[list[Word]] = []
    for lines, texts, dropped in zip(physical, texts_of, drop, strict=True):
        for i in sorted(dropped):
            if not is_page_number(texts[i]):
                running.setdefault(" ".join(texts[i].split()).casefold(), " ".join(texts[i].split()))
        kept_words.append([w for i, line in enumerate(lines) if i not in dropped for w in line.words])
    page_lines = [_lines_to_text(lay_out(reading_order(words, width))) for words, width in
                  zip(kept_words, widths, strict=True)]
    vocab = vocabulary(line for lines in page_lines for line in lines)
    texts = [normalise_text("\n".join(dehyphenate(lines, vocab, knowledge))) for lines in page_lines]
    warnings: list[str] = []
    if not all(page_words):
        # Some pages are pictures only and could not be OCR'd.
        warnings.append("pages_without_text")
    return texts, warnings, list(running.values())
