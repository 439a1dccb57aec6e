"""Read a memo file (text, Markdown or PDF) into clean memo text with page spans.

The format is recognised by content: ``%PDF-`` in the first 1024 bytes means PDF,
known binary signatures (images, archives, Office files, executables...) are
refused, anything else is decoded as text; ``.md``/``.markdown`` text is Markdown.

Failures raise ``IngestError(reason, message, path)``; the reason codes are:

- ``not_found``: the path does not exist.
- ``not_a_file``: the path is a directory or another non-regular file.
- ``unreadable``: the file exists but cannot be read (permissions, I/O error).
- ``empty``: the file has no bytes, or only whitespace once cleaned.
- ``too_large``: the file is bigger than the cap (default 200 MB; ``MEMOKG_MAX_BYTES`` or ``max_bytes=``).
- ``unsupported_format``: a known non-memo format (PNG, JPEG, ZIP/DOCX/XLSX, OLE Office, ELF...).
- ``binary_content``: no known signature, but the bytes are binary, not text.
- ``decode_error``: text whose byte-order mark or UTF-16 layout does not decode.
- ``pdf_encrypted``: the PDF needs a password other than the empty one.
- ``pdf_corrupt``: the PDF cannot be parsed (truncated, broken, no pages).
- ``no_text_layer``: no page of the PDF has any text (a scan; OCR is not available).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.pdf.text import extract_pdf
from pipeline.ingest.sniff import sniff_format
from pipeline.knowledge import Knowledge
from pipeline.schema import IngestedDocument, Page, SourceInfo

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
MAX_BYTES_ENV = "MEMOKG_MAX_BYTES"
PAGE_SEPARATOR = "\n\n"
MARKDOWN_SUFFIXES = (".md", ".markdown")

def max_bytes_default() -> int:
    """The size cap: MEMOKG_MAX_BYTES when set to a positive integer, else 200 MB."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_BYTES


def ingest_path(path: Path | str, *, max_bytes: int | None = None, knowledge: Knowledge | None = None
                ) -> IngestedDocument:
    """Read a memo file from disk into an IngestedDocument."""
    file = Path(path)
    where = str(path)
    try:
        info = file.stat()
    except FileNotFoundError:
        raise IngestError("not_found", "no such file", where) from None
    except OSError as exc:
        raise IngestError("unreadable", f"cannot access file: {exc.strerror or exc}", where) from None
    if not file.is_file():
        raise IngestError("not_a_file", "not a regular file (a directory?)", where)
    cap = max_bytes if max_bytes is not None else max_bytes_default()
    if info.st_size > cap:
        raise IngestError("too_large", f"file is {info.st_size} bytes, over the {cap}-byte limit", where)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise IngestError("unreadable", f"cannot read file: {exc.strerror or exc}", where) from None
    return ingest_bytes(data, name=file.name, path=where, max_bytes=cap, knowledge=knowledge)


def ingest_bytes(
    data: bytes, name: str = "<stdin>", path: str | None = None, *, max_bytes: int | None = None,
    knowledge: Knowledge | None = None,
) -> IngestedDocument:
    """Turn raw file bytes into an IngestedDocument (format recognised from the content)."""
    where = path or name
    cap = max_bytes if max_bytes is not None else max_bytes_default()
    if len(data) > cap:
        raise IngestError("too_large", f"input is {len(data)} bytes, over the {cap}-byte limit", where)
    if not data:
        raise IngestError("empty", "file is empty", where)
    kind = sniff_format(data)
    source = {"path": where, "name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    if kind == "pdf":
        pdf = extract_pdf(data, where, knowledge)
        text, pages = _join_pages(pdf.pages)
        if not text.strip():
            raise IngestError("no_text_layer", "the PDF's text layer holds no readable text", where)
        info = SourceInfo(**source, format="pdf", pages=len(pdf.pages), encoding=None)
        return IngestedDocument(text=text, pages=pages, source=info, warnings=sorted(set(pdf.warnings)))
    if kind != "text":
        raise IngestError("unsupported_format", f"{kind}, not a text, Markdown or PDF memo", where)
    try:
        decoded = decode_bytes(data, where)
    except IngestError as exc:
        if exc.reason == "binary_content" and name.lower().endswith(".pdf"):
            raise IngestError("pdf_corrupt", "named .pdf but has no %PDF- header", where) from None
        raise
    if not decoded.text.strip():
        raise IngestError("empty", "file holds no text (only whitespace or control characters)", where)
    fmt = "markdown" if name.lower().endswith(MARKDOWN_SUFFIXES) else "text"
    warnings = list(decoded.warnings)
    if name.lower().endswith(".pdf"):
        warnings.append("pdf_name_but_text_content")
    info = SourceInfo(**source, format=fmt, pages=1, encoding=decoded.encoding)
    page = Page(number=1, start=0, end=len(decoded.text))
    return IngestedDocument(text=decoded.text, pages=[page], source=info, warnings=sorted(set(warnings)))


def _join_pages(texts: list[str]) -> tuple[str, list[Page]]:
    """Pages joined by a blank line; each span runs up to the next page so every offset has a page."""
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + len(PAGE_SEPARATOR)
    joined = PAGE_SEPARATOR.join(texts)
    ends = [*starts[1:], len(joined)]
    return joined, [Page(number=i + 1, start=s, end=e) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]


def page_of(document: IngestedDocument, offset: int) -> int | None:
    """Page number holding a character offset of the document text (None when out of range)."""
    for page in document.pages:
        if page.start <= offset < page.end:
            return page.number
    return None
