"""OCR of page pictures with Tesseract (pytesseract), as word boxes the layout code reads like any text layer.

pytesseract was chosen over ocrmypdf by measurement (`benchmarks/bench_hostile_ocr.py`:
0.48 s a page against 0.88 s, the same words read back): it gives word boxes
straight from one Tesseract call per page, where ocrmypdf writes a new PDF that
must be parsed again, and would be one more dependency tree (pikepdf...).
Pages are drawn by PDFium (`pdfium.render_page`). Tesseract is a Debian
package (`tesseract-ocr`, plus `tesseract-ocr-LANG` per language); without it
OCR is reported as unavailable rather than guessed at.
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache
from statistics import median
from typing import Any

from pipeline.errors import IngestError
from pipeline.ingest.pdf.layout import Word

READER = "tesseract"
# Words Tesseract is less sure of than this (0-100) are noise: specks, ruling lines, stamps.
MIN_WORD_CONFIDENCE = 30.0
# A page whose kept words average below this confidence did not read as text.
MIN_PAGE_CONFIDENCE = 55.0


@lru_cache(maxsize=1)
def tesseract_version() -> str | None:
    """The installed Tesseract's version, or None when it is not installed."""
    if shutil.which("tesseract") is None:
        return None
    try:
        import pytesseract

        return str(pytesseract.get_tesseract_version())
    except Exception:  # noqa: BLE001  a broken install is the same as none
        return None


@lru_cache(maxsize=4)
def _languages() -> frozenset[str]:
    import pytesseract

    return frozenset(pytesseract.get_languages(config=""))


def check_available(lang: str, path: str | None) -> None:
    """Raise IngestError('ocr_unavailable') when Tesseract or one of the languages is missing."""
    if tesseract_version() is None:
        raise IngestError("ocr_unavailable", "the PDF needs OCR but Tesseract is not installed "
                          "(Debian: apt-get install tesseract-ocr tesseract-ocr-eng)", path)
    missing = [code for code in lang.split("+") if code and code not in _languages()]
    if missing:
        raise IngestError("ocr_unavailable", f"Tesseract has no data for language {'+'.join(missing)} "
                          f"(Debian: apt-get install tesseract-ocr-{missing[0]})", path)


def ocr_words(image: Any, lang: str, dpi: float, path: str | None) -> tuple[list[Word], float]:
    """Words of a page picture in PDF points (top-down), and the mean confidence of the words kept."""
    import pytesseract

    # Tesseract's OpenMP threads fight the other workers for the cores: one thread per page is about five
    # times faster on a busy 2-core machine (a page of text: 1.6 s against 8.5 s). A user's setting is kept.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pytesseract.image_to_data(image, lang=lang, config="--psm 3",
                                         output_type=pytesseract.Output.DICT)
    except (pytesseract.TesseractError, OSError, RuntimeError) as exc:
        raise IngestError("ocr_failed", f"Tesseract failed on a page: {' '.join(str(exc).split())[:200]}",
                          path) from None
    scale = 72.0 / dpi
    rows: dict[tuple[int, int, int], list[int]] = {}
    confidences: list[float] = []
    for i, text in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        if not str(text).strip() or confidence < MIN_WORD_CONFIDENCE:
            continue
        rows.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
        confidences.append(confidence)
    words: list[Word] = []
    for indexes in rows.values():
        # Tesseract groups words into printed lines; one box height per line keeps ascenders and
        # descenders from splitting a line or faking a change of font size.
        top = min(data["top"][i] for i in indexes) * scale
        bottom = max(data["top"][i] + data["height"][i] for i in indexes) * scale
        size = median(data["height"][i] for i in indexes) * scale
        for i in indexes:
            left = data["left"][i] * scale
            words.append(Word(str(data["text"][i]).strip(), left, left + data["width"][i] * scale, top, bottom, size))
    return words, (sum(confidences) / len(confidences) if confidences else 0.0)
