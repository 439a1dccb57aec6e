"""Write hostile input files for tests and benchmarks: broken, encrypted, scanned and malicious PDFs, odd texts.

Nothing is stored on disk in the repository: every file is made at test time, by
reportlab and fpdf2 (`tests/pdf_factory.py`) or by a tiny raw PDF writer here
for structures no PDF library will write (cyclic page trees, wrong xref offsets,
decompression bombs). `write_hostile_set(folder)` writes one file of each kind
and returns ``{file name: expected outcome}``, an outcome being ``"record"`` or
the reason code of the one error line the file must get.
"""

from __future__ import annotations

import io
import os
import random
import zlib
from collections.abc import Callable
from pathlib import Path

from tests.pdf_factory import image_only_pdf, reportlab_pdf, unmapped_font_pdf

MEMO_LINES = [
    "HALDEN-CERT",
    "",
    "Harbour cameras and the Tarsila contract",
    "",
    "Reference: Memo [230611-4] Date: 11/06/2023 - Version: 1.0 Keywords: CCTV, ports Sources: open sources",
    "",
    "Summary",
    "",
    "Hikvision supplied facial recognition cameras to the port authority of Peru in 2022.",
    "The contract also covered a licence plate recognition system for the container terminal.",
]
PAGE = [("title", "Harbour cameras and the Tarsila contract"),
        ("line", "Reference: Memo [230611-4] Date: 11/06/2023 - Version: 1.0"),
        ("heading", "Summary"),
        ("para", "Hikvision supplied facial recognition cameras to the port authority of Peru in 2022. The contract "
                 "also covered a licence plate recognition system for the container terminal of Callao.")]


def raw_pdf(objects: list[bytes], root: int = 1, xref_shift: int = 0, trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object n is objects[n-1]); `xref_shift` moves every xref offset."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % max(offset + xref_shift, 0))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, trailer_extra, start))
    return out.getvalue()


def _stream(content: bytes, compress: bool = False) -> bytes:
    data = zlib.compress(content) if compress else content
    filters = b"/Filter /FlateDecode " if compress else b""
    return b"<< /Length %d %s>>\nstream\n" % (len(data), filters) + data + b"\nendstream"


def _text_ops(lines: list[str], x: float = 72, top: float = 770, size: float = 11) -> bytes:
    ops = [b"BT /F1 %g Tf %g TL %g %g Td" % (size, size * 1.4, x, top)]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_PAGE_WITH_FONT = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                   b"/Resources << /Font << /F1 5 0 R >> >> >>")


def text_pdf(lines: list[str], xref_shift: int = 0) -> bytes:
    """A one-page PDF with an ordinary text layer, written by hand (so its xref can be made wrong)."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _PAGE_WITH_FONT,
        _stream(_text_ops(lines)),
        _FONT,
    ], xref_shift=xref_shift)


def wrong_xref_pdf() -> bytes:
    """A one-page memo whose xref offsets all point 37 bytes too far."""
    return text_pdf(MEMO_LINES, xref_shift=37)


def lost_trailer_pdf() -> bytes:
    """A one-page memo whose trailer is gone (its end-of-file marker kept): no reader finds the catalog."""
    good = text_pdf(MEMO_LINES)
    return good[: good.rfind(b"trailer")] + b"%%EOF\n"


def giant_page_pdf() -> bytes:
    """One page 5 m square (the largest PDF allows) with a grey box and no text: a bitmap of gigabytes at 300 dpi."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents 4 0 R >>",
        _stream(b"0.5 g 100 100 200 200 re f"),
    ])


def javascript_pdf() -> bytes:
    """A one-page memo that asks to run JavaScript when opened (never run: only the text is read)."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _PAGE_WITH_FONT,
        _stream(_text_ops(MEMO_LINES)),
        _FONT,
        b"<< /S /JavaScript /JS (app.alert\\('opened'\\);) >>",
    ])


def cyclic_pages_pdf() -> bytes:
    """A page tree whose Pages node lists itself as a kid."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ])


def self_reference_pdf() -> bytes:
    """A catalog whose page tree entry is a broken array holding a reference to the catalog itself.

    Found by the atheris harness (fuzz/): pdfminer resolves the reference for ever, in pure Python;
    only a wall clock kept outside the reading process ends it.
    """
    return raw_pdf([
        b"<< /Type /Catalog /Pages [1 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _PAGE_WITH_FONT,
        _stream(_text_ops(["Cameras in Lima."])),
        _FONT,
    ])


def nested_pdf(depth: int = 100_000) -> bytes:
    """An object nested `depth` arrays deep, reached from the page's resources."""
    deep = b"[" * depth + b"1" + b"]" * depth
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /X 5 0 R >> >>",
        _stream(b"BT ET"),
        deep,
    ])


