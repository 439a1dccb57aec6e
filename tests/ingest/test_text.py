"""Text and Markdown ingestion: encodings, cleaning, format sniffing and error reasons."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import IngestError
from pipeline.ingest import decode_bytes, ingest_bytes, ingest_path, normalise_text, page_of, sniff_format
from tests.pdf_factory import reportlab_pdf

MEMO = "Nuñez said the “mass surveillance” system – sold by ACME – went to Caracas.\nSecond line ‘quoted’.\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (MEMO.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + MEMO.encode("utf-8"), "utf-8"),
        (b"\xff\xfe" + MEMO.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + MEMO.encode("utf-16-be"), "utf-16-be"),
        (MEMO.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp1252"],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, raw: bytes, encoding: str) -> None:
    doc = ingest_path(_write(tmp_path, "memo.txt", raw))
    assert doc.text == MEMO
    assert doc.source.encoding == encoding
    assert doc.source.format == "text"
    assert doc.source.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.source.size == len(raw)
    assert ("decoded_as_cp1252" in doc.warnings) == (encoding == "cp1252")


def test_latin1_accents_survive(tmp_path: Path) -> None:
    text = "Müller met Señora Núñez in Zürich; prix: 30 °C, 1/2 ½.\n"
    doc = ingest_path(_write(tmp_path, "memo.txt", text.encode("latin-1")))
    assert doc.text == text
    assert doc.source.encoding in {"cp1252", "latin-1"}


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    # 0x81 is undefined in cp1252; it is a (removed) C1 control in latin-1.
    raw = ("Zoë and Chloé " * 20).encode("latin-1") + b"\x81 end"
    decoded = decode_bytes(raw)
    assert decoded.encoding == "latin-1"
    assert decoded.text.endswith("Chloé  end")


def test_cyrillic_single_byte_text_uses_the_detector() -> None:
    text = "Система наблюдения была поставлена компанией в столицу страны в прошлом году. " * 3
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text.rstrip()
    assert decoded.encoding == "cp1251"


def test_control_characters_removed_newlines_normalised() -> None:
    raw = "Line one\r\nLine\x00 two\x07\rLine three\u2028Line four\u2029\tTabbed  \x0cnext\x1b[0m\n"
    doc = ingest_bytes(raw.encode("utf-8"), name="m.txt")
    assert doc.text == "Line one\nLine two\nLine three\nLine four\n\tTabbed\nnext[0m\n"


def test_nfc_and_trailing_spaces() -> None:
    decomposed = "Cafe\u0301 Nun\u0303ez   \nnext\t \n"
    assert normalise_text(decomposed) == "Café Nuñez\nnext\n"


def test_clean_text_keeps_everything_else_verbatim() -> None:
    text = "  Indented  double  spaces, *markdown* _kept_ — “quotes”.\n\n\n- bullet\n"
    assert normalise_text(text) == text


def test_markdown_by_suffix(tmp_path: Path) -> None:
    for suffix in (".md", ".markdown", ".MD"):
        doc = ingest_path(_write(tmp_path, f"memo{suffix}", b"# Title\n\nBody.\n"))
        assert doc.source.format == "markdown"
    assert ingest_path(_write(tmp_path, "memo.txt", b"# Title\n")).source.format == "text"


def test_text_pages_cover_everything(tmp_path: Path) -> None:
    doc = ingest_path(_write(tmp_path, "memo.txt", MEMO.encode()))
    assert doc.source.pages == 1
    assert [(p.number, p.start, p.end) for p in doc.pages] == [(1, 0, len(doc.text))]
    assert page_of(doc, len(doc.text) - 1) == 1
    assert page_of(doc, len(doc.text) + 5) is None


def test_ingest_bytes_defaults() -> None:
    doc = ingest_bytes(b"hello memo\n")
    assert doc.source.name == "<stdin>"
    assert doc.source.path == "<stdin>"
    doc = ingest_bytes(b"hello memo\n", name="a.md", path="/x/a.md")
    assert (doc.source.name, doc.source.path, doc.source.format) == ("a.md", "/x/a.md", "markdown")


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    pdf = reportlab_pdf(tmp_path / "real.pdf", [[("para", "Zimbabwe bought a facial recognition system.")]])
    doc = ingest_path(_write(tmp_path, "disguised.txt", pdf.read_bytes()))
    assert doc.source.format == "pdf"
    assert doc.source.encoding is None
    assert "Zimbabwe bought a facial recognition system." in doc.text


def test_pdf_header_after_junk_is_found(tmp_path: Path) -> None:
    pdf = reportlab_pdf(tmp_path / "real.pdf", [[("para", "Ecuador contracted with a vendor.")]])
    doc = ingest_bytes(b"<html><head></head></html>" + pdf.read_bytes(), name="x.pdf")
    assert "Ecuador contracted with a vendor." in doc.text
    assert "pdf_leading_junk" in doc.warnings


def _png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>memo</w:document>")
    return buffer.getvalue()


@pytest.mark.parametrize("make", [_png_bytes, _docx_bytes], ids=["png", "docx"])
def test_binary_formats_are_unsupported(tmp_path: Path, make) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_path(_write(tmp_path, "memo.txt", make()))
    assert caught.value.reason == "unsupported_format"
    assert caught.value.path == str(tmp_path / "memo.txt")


def test_sniff_format() -> None:
    assert sniff_format(b"%PDF-1.7\n") == "pdf"
    assert sniff_format(b"junk" * 10 + b"%PDF-1.4") == "pdf"
    assert sniff_format(b" " * 1030 + b"%PDF-1.4") == "text"
    assert sniff_format(b"\x89PNG\r\n\x1a\n....") == "PNG image"
    assert sniff_format(b"MZ is a prefix of this plain memo") == "text"


def test_unknown_binary_content(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_path(_write(tmp_path, "blob.txt", bytes(range(256)) * 8))
    assert caught.value.reason == "unsupported_format"


@pytest.mark.parametrize("data", [bytes(range(256)) * 8, b"<!DOCTYPE html><html><body>Not found</body></html>"])
def test_not_a_pdf_named_pdf(data: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_bytes(data, name="report.pdf")
    assert caught.value.reason == "not_a_pdf"


def test_broken_utf16_is_an_unreadable_encoding() -> None:
    with pytest.raises(IngestError) as caught:
        ingest_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8", name="m.txt")
    assert caught.value.reason == "unreadable_encoding"


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf \x00\r\n\t\n"], ids=["zero", "blank", "bom-nul"])
def test_empty(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_path(_write(tmp_path, "empty.txt", data))
    assert caught.value.reason == "empty"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_path(tmp_path / "nope.txt")
    assert caught.value.reason == "not_found"
    assert "nope.txt" in caught.value.one_line()


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_path(tmp_path)
    assert caught.value.reason == "not_a_file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "secret.txt", b"text")
    path.chmod(0)
    try:
        with pytest.raises(IngestError) as caught:
            ingest_path(path)
        assert caught.value.reason == "unreadable"
    finally:
        path.chmod(0o600)


def test_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "big.txt", b"x" * 2048)
    with pytest.raises(IngestError) as caught:
        ingest_path(path, max_bytes=1024)
    assert caught.value.reason == "too_large"
    monkeypatch.setenv("MEMOKG_MAX_BYTES", "100")
    with pytest.raises(IngestError):
        ingest_bytes(b"x" * 200)
    assert ingest_path(path, max_bytes=4096).text == "x" * 2048


def test_same_input_same_json(tmp_path: Path) -> None:
    path = _write(tmp_path, "memo.txt", MEMO.encode("cp1252"))
    assert ingest_path(path).to_json() == ingest_path(path).to_json()
