"""Every limit one file is read and processed under, in one frozen value handed from the CLI to the workers.

Defaults suit a 2-core laptop with 8 GB of memory running ``-j 2``: each worker
may map 4 GiB of address space (its resident memory stays far lower; at 2 GiB, 10 of 15 real public report
PDFs run as one batch hit the cap, at 3 GiB none did), a file gets 120 s, a PDF at most 500 pages, and a file at most
200 MB on disk (``MEMOKG_MAX_BYTES`` changes that default). The wall-clock and
memory limits are enforced around a worker process (`pipeline.run.Sandbox`);
the others are checked by ingest itself, before the expensive work starts.
"""

from __future__ import annotations

import os
import re
import resource
import sys
from dataclasses import dataclass, field

from pipeline.errors import MemokgError

GIB = 1 << 30
MIB = 1 << 20
DEFAULT_MAX_BYTES = 200 * MIB
MAX_BYTES_ENV = "MEMOKG_MAX_BYTES"
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.I)
_UNITS = {"": 1, "k": 1 << 10, "m": MIB, "g": GIB, "t": 1 << 40}


def max_bytes_default() -> int:
    """The size cap: MEMOKG_MAX_BYTES when set to a positive integer, else 200 MB."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_BYTES


def parse_size(text: str) -> int:
    """Bytes of a size such as '2G', '512M', '1.5GiB' or '1048576' (binary units)."""
    match = _SIZE.match(str(text))
    if not match:
        raise MemokgError("bad_size", f"not a size: {text!r} (try 2G, 512M or a number of bytes)")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


@dataclass(frozen=True)
class Limits:
    """What one file may cost, and how it may be read; ``None`` (or 0) switches a limit off."""

    max_memory: int | None = 4 * GIB  # address space of one worker process (RLIMIT_AS), model included
    timeout: float | None = 120.0  # wall-clock seconds to read one file, and again for its language analysis
    max_pages: int | None = 500  # PDF pages
    max_bytes: int | None = field(default_factory=max_bytes_default)  # bytes of the file
    max_inflate: int | None = 256 * MIB  # bytes one compressed PDF stream may inflate to (decompression bombs)
    password: str | None = None  # tried on encrypted PDFs after the empty password
    ocr: bool = True  # OCR image-only and garbled pages when Tesseract is installed
    ocr_lang: str = "eng"  # Tesseract language(s), e.g. 'eng+fra'
    ocr_dpi: int = 300  # resolution pages are rendered at for OCR
    follow_links: bool = False  # read links and paths that resolve outside the named input folder

    def describe(self) -> dict[str, object]:
        """The limits as plain values for run.json (the password is never written)."""
        return {
            "max_memory": self.max_memory, "timeout": self.timeout, "max_pages": self.max_pages,
            "max_bytes": self.max_bytes, "max_inflate": self.max_inflate, "password": self.password is not None,
            "ocr": self.ocr, "ocr_lang": self.ocr_lang, "follow_links": self.follow_links,
        }


def peak_rss() -> int:
    """Peak resident memory of this process, in bytes."""
    # Linux keeps ru_maxrss across fork and exec: a command started by a 400 MB process (a test runner)
    # would report 400 MB. VmHWM belongs to this process's own address space.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(kilobytes) * (1 if sys.platform == "darwin" else 1024)

