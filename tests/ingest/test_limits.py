"""Limits: documented defaults, sizes as people write them, and the limits ingest enforces itself."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from pipeline.errors import IngestError, MemokgError
from pipeline.ingest import Limits, ingest_bytes, ingest_path, parse_size, peak_rss
from tests.hostile_factory import (
    _FONT,
    _PAGE_WITH_FONT,
    MEMO_LINES,
    _text_ops,
    flate_bomb_pdf,
    lzw_bomb_pdf,
    lzw_encode,
    many_pages_pdf,
    nested_pdf,
    raw_pdf,
)

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_suit_a_small_laptop() -> None:
    limits = Limits()
    assert limits.max_memory == 4 << 30 and limits.timeout == 120.0 and limits.max_pages == 500
    assert limits.max_bytes == 200 << 20 and limits.ocr_lang == "eng" and not limits.follow_links
    assert limits.describe()["password"] is False
    assert Limits(password="secret").describe()["password"] is True  # never written out


def test_max_bytes_default_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEMOKG_MAX_BYTES", "1234")
    assert Limits().max_bytes == 1234
    monkeypatch.setenv("MEMOKG_MAX_BYTES", "lots")
    assert Limits().max_bytes == 200 << 20


@pytest.mark.parametrize(("text", "size"), [("2G", 2 << 30), ("512M", 512 << 20), ("1.5GiB", 3 << 29),
                                           ("1048576", 1 << 20), ("64k", 64 << 10), (" 3 MB ", 3 << 20)])
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_bad_size_is_a_memokg_error() -> None:
    with pytest.raises(MemokgError) as caught:
        parse_size("two gigs")
    assert caught.value.reason == "bad_size"


def test_file_over_max_bytes_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Cameras in Lima. " * 100, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        ingest_path(path, limits=Limits(max_bytes=100))
    assert caught.value.reason == "too_large" and "--max-bytes" in caught.value.message
    assert ingest_path(path, limits=Limits(max_bytes=None)).text.startswith("Cameras in Lima.")


def test_pages_over_max_pages_are_too_large() -> None:
    with pytest.raises(IngestError) as caught:
        ingest_bytes(many_pages_pdf(30), name="long.pdf", limits=Limits(max_pages=20))
    assert caught.value.reason == "too_large" and "30 pages" in caught.value.message
    document = ingest_bytes(many_pages_pdf(30), name="long.pdf", limits=Limits(max_pages=30))
    # The one line every page repeats is the text itself, not a running header to drop.
    assert document.source.pages == 30 and "Page 30: the harbour authority" in document.text


def test_decompression_bomb_is_too_large_without_inflating_it() -> None:
    with pytest.raises(IngestError) as caught:
        ingest_bytes(flate_bomb_pdf(64 << 20), name="bomb.pdf", limits=Limits(max_inflate=16 << 20))
    assert caught.value.reason == "too_large" and "decompression bomb" in caught.value.message


def test_a_bomb_deflated_twice_is_too_large_and_a_memo_deflated_twice_is_read() -> None:
    bomb = flate_bomb_pdf(64 << 20, layers=2)
    assert len(bomb) < 64 << 10  # its first layer alone inflates to about 64 KB: only the chain tells
    with pytest.raises(IngestError) as caught:
        ingest_bytes(bomb, name="bomb2.pdf", limits=Limits(max_inflate=16 << 20))
    assert caught.value.reason == "too_large" and "decompression bomb" in caught.value.message
    content = zlib.compress(zlib.compress(_text_ops(MEMO_LINES)))
    memo = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    _PAGE_WITH_FONT, b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n"
                    % len(content) + content + b"\nendstream", _FONT])
    assert "Hikvision supplied" in ingest_bytes(memo, name="memo.pdf", limits=Limits(max_inflate=16 << 20)).text


def test_an_lzw_bomb_is_too_large_and_lzw_text_is_read() -> None:
    with pytest.raises(IngestError) as caught:
        ingest_bytes(lzw_bomb_pdf(64 << 20), name="lzw.pdf", limits=Limits(max_inflate=16 << 20))
    assert caught.value.reason == "too_large" and "decompression bomb" in caught.value.message
    content = lzw_encode(_text_ops(MEMO_LINES))
    memo = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    _PAGE_WITH_FONT, b"<< /Length %d /Filter /LZWDecode >>\nstream\n" % len(content) + content
                    + b"\nendstream", _FONT])
    assert "Hikvision supplied" in ingest_bytes(memo, name="memo.pdf", limits=Limits(max_inflate=16 << 20)).text


def test_deeply_nested_objects_are_corrupt() -> None:
    with pytest.raises(IngestError) as caught:
        ingest_bytes(nested_pdf(5000), name="deep.pdf")
    assert caught.value.reason == "pdf_corrupt" and "nested" in caught.value.message


def test_peak_memory_is_the_process_own_not_its_starters() -> None:
    # Linux carries ru_maxrss over fork and exec: a command started by a big process (a test runner
    # holding spaCy) would report the starter's peak as its own.
    ballast = bytearray(300 << 20)
    ballast[::4096] = b"\x01" * len(range(0, len(ballast), 4096))
    code = "from pipeline.ingest import peak_rss; print(peak_rss())"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert int(child.stdout) < 200 << 20 < peak_rss() and len(ballast) == 300 << 20
