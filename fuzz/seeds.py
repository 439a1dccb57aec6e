"""Write a seed corpus for the ingest fuzzer: one small file of each kind the hostile factory makes."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hostile_factory import (  # noqa: E402  (after the path set-up)
    MEMO_LINES,
    cyclic_pages_pdf,
    dense_page_pdf,
    lost_trailer_pdf,
    nested_pdf,
    text_pdf,
    wrong_xref_pdf,
)


def main(folder: str = "fuzz/seeds") -> None:
    """One seed file per kind; the first byte picks the file name the harness pretends to read."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    memo = "\n".join(MEMO_LINES)
    seeds = {
        "text": b"\x00" + memo.encode(),
        "utf16": b"\x00" + memo.encode("utf-16"),
        "markdown": b"\x01# Title\n\n**Reference:** Memo [1-2]\n\n## Summary\n\nText.\n",
        "pdf": b"\x02" + text_pdf(MEMO_LINES),
        "pdf-wrong-xref": b"\x02" + wrong_xref_pdf(),
        "pdf-cyclic": b"\x02" + cyclic_pages_pdf(),
        "pdf-nested": b"\x02" + nested_pdf(300),
        "pdf-dense": b"\x02" + dense_page_pdf(300),
        "pdf-lost-trailer": b"\x02" + lost_trailer_pdf(),
    }
    for name, data in seeds.items():
        (out / name).write_bytes(data)


if __name__ == "__main__":
    main(*sys.argv[1:])
