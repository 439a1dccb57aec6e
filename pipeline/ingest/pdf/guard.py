"""Checks on a PDF's raw bytes before any parser sees it: decompression bombs, absurd nesting, truncation.

Parsers inflate whole streams into memory and walk nested objects recursively;
a few kilobytes can make them allocate gigabytes or recurse without end. These
checks are byte scans with bounded work, so a hostile file is refused with its
real reason (`too_large`, `pdf_corrupt`) in well under a second.
"""

from __future__ import annotations

import re
import zlib

from pipeline.errors import IngestError

MAX_NESTING = 256
_CHUNK = 1 << 16
_OUT_CHUNK = 1 << 22
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_NESTED = re.compile(rb"(?:(?:\[|<<)\s*(?:/[^\s/\[\]<>()]+\s*)?){%d}" % MAX_NESTING)
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_EOF = b"%%EOF"
_CATALOG = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*<<(?:(?!endobj).){0,400}?/Type\s*/Catalog\b", re.S)


def is_truncated(data: bytes) -> bool:
    """True when the file does not end with an end-of-file marker (a cut download)."""
    return _EOF not in data[-2048:]


def close_truncated(data: bytes) -> bytes | None:
    """A cut PDF with a trailer naming its catalog appended, for PDFium to rebuild the rest; None without one."""
    found = None
    for match in _CATALOG.finditer(data):
        found = match  # the last catalog: an updated file appends a newer one
    if found is None:
        return None
    # A cut that fell inside the closing xref table or trailer leaves half a dictionary that would swallow
    # the new trailer: what follows the last object goes.
    last_object = data.rfind(b"endobj")
    for keyword in (b"startxref", b"trailer", b"xref"):
        at = data.rfind(keyword)
        if at > last_object >= 0:
            data = data[:at]
    return data + b"\nendstream\nendobj\ntrailer\n<< /Root %s %s R >>\n%%%%EOF\n" % (found.group(1), found.group(2))


def check_nesting(data: bytes, path: str | None) -> None:
    """Refuse arrays or dictionaries nested deeper than any real PDF needs (parsers recurse into them)."""
    if _NESTED.search(data):
        raise IngestError("pdf_corrupt", f"objects are nested more than {MAX_NESTING} levels deep "
                          "(a malformed or hostile PDF)", path)


def _stream_dict(data: bytes, start: int) -> bytes:
    """The bytes of the object header before a 'stream' keyword (its dictionary, at most 4 KB back)."""
    window = data[max(0, start - 4096):start]
    found = list(_OBJ.finditer(window))
    return window[found[-1].end():] if found else window


def _inflated_size(data: bytes, start: int, limit: int) -> int:
    """Bytes a zlib stream starting at `start` inflates to, counting at most `limit` + 1 of them."""
    inflater = zlib.decompressobj()
    total, position = 0, start
    while position < len(data) and not inflater.eof:
        pending = data[position:position + _CHUNK]
        position += len(pending)
        while pending and total <= limit:
            try:
                out = inflater.decompress(pending, _OUT_CHUNK)
            except zlib.error:
                return total  # a corrupt stream: the parser will say so, no bomb here
            total += len(out)
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        if total > limit:
            break
    return total


def check_streams(data: bytes, path: str | None, limit: int | None) -> None:
    """Refuse a PDF with a Flate stream (other than an image) that inflates beyond `limit` bytes."""
    if not limit:
        return
    for match in _STREAM.finditer(data):
        header = _stream_dict(data, match.start())
        if not _FLATE.search(header) or _IMAGE.search(header):
            continue  # images are only decoded when a page is drawn for OCR, under the memory cap
        size = _inflated_size(data, match.end(), limit)
        if size > limit:
            raise IngestError("too_large", f"a compressed stream inflates to more than {limit >> 20} MiB "
                              "(a decompression bomb?)", path)


def preflight(data: bytes, path: str | None, max_inflate: int | None) -> None:
    """Every byte-level check, cheapest first."""
    check_nesting(data, path)
    check_streams(data, path, max_inflate)
