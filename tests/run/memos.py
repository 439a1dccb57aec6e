"""Small invented memos for the run tests: each file gets its own reference, city and vendor sentence."""

from __future__ import annotations

from pathlib import Path

MEMO = """HALDEN Analysis Cell

Sensor contracts in {city}

Reference: Memo [{ref}] Date: 0{month}/05/2022 - Version: 1.0 Keywords: cameras, contracts Sources: trade press

Summary

Veltrix Dynamics delivered thermal cameras with facial recognition to the police of {city}, in {country}.
The ministry of the interior said the cameras would watch the harbour district.

Comments

Ostrava Lenswerk, a rival supplier, lost the tender.
"""

PLACES = [("Nairobi", "Kenya"), ("Lima", "Peru"), ("Hanoi", "Vietnam"), ("Quito", "Ecuador"), ("Accra", "Ghana"),
          ("Dhaka", "Bangladesh"), ("Tunis", "Tunisia"), ("Manila", "the Philippines")]


def memo_text(number: int, city_shift: int = 0) -> str:
    """The text of invented memo `number` (city_shift changes its content, not its reference)."""
    city, country = PLACES[(number + city_shift) % len(PLACES)]
    return MEMO.format(city=city, country=country, ref=f"2205{number:02d}-1", month=1 + number % 9)


def write_memos(folder: Path, numbers: range | list[int], city_shift: int = 0) -> list[Path]:
    """Write memo<number>.txt files into folder; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in numbers:
        path = folder / f"memo{number:02d}.txt"
        path.write_text(memo_text(number, city_shift), encoding="utf-8")
        paths.append(path)
    return paths
