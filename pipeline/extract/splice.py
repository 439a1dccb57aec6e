"""Replace spans of a text and map every old offset to the new text, so a record's offsets stay true.

Offsets are end-exclusive character offsets. A start inside a replaced span moves to the start of
its replacement, an end inside one to the end of its replacement; everything after a replacement
shifts by the difference in length.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable


class Splice:
    """One text with some spans replaced: the new text and the offset maps."""

    def __init__(self, text: str, spans: list[tuple[int, int, str]], replace: Callable[[str], str]) -> None:
        merged: list[list] = []
        for start, end, key in sorted(spans):
            if merged and start < merged[-1][1]:
                last = merged[-1]
                # overlapping finds are one name: the longer find says whose
                if end - start > last[1] - last[0]:
                    last[2] = key
                last[1] = max(last[1], end)
            else:
                merged.append([start, end, key])
        self.old = [(s, e) for s, e, _ in merged]
        self.keys = [k for _, _, k in merged]
        self.starts = [s for s, _ in self.old]
        pieces, new, cursor, position = [], [], 0, 0
        for (start, end), key in zip(self.old, self.keys, strict=True):
            pieces.append(text[cursor:start])
            position += start - cursor
            replacement = replace(key)
            pieces.append(replacement)
            new.append((position, position + len(replacement)))
            position += len(replacement)
            cursor = end
        pieces.append(text[cursor:])
        self.new = new
        self.text = "".join(pieces)

    def _index(self, offset: int) -> int:
        """Index of the last span starting at or before `offset` (-1 when none)."""
        return bisect_right(self.starts, offset) - 1

    def _shift(self, offset: int, i: int) -> int:
        if i < 0:
            return offset
        return self.new[i][1] + offset - self.old[i][1]

    def start(self, offset: int) -> int:
        """The new offset of an old start offset."""
        i = self._index(offset)
        if i >= 0 and offset < self.old[i][1]:
            return self.new[i][0]
        return self._shift(offset, i)

    def end(self, offset: int) -> int:
        """The new offset of an old end offset (end-exclusive)."""
        i = self._index(offset - 1)
        if i >= 0 and offset <= self.old[i][1]:
            return self.new[i][1]
        return self._shift(offset, i)

    def covered(self, start: int, end: int) -> bool:
        """The old span lies inside one replaced span."""
        i = self._index(start)
        return i >= 0 and end <= self.old[i][1]

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indexes of the replaced spans the old span [start, end) overlaps."""
        found = []
        i = max(self._index(start), 0)
        while i < len(self.old) and self.old[i][0] < end:
            if self.old[i][1] > start:
                found.append(i)
            i += 1
        return found