def flate_bomb_pdf(inflated: int = 1 << 30, layers: int = 1) -> bytes:
    """A page whose content stream is deflate that inflates to `inflated` bytes of spaces.

    One layer is about 1 MB per GiB; with two (``/Filter [/FlateDecode /FlateDecode]``) the file is a few KB
    and its first layer inflates to only that megabyte.
    """
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(inflated // len(chunk))]
    parts.append(packer.flush())
    body = b"".join(parts)
    for _ in range(layers - 1):
        body = zlib.compress(body, 9)
    filters = b"[" + b" ".join([b"/FlateDecode"] * layers) + b"]"
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _PAGE_WITH_FONT,
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(body), filters) + body + b"\nendstream",
        _FONT,
    ])


class _Bits:
    """Codes of varying width packed most significant bit first, as PDF's LZWDecode reads them."""

    def __init__(self) -> None:
        self.out, self.bits, self.count = bytearray(), 0, 0

    def emit(self, code: int, width: int) -> None:
        self.bits, self.count = (self.bits << width) | code, self.count + width
        while self.count >= 8:
            self.count -= 8
            self.out.append((self.bits >> self.count) & 0xFF)
        self.bits &= (1 << self.count) - 1

    def done(self) -> bytes:
        return bytes(self.out) + (bytes([(self.bits << (8 - self.count)) & 0xFF]) if self.count else b"")


def _width(next_code: int) -> int:
    """Code width once the table holds `next_code` entries (the reader widens a code late: early change)."""
    return 9 if next_code <= 511 else 10 if next_code <= 1023 else 11 if next_code <= 2047 else 12


def lzw_encode(data: bytes) -> bytes:
    """LZW as PDF's LZWDecode reads it (9 to 12 bits, early change, a clear code before the table fills)."""
    packed = _Bits()
    table = {bytes([i]): i for i in range(256)}
    next_code = 258
    packed.emit(256, 9)
    word = b""
    for byte in data:
        grown = word + bytes([byte])
        if grown in table:
            word = grown
            continue
        packed.emit(table[word], _width(next_code))
        table[grown], next_code = next_code, next_code + 1
        word = bytes([byte])
        if next_code >= 4000:
            packed.emit(256, _width(next_code))
            table, next_code = {bytes([i]): i for i in range(256)}, 258
    if word:
        packed.emit(table[word], _width(next_code))
        next_code += 1
    packed.emit(257, _width(next_code))
    return packed.done()


def lzw_bomb_pdf(inflated: int = 1 << 30) -> bytes:
    """A page whose content stream is LZW that decodes to at least `inflated` spaces (about 0.8 MB per GiB).

    The codes are written straight: after a clear code, a run of one byte is coded 32, 258, 259... each code
    one byte longer than the last, as any LZW writer would code it.
    """
    packed = _Bits()
    total = 0
    while total < inflated:
        packed.emit(256, _width(258) if total == 0 else 12)
        packed.emit(32, 9)
        total += 1
        next_code = 259
        while next_code < 4000 and total < inflated:
            packed.emit(next_code - 1, _width(next_code))
            total += next_code - 256 - 1
            next_code += 1
    packed.emit(257, _width(next_code))
    body = packed.done()
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /LZWDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ])


def many_pages_pdf(pages: int = 5000) -> bytes:
    """`pages` pages, each with a line of ordinary text (one shared font, one content stream per page)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT]
    kids = []
    for n in range(pages):
        page_obj, content_obj = len(objects) + 1, len(objects) + 2
        kids.append(b"%d 0 R" % page_obj)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % content_obj)
        objects.append(_stream(_text_ops([f"Page {n + 1}: the harbour authority reviewed camera contracts."])))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return raw_pdf(objects)


def dense_page_pdf(words: int = 40_000) -> bytes:
    """One page holding `words` words drawn over each other in a small grid (overlapping boxes)."""
    vocabulary = ["camera", "network", "Peru", "contract", "vendor", "police", "system", "data"]
    ops = [b"BT /F1 9 Tf"]
    for i in range(words):
        x, y = 40 + (i * 37) % 500, 60 + (i * 13) % 720
        ops.append(b"1 0 0 1 %d %d Tm (%s) Tj" % (x, y, vocabulary[i % len(vocabulary)].encode()))
    ops.append(b"ET")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _PAGE_WITH_FONT,
        _stream(b"\n".join(ops), compress=True),
        _FONT,
    ])


def scanned_memo_pdf(path: Path, lines: list[str] | None = None, dpi: int = 200) -> Path:
    """A memo page as a picture only (text rendered into an image with a TrueType font, no text layer)."""
    import reportlab
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    width, height = int(A4[0] / 72 * dpi), int(A4[1] / 72 * dpi)
    picture = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), int(dpi * 11 / 72))
    y = int(dpi)
    for line in lines or MEMO_LINES:
        draw.text((int(dpi), y), line, fill=0, font=font)
        y += int(dpi * 16 / 72)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.drawImage(ImageReader(buffer), 0, 0, width=A4[0], height=A4[1])
    pdf.showPage()
    pdf.save()
    return path


def stacked_layer_pdf(path: Path) -> Path:
    """The scanned memo page under an invisible text layer whose words are all drawn at a few points (a broken
    OCR layer): the layer reads as noise, the picture as the memo."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = scanned_memo_pdf(path.with_suffix(".scan.pdf"))
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    with pdfium.PdfDocument(str(picture)) as document:
        image = document[0].render(scale=200 / 72).to_pil()
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    buffer.seek(0)
    pdf.drawImage(ImageReader(buffer), 0, 0, width=A4[0], height=A4[1])
    layer = pdf.beginText()
    layer.setTextRenderMode(3)  # invisible, as OCR layers are
    layer.setFont("Helvetica", 10)
    for i in range(120):
        layer.setTextOrigin(100 + (i % 3), 500 + (i % 2))
        layer.textOut(("Lorem ipsum", "dolor sit", "amet elit", "sed magna")[i % 4])
    pdf.drawText(layer)
    pdf.showPage()
    pdf.save()
    picture.unlink()
    return path


