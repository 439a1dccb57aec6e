"""Text forms shared by every stage: the one comparison fold and the one slug rule."""

from __future__ import annotations

import re
import unicodedata

_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})


def fold(text: str) -> str:
    """Comparison form: NFKC, case-folded, typographic quotes and dashes plain, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(_PLAIN).split())


def slugify(text: str) -> str:
    """Lowercase ASCII slug: 'Hacking Team' -> 'hacking-team'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
