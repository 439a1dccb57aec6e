"""Property tests: whatever bytes or text come in, ingest and segmentation answer or raise memokg's own error.

Hypothesis draws arbitrary bytes, arbitrary text in several encodings, and
damaged versions of a real PDF (bytes flipped, cut, spliced); a record or a
`MemokgError` with a documented reason are the only allowed outcomes.
"""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import MemokgError
from pipeline.ingest import Limits, ingest_bytes
from pipeline.schema import IngestedDocument
from pipeline.segment import segment
from tests.hostile_factory import text_pdf

REASONS = {"empty", "too_large", "unsupported_format", "unreadable_encoding", "not_a_pdf", "truncated",
           "pdf_corrupt", "encrypted", "no_text_layer", "garbled_text", "ocr_unavailable", "ocr_failed"}
NAMES = st.sampled_from(["memo.txt", "memo.md", "memo.pdf", "<stdin>", "memo"])
# OCR would make every picture-like example take seconds; OCR has its own tests.
LIMITS = Limits(ocr=False, max_pages=50, max_inflate=8 << 20)
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _pdf() -> bytes:
    return text_pdf(["HALDEN-CERT", "", "Cameras in Callao", "", "Summary", "", "Hikvision sold cameras to Peru."])


def _check(data: bytes, name: str) -> None:
    try:
        document = ingest_bytes(data, name=name, limits=LIMITS)
    except MemokgError as exc:
        assert exc.reason in REASONS, exc.reason
        assert exc.message and "\n" not in exc.one_line()
        return
    assert isinstance(document, IngestedDocument) and document.text.strip()
    assert document.pages[0].start == 0 and document.pages[-1].end == len(document.text)
    assert "\x00" not in document.text


@SETTINGS
@given(st.binary(max_size=4096), NAMES)
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    _check(data, name)


@SETTINGS
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1",
                                               "shift_jis", "koi8-r"]), NAMES)
def test_arbitrary_text_in_odd_encodings(text: str, encoding: str, name: str) -> None:
    _check(text.encode(encoding, errors="replace"), name)


@SETTINGS
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=12),
       st.floats(min_value=0.0, max_value=1.0), st.binary(max_size=64))
def test_damaged_pdfs(flips: list[tuple[int, int]], keep: float, splice: bytes) -> None:
    data = bytearray(_pdf())
    for position, value in flips:
        data[position % len(data)] = value
    cut = max(8, int(len(data) * keep))
    _check(bytes(data[:cut]) + splice, "damaged.pdf")


@SETTINGS
@given(st.binary(max_size=2048))
def test_pdf_header_then_anything(tail: bytes) -> None:
    _check(b"%PDF-1.7\n" + tail, "memo.pdf")


@SETTINGS
@given(st.text(max_size=3000))
def test_segmentation_of_any_text(text: str) -> None:
    result = segment(text)
    for section in result.sections:
        assert 0 <= section.start <= section.end <= len(text)
        for item in section.items:
            assert section.start <= item.start <= item.end <= section.end
