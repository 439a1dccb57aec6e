"""atheris harness: bytes through memokg's ingest (text, Markdown and PDF readers) and segmentation.

Any exception other than memokg's own `MemokgError` is a finding; atheris then
writes the input that caused it (crash-<hash>) to the working folder. See
fuzz/README.md for how to run it and how to turn a finding into a test.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from pipeline.errors import MemokgError
    from pipeline.ingest import Limits, ingest_bytes
    from pipeline.segment import segment

# No OCR (seconds per picture) and small caps, so each input costs milliseconds.
LIMITS = Limits(ocr=False, max_pages=20, max_inflate=4 << 20, max_bytes=1 << 20)
NAMES = ("memo.txt", "memo.md", "memo.pdf", "<stdin>")


def one_input(data: bytes) -> None:
    """Ingest (and segment) one input; only MemokgError may escape ingest."""
    if not data:
        return
    name = NAMES[data[0] % len(NAMES)]
    try:
        document = ingest_bytes(data[1:], name=name, limits=LIMITS)
    except MemokgError:
        return
    segment(document.text, running=document.running)


def main() -> None:
    """Run the fuzzer (arguments as for libFuzzer: corpus folders, -max_total_time=..., -runs=...)."""
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