def _good_pdf(path: Path) -> bytes:
    return reportlab_pdf(path, [PAGE]).read_bytes()


def write_hostile_set(folder: Path, outside: Path | None = None, heavy: bool = True) -> dict[str, str]:
    """One file of each hostile kind in `folder`; returns file name -> 'record' or the expected reason."""
    folder.mkdir(parents=True, exist_ok=True)
    scratch = folder / ".scratch"
    scratch.mkdir(exist_ok=True)
    good = _good_pdf(scratch / "good.pdf")
    expected: dict[str, str] = {}

    def put(name: str, data: bytes | Callable[[Path], Path], outcome: str) -> None:
        target = folder / name
        if callable(data):
            data(target)
        else:
            target.write_bytes(data)
        expected[name] = outcome

    put("good.pdf", good, "record")
    put("good.txt", "\n".join(MEMO_LINES).encode(), "record")
    put("wrong-xref.pdf", wrong_xref_pdf(), "record")
    put("truncated.pdf", good[: len(good) // 3], "truncated")
    put("cut-in-trailer.pdf", good[: good.rfind(b"trailer") + 20], "record")  # every object is there
    put("lost-trailer.pdf", lost_trailer_pdf(), "record")
    put("header-only.pdf", b"%PDF-1.7\n", "truncated")
    put("javascript.pdf", javascript_pdf(), "record")
    put("encrypted.pdf", lambda p: reportlab_pdf(p, [PAGE], user_password="harbour"), "encrypted")
    put("image-only.pdf", lambda p: image_only_pdf(p, pages=2), "no_text_layer")
    put("scanned.pdf", scanned_memo_pdf, "record")
    put("garbled.pdf", lambda p: unmapped_font_pdf(p, "Surveillance exports were documented in detail. " * 12),
        "garbled_text")
    put("cyclic.pdf", cyclic_pages_pdf(), "pdf_corrupt")
    put("nested.pdf", nested_pdf(), "pdf_corrupt")
    put("not-a-pdf.pdf", b"<html><body>404 Not Found</body></html>\n" * 3, "not_a_pdf")
    put("empty.txt", b"", "empty")
    put("blank.md", b" \n\t\n \r\n", "empty")
    put("rules-only.md", b"---\n\n***\n\n- \n\n## \n", "empty")  # markup without a single word
    put("nul-controls.txt", b"Harbour\x00 cameras\x07 in\x1b Peru were installed by Hikvision.\x00\n", "record")
    put("utf16.txt", "\n".join(MEMO_LINES).encode("utf-16-le"), "record")
    put("cp1252.txt", "Caf\xe9 notes \u2013 cameras in Peru were \u201cinstalled\u201d.".encode("cp1252"), "record")
    put("bad-bom.txt", b"\xff\xfeA\x00\x00\xd8 \x00", "unreadable_encoding")
    put("random.txt", random.Random(11).randbytes(4096), "unsupported_format")  # named .txt, holds binary
    put("report.docx", b"PK\x03\x04" + os.urandom(64), "unsupported_format")
    put("photo.png", b"\x89PNG\r\n\x1a\n" + os.urandom(64), "unsupported_format")
    if heavy:
        put("pages-5000.pdf", many_pages_pdf(5000), "too_large")
        put("flate-bomb.pdf", flate_bomb_pdf(), "too_large")
        put("double-flate-bomb.pdf", flate_bomb_pdf(layers=2), "too_large")
        put("lzw-bomb.pdf", lzw_bomb_pdf(), "too_large")
        put("dense.pdf", dense_page_pdf(), "garbled_text")  # words drawn over each other read as noise
        put("giant-page.pdf", giant_page_pdf(), "no_text_layer")
    os.mkfifo(folder / "pipe.txt")  # reading it would wait for ever
    expected["pipe.txt"] = "not_a_file"
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    expected |= {"loop-a.txt": "not_found", "loop-b.txt": "not_found"}
    if outside is not None:
        os.symlink(outside, folder / "passwd.txt")
        expected["passwd.txt"] = "outside_input"
    for leftover in scratch.iterdir():
        leftover.unlink()
    scratch.rmdir()
    return expected
