"""General filters for names that are no names: code, hashes, addresses, file names, hex dumps, plain words.

Long technical reports put table cells, hex dumps, signatures, URLs and file
paths next to their prose, and the small model tags pieces of them as ORG,
PERSON or a product. These tests look only at the form of a span and at the
words of its own Doc, so they hold for any memo. Registry matches are never
filtered here: a registry name is a name by definition.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.entities.attrs import LOWER_WORDS_KEY
from pipeline.entities.common import CAPTION, doc_text, is_acronym

URL = re.compile(r"(?i)(?:https?://|ftp://|www\.|\w@\w|\.(?:com|org|net|gov)/|%[0-9a-f]{2})")
IP_ADDRESS = re.compile(r"(?i)\b\d{1,3}(?:\.(?:\d{1,3}|x{1,3})){3}\b")
FILE_NAME = re.compile(r"(?i)\w\.(?:exe|dll|dat|sys|bin|tmp|jpe?g|png|gif|bmp|pdf|docx?|xlsx?|pptx?|zip|rar|7z|"
                       r"php|aspx?|html?|lnk|bat|ps1|vbs|jar|apk|ipa|cab|msi|scr|ini|cfg|xml|json)\b")
PATH = re.compile(r"(?:[A-Za-z]:\\|\\\\|\S/\S+/|^/\w|\\\w+\\)")
HEX_RUN = re.compile(r"(?i)\b[0-9a-f]{16,}\b")
CODE_CHARS = re.compile(r"[_=;|{}<>\\`@#$^~]|\"\S|\(\+")
REPEATED = re.compile(r"(\w)\1{4,}")
# Long serial numbers mixed with letters ("D0016978.A1") are identifiers, not names.
SERIAL = re.compile(r"\d{5,}")
HEX_BYTE = re.compile(r"^[0-9A-Fa-f]{2}$")
MIN_HEX_BYTES = 4
HUMPS = re.compile(r"(?:[a-z][A-Z]){2,}|(?:[a-z]+[A-Z]){3,}")
# the level of a handling marking ('TLP:WHITE', 'PAP: AMBER') is a colour word, never a name
MARKING_PREFIX = re.compile(r"(?i)\b(?:TLP|PAP)\s*[:\-]?\s*$")


def junk_form(text: str) -> bool:
    """Whether a span's text is code, a URL, an e-mail or IP address, a path, a file name, a hash or a serial."""
    return bool(URL.search(text) or IP_ADDRESS.search(text) or FILE_NAME.search(text) or PATH.search(text)
                or HEX_RUN.search(text) or CODE_CHARS.search(text) or REPEATED.search(text)
                or SERIAL.search(text))


def hex_dump_line(line: str) -> bool:
    """Whether a line is mostly hex bytes ("C6 45 ED 6D FF 7F ..."), as in a dump or a signature."""
    words = line.split()
    hex_bytes = sum(1 for w in words if HEX_BYTE.match(w))
    return hex_bytes >= MIN_HEX_BYTES and hex_bytes * 2 >= len(words)


def line_of(span: Span) -> str:
    """The text line that holds the span."""
    text = doc_text(span.doc)
    begin = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    return text[begin:end if end >= 0 else len(text)]


def lower_words(doc: Doc) -> frozenset[str]:
    """Alphabetic words the Doc writes in lower case somewhere (its ordinary words), computed once per Doc."""
    cached = doc.user_data.get(LOWER_WORDS_KEY)
    if cached is None:
        cached = frozenset(t.text for t in doc if t.is_lower and t.is_alpha and len(t.text) > 2)
        doc.user_data[LOWER_WORDS_KEY] = cached
    return cached


def plain_words(span: Span) -> bool:
    """Whether every word of a capitalised span is an ordinary word of its Doc ("Size", "Boot Record")."""
    words = [t for t in span if not t.is_punct]
    if not words or any(is_acronym(t.text) or not t.is_alpha for t in words):
        return False
    known = lower_words(span.doc)
    return all(t.text.lower() in known for t in words)


def junk_name(span: Span, label: str) -> bool:
    """Whether a candidate found by the model, a pattern or a list is no name at all."""
    if junk_form(span.text) or hex_dump_line(line_of(span)):
        return True
    if CAPTION.match(span.text):
        return True
    text = doc_text(span.doc)
    if MARKING_PREFIX.search(text[max(0, span.start_char - 8):span.start_char]):
        return True
    if label == "PERSON":
        # People's names hold no digits ("Carbon v1.42", "Security12") and no run of humps ("CreateProcessW").
        return plain_words(span) or any(c.isdigit() for c in span.text) or bool(HUMPS.search(span.text))
    # An organisation named by one ordinary word ("Address", "Framework") is that word at a line start.
    return label == "ORG" and len(span) == 1 and plain_words(span)
