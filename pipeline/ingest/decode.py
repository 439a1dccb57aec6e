"""Decode the bytes of a text memo and clean the result into memo text.

Order of attempts, so Western memos keep their accents, dashes and curly quotes:
byte-order marks (UTF-8, UTF-32, UTF-16), UTF-16 without BOM (NUL pattern), strict
UTF-8, then single-byte text via charset-normalizer with a preference for
cp1252 (latin-1 when cp1252 cannot decode the bytes). Cleaning removes control
characters (except newline and tab), normalises newlines to ``\\n``, applies
Unicode NFC and strips trailing spaces on lines; nothing else is rewritten, so
offsets into the text stay meaningful.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from charset_normalizer.utils import is_multi_byte_encoding

from pipeline.errors import IngestError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Single-byte encodings charset-normalizer often picks for Western text with a few accents;
# for those we prefer cp1252, which is what Windows editors write.
_WESTERN = {
    "ascii", "cp1252", "windows_1252", "latin_1", "iso8859_1", "iso8859_15", "iso8859_9", "cp1250", "iso8859_2",
    "mac_roman", "mac_latin2", "cp850", "cp437", "cp858", "cp1254", "cp1257", "iso8859_4", "iso8859_13", "iso8859_3",
    "iso8859_10", "iso8859_14", "iso8859_16", "cp1125", "mac_iceland", "mac_turkish", "cp775", "cp865", "cp860",
    "cp863", "cp861", "hp_roman8", "cp273", "cp1140", "utf_8",
}
# Above this share of non-ASCII bytes the text is probably not Western (Cyrillic, Greek...): trust the detector.
_WESTERN_MAX_NON_ASCII = 0.3

_NEWLINES = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
# C0 and C1 controls, DEL and stray BOMs; \t and \n are kept.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")
_TRAILING = re.compile(r"[^\S\n]+(?=\n|\Z)")


@dataclass
class DecodedText:
    """Clean text, the encoding it was read with and any warnings."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def normalise_text(text: str) -> str:
    """Normalise newlines, drop control characters, apply NFC and strip trailing spaces on lines."""
    text = _NEWLINES.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return _TRAILING.sub("", text)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the NUL bytes sit on one parity only, as in BOM-less UTF-16 ASCII text."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.6 and even < 0.05:
        return "utf-16-le"
    if even > 0.6 and odd < 0.05:
        return "utf-16-be"
    return None


def _single_byte(data: bytes) -> tuple[str, str]:
    """Decode single-byte text: cp1252 for Western text, the detector's choice otherwise."""
    non_ascii = sum(1 for byte in data if byte >= 0x80) / max(len(data), 1)
    best = from_bytes(data).best()
    if best is not None and best.encoding not in _WESTERN:
        if non_ascii > _WESTERN_MAX_NON_ASCII or (is_multi_byte_encoding(best.encoding) and non_ascii > 0.1):
            return str(best), best.encoding
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: latin-1 maps every byte.
        return data.decode("latin-1"), "latin-1"


def _looks_binary(text: str) -> bool:
    """True when decoded text is mostly control characters (a binary file that decoded by accident)."""
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    # A stray NUL is cleaned away; many of them mean binary data.
    return controls / len(sample) > 0.1 or sample.count("\x00") > max(4, len(sample) // 100)


def decode_bytes(data: bytes, path: str | None = None) -> DecodedText:
    """Decode raw text bytes into clean memo text; raises IngestError(unsupported_format / unreadable_encoding)."""
    warnings: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                raw = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    "unreadable_encoding",
                    f"file starts with a {encoding} byte-order mark but is not valid {encoding}: {exc}",
                    path,
                ) from exc
            name = "utf-8" if encoding == "utf-8-sig" else encoding
            return DecodedText(normalise_text(raw.lstrip("\ufeff")), name, warnings)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            raw, encoding = data.decode(utf16), utf16
        except UnicodeDecodeError as exc:
            message = f"text looks like {utf16} but does not decode: {exc}"
            raise IngestError("unreadable_encoding", message, path) from exc
    else:
        try:
            raw, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if data[:8192].count(0) > max(4, len(data[:8192]) // 100):
                message = "file contains many NUL bytes: binary data, not text"
                raise IngestError("unsupported_format", message, path) from None
            raw, encoding = _single_byte(data)
            warnings.append(f"decoded_as_{encoding.replace('-', '')}")
    if _looks_binary(raw):
        raise IngestError("unsupported_format", "file is mostly control characters: binary data, not text", path)
    return DecodedText(normalise_text(raw), encoding, warnings)
