"""Make a synthetic archive of N memos from the text memos of corpus/, each with its own id and content.

Usage: python benchmarks/archive.py N TARGET_DIR [--source corpus]

Copy k of a memo gets the reference `<ref>-k<k>` (so every id differs), the day of its date moved, and one
closing line that names the copy (so every file's bytes differ). PDFs are left out: the archive measures the
run, not pdfplumber. Files go into sub-folders of 500, as an archive on disk would be laid out.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".txt", ".md")
_REFERENCE = re.compile(r"\[([0-9]{6}-[0-9]+)\]")
_DATE = re.compile(r"\b([0-3][0-9])/([01][0-9])/((?:19|20)[0-9]{2})\b")


def source_texts(source: Path) -> list[tuple[str, str, str]]:
    """(suffix, text, encoding) of every text memo in the source folder, sorted by name (READMEs left out)."""
    texts = []
    for path in sorted(source.iterdir()):
        if path.suffix.lower() in SUFFIXES and path.stem.upper() != "README":
            data = path.read_bytes()
            try:
                texts.append((path.suffix, data.decode("utf-8"), "utf-8"))
            except UnicodeDecodeError:  # the corpus keeps a legacy-encoded memo; its copies keep the encoding
                texts.append((path.suffix, data.decode("cp1252"), "cp1252"))
    return texts


def variant(text: str, copy: int) -> str:
    """Copy `copy` of a memo text: its own reference, another day, one line naming the copy."""
    text = _REFERENCE.sub(lambda m: f"[{m.group(1)}-k{copy}]", text, count=1)
    text = _DATE.sub(lambda m: f"{1 + (int(m.group(1)) + copy) % 28:02d}/{m.group(2)}/{m.group(3)}", text, count=1)
    return text.rstrip("\n") + f"\n\nArchive copy {copy} of this memo, kept in batch {copy % 97}.\n"


def make_archive(count: int, target: Path, source: Path = ROOT / "corpus") -> list[Path]:
    """Write `count` memos under `target`; returns their paths (an existing archive of that size is reused)."""
    texts = source_texts(source)
    paths = []
    for number in range(count):
        suffix, text, encoding = texts[number % len(texts)]
        copy = number // len(texts)
        path = target / f"part-{number // 500:03d}" / f"memo-{number:06d}{suffix}"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(variant(text, copy).encode(encoding))
        paths.append(path)
    return paths


def main() -> None:
    """Write the archive and print its size."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--source", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    paths = make_archive(args.count, args.target, args.source)
    words = sum(len(path.read_bytes().split()) for path in paths)
    print(f"{len(paths)} memos, {words} words in {args.target}")


if __name__ == "__main__":
    main()
