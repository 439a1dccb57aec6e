"""The main PDF reader: pdfplumber (pdfminer.six) characters of every page, with their fonts and boxes.

Failures are sorted into a password problem (`encrypted`, final) and anything
else (`PlumberFailure`), after which the caller tries PDFium before giving up.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from pipeline.errors import IngestError
from pipeline.ingest.pdf.chars import Char, baseline_box

READER = "pdfplumber"

for _name in ("pdfminer", "pdfplumber"):
    # pdfminer logs a warning for every odd object of real-world PDFs; our errors carry the reason instead.
    logging.getLogger(_name).setLevel(logging.ERROR)


class PlumberFailure(Exception):
    """pdfplumber could not read the file; the message says why (the caller may recover with PDFium)."""


@dataclass
class PlumberPages:
    """Characters and width of every page."""

    chars: list[list[Char]]
    widths: list[float]


def _is_password_error(exc: BaseException) -> bool:
    """True when pdfminer refused the file for want of a password."""
    # pdfplumber wraps pdfminer's error, sometimes as an argument rather than a cause.
    pending: list[object] = [exc]
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, PDFPasswordIncorrect):
            return True
        if isinstance(item, BaseException):
            pending.extend([item.__cause__, item.__context__, *item.args])
    return False


def _detail(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _encrypted(path: str | None, password: str | None) -> IngestError:
    hint = "the password given does not open it" if password else "give it with --password"
    return IngestError("encrypted", f"PDF is encrypted and needs a password ({hint})", path)


def _open(data: bytes, path: str | None, password: str | None) -> pdfplumber.PDF:
    """Open with the empty password, then the given one."""
    last: BaseException | None = None
    for attempt in ["", password] if password else [""]:
        try:
            return pdfplumber.open(io.BytesIO(data), password=attempt)
        except Exception as exc:  # noqa: BLE001  pdfminer raises many unrelated types for broken files
            if not _is_password_error(exc):
                raise PlumberFailure(f"cannot parse PDF: {_detail(exc)}") from None
            last = exc
    raise _encrypted(path, password) from last


def _slim(char: Char) -> Char:
    """The keys later stages read, so a page's characters cost a fraction of pdfplumber's dicts."""
    box = baseline_box(char)
    return {key: box.get(key) for key in ("text", "x0", "x1", "top", "bottom", "doctop", "upright", "size",
                                          "fontname")}


def read_pages(data: bytes, path: str | None, password: str | None, max_pages: int | None) -> PlumberPages:
    """Characters of every page; raises IngestError (encrypted, too_large) or PlumberFailure."""
    pdf = _open(data, path, password)
    try:
        pages = PlumberPages([], [])
        try:
            count = len(pdf.pages)
            if max_pages and count > max_pages:
                raise IngestError("too_large", f"PDF has {count} pages, over the {max_pages}-page limit "
                                  "(--max-pages)", path)
            for page in pdf.pages:
                pages.chars.append([_slim(c) for c in page.chars])
                pages.widths.append(float(page.width))
                page.close()
        except IngestError:
            raise
        except RecursionError:
            raise PlumberFailure("objects nest or refer to each other without end") from None
        except Exception as exc:  # noqa: BLE001  a page pdfminer cannot interpret makes the file unusable
            if _is_password_error(exc):
                raise _encrypted(path, password) from None
            raise PlumberFailure(f"cannot read PDF pages: {_detail(exc)}") from None
        return pages
    finally:
        try:
            pdf.close()
        except Exception:  # noqa: BLE001  closing walks the page tree again, which may be what is broken
            pass
