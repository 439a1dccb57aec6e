"""Read a memo file (text, Markdown or PDF) into clean memo text with page spans.

The format is recognised by content: ``%PDF-`` in the first 1024 bytes means PDF,
known binary signatures (images, archives, Office files, executables...) are
refused, anything else is decoded as text; ``.md``/``.markdown`` text is Markdown.
Limits (size, pages, password, OCR language) come in one `Limits` value.

Failures raise ``IngestError(reason, message, path)``; the reasons are the
documented set of the README (``not_found``, ``not_a_file``, ``unreadable``,
``empty``, ``too_large``, ``unsupported_format``, ``unreadable_encoding``,
``not_a_pdf``, ``truncated``, ``pdf_corrupt``, ``encrypted``, ``no_text_layer``,
``garbled_text``, ``ocr_unavailable``, ``ocr_failed``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.limits import Limits
from pipeline.ingest.pdf.text import Progress, extract_pdf
from pipeline.ingest.sniff import sniff_format
from pipeline.knowledge import Knowledge
from pipeline.schema import IngestedDocument, Page, SourceInfo

PAGE_SEPARATOR = "\n\n"
MARKDOWN_SUFFIXES = (".md", ".markdown")


def _limits(limits: Limits | None, max_bytes: int | None) -> Limits:
    limits = limits or Limits()
    return limits if max_bytes is None else Limits(**{**limits.__dict__, "max_bytes": max_bytes})


def _too_large(size: int, cap: int | None) -> bool:
    return bool(cap) and size > cap  # type: ignore[operator]


def ingest_path(path: Path | str, *, max_bytes: int | None = None, knowledge: Knowledge | None = None,
                limits: Limits | None = None, progress: Progress | None = None) -> IngestedDocument:
    """Read a memo file from disk into an IngestedDocument."""
    file = Path(path)
    where = str(path)
    limits = _limits(limits, max_bytes)
    try:
        info = file.stat()
    except FileNotFoundError:
        raise IngestError("not_found", "no such file", where) from None
    except OSError as exc:
        raise IngestError("unreadable", f"cannot access file: {exc.strerror or exc}", where) from None
    if not file.is_file():
        raise IngestError("not_a_file", "not a regular file (a directory?)", where)
    if _too_large(info.st_size, limits.max_bytes):
        raise IngestError("too_large", f"file is {info.st_size} bytes, over the {limits.max_bytes}-byte limit "
                          "(--max-bytes)", where)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise IngestError("unreadable", f"cannot read file: {exc.strerror or exc}", where) from None
    return ingest_bytes(data, name=file.name, path=where, knowledge=knowledge, limits=limits, progress=progress)


def ingest_bytes(
    data: bytes, name: str = "<stdin>", path: str | None = None, *, max_bytes: int | None = None,
    knowledge: Knowledge | None = None, limits: Limits | None = None, progress: Progress | None = None,
) -> IngestedDocument:
    """Turn raw file bytes into an IngestedDocument (format recognised from the content)."""
    where = path or name
    limits = _limits(limits, max_bytes)
    if _too_large(len(data), limits.max_bytes):
        raise IngestError("too_large", f"input is {len(data)} bytes, over the {limits.max_bytes}-byte limit "
                          "(--max-bytes)", where)
    if not data:
        raise IngestError("empty", "file is empty", where)
    kind = sniff_format(data)
    source = {"path": where, "name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    if kind == "pdf":
        pdf = extract_pdf(data, where, knowledge, limits, progress)
        text, pages = _join_pages(pdf.pages)
        if not any(ch.isalnum() for ch in text):  # dots, rules and bullets alone are no memo
            raise IngestError("no_text_layer", "the PDF's text layer holds no readable text", where)
        info = SourceInfo(**source, format="pdf", pages=len(pdf.pages), encoding=None, reader=pdf.reader,
                          ocr_pages=pdf.ocr_pages or None)
        return IngestedDocument(text=text, pages=pages, source=info, warnings=sorted(set(pdf.warnings)),
                                running=pdf.running)
    named_pdf = name.lower().endswith(".pdf")
    if kind != "text":
        raise IngestError("unsupported_format", f"{kind}, not a text, Markdown or PDF memo", where)
    try:
        decoded = decode_bytes(data, where)
    except IngestError as exc:
        if named_pdf:
            raise IngestError("not_a_pdf", "named .pdf but has no %PDF- header (and is no text either)",
                              where) from None
        raise exc from None
    if named_pdf and _markup(decoded.text):
        raise IngestError("not_a_pdf", "named .pdf but holds HTML or XML (an error page saved by a download?)",
                          where)
    if not decoded.text.strip():
        raise IngestError("empty", "file holds no text (only whitespace or control characters)", where)
    if not any(ch.isalnum() for ch in decoded.text):  # a parse without a word must not pass for a memo
        raise IngestError("empty", "file holds no words (only punctuation, symbols or markup)", where)
    fmt = "markdown" if name.lower().endswith(MARKDOWN_SUFFIXES) else "text"
    warnings = list(decoded.warnings)
    if named_pdf:
        warnings.append("pdf_name_but_text_content")
    info = SourceInfo(**source, format=fmt, pages=1, encoding=decoded.encoding)
    page = Page(number=1, start=0, end=len(decoded.text))
    return IngestedDocument(text=decoded.text, pages=[page], source=info, warnings=sorted(set(warnings)))


def _markup(text: str) -> bool:
    """True for text that starts as an HTML or XML document."""
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body"))


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
