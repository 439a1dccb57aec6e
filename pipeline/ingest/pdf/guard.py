"""Checks on a PDF's raw bytes before any parser sees it: decompression bombs, absurd nesting, truncation.

Parsers inflate whole streams into memory and walk nested objects recursively;
a few kilobytes can make them allocate gigabytes or recurse without end. These
checks are byte scans with bounded work, so a hostile file is refused with its
real reason (`too_large`, `pdf_corrupt`) in well under a second.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder

from pipeline.errors import IngestError

MAX_NESTING = 256
_CHUNK = 1 << 16
_OUT_CHUNK = 1 << 22
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_EXPANDING = frozenset({b"FlateDecode", b"Fl", b"LZWDecode", b"LZW"})
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/\w+)")
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


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The output of one zlib stream fed by `chunks`, in pieces of at most _OUT_CHUNK bytes (bounded memory)."""
    inflater = zlib.decompressobj()
    for chunk in chunks:
        pending = chunk
        while True:
            try:
                out = inflater.decompress(pending, _OUT_CHUNK)
            except zlib.error:
                return  # a corrupt stream: the parser will say so, no bomb here
            if out:
                yield out
            if inflater.eof:
                return
            pending = inflater.unconsumed_tail
            if not pending and len(out) < _OUT_CHUNK:
                break


def _joined(pieces: Iterator[bytes], limit: int) -> bytes | None:
    """The pieces as one string, or None once they pass `limit` bytes."""
    out, total = [], 0
    for piece in pieces:
        total += len(piece)
        if total > limit:
            return None
        out.append(piece)
    return b"".join(out)


def _decoded_size(data: bytes, start: int, limit: int, filters: list[bytes]) -> int:
    """Bytes the stream at `start` decodes to through its filter chain, counting at most `limit` + 1.

    Flate layers are inflated piece by piece, each pulling from the one before, so a bomb deflated twice stays
    small here; the text encodings and LZW (never bigger on input than the file) are decoded whole. The chain
    stops at the first filter of another kind (images' own codecs, RunLength...).
    """
    stop = data.find(b"endstream", start)
    pieces: Iterator[bytes] = (data[at:at + _CHUNK] for at in range(start, stop if stop > 0 else len(data), _CHUNK))
    for name in filters:
        if name in (b"FlateDecode", b"Fl"):
            pieces = _inflate(pieces)
            continue
        decode = _WHOLE.get(name)
        if decode is None:
            break
        whole = _joined(pieces, limit)
        if whole is None:
            return limit + 1
        try:
            pieces = iter(decode(whole))
        except Exception:  # noqa: BLE001  a corrupt encoding: the parser will say so, no bomb here
            return 0
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > limit:
            break
    return total


def _lzw(data: bytes) -> Iterator[bytes]:
    return LZWDecoder(io.BytesIO(data)).run()


_WHOLE = {b"ASCIIHexDecode": lambda d: [asciihexdecode(d)], b"AHx": lambda d: [asciihexdecode(d)],
          b"ASCII85Decode": lambda d: [ascii85decode(d)], b"A85": lambda d: [ascii85decode(d)],
          b"LZWDecode": _lzw, b"LZW": _lzw}


def _filters(header: bytes) -> list[bytes]:
    """The names of the stream's filter chain, in order."""
    found = _FILTER.search(header)
    return re.findall(rb"/(\w+)", found.group(1)) if found else []


def check_streams(data: bytes, path: str | None, limit: int | None) -> None:
    """Refuse a PDF with a Flate or LZW stream (other than an image) that decodes to more than `limit` bytes."""
    if not limit:
        return
    for match in _STREAM.finditer(data):
        header = _stream_dict(data, match.start())
        filters = _filters(header)
        if not (set(filters) & _EXPANDING) or _IMAGE.search(header):
            continue  # images are only decoded when a page is drawn for OCR, under the memory cap
        size = _decoded_size(data, match.end(), limit, filters)
        if size > limit:
            raise IngestError("too_large", f"a compressed stream decodes to more than {limit >> 20} MiB "
                              "(a decompression bomb?)", path)


def preflight(data: bytes, path: str | None, max_inflate: int | None) -> None:
    """Every byte-level check, cheapest first."""
    check_nesting(data, path)
    check_streams(data, path, max_inflate)
