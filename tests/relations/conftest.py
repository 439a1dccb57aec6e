"""The relation tests' own invented registry: the shipped relation cues over vendors and organisations we made up.

The test sentences name invented companies, products and agencies, so the registry facts the relation stage
looks up (who is a known vendor, which products it makes, which bodies are research groups or state agencies)
come from this small folder instead of the shipped registries; every other models file is the shipped one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.relations import RelationCues, load_cues

VENDORS = [
    {"id": "corvid-labs", "name": "Corvid Labs", "country": "ITA", "kind": "spyware", "products": ["Nightjar Suite"]},
    {"id": "brantel-networks", "name": "Brantel Networks", "country": "CHN", "kind": "telecom"},
    {"id": "facetta", "name": "Facetta", "country": "CHN", "kind": "ai"},
    {"id": "halvane", "name": "Halvane", "country": "CHN", "kind": "telecom", "products": ["HalLink"]},
    {"id": "oculon", "name": "Oculon", "country": "CHN", "kind": "video", "products": ["OcuMind"]},
    {"id": "packetra", "name": "Packetra", "country": "CAN", "kind": "filtering", "products": ["PacketSift"]},
    {"id": "veltrix-group", "name": "Veltrix Group", "country": "ISR", "kind": "spyware", "products": ["Shrike"]},
    {"id": "ostwald-gmbh", "name": "Ostwald GmbH", "aliases": ["Ostwald"], "country": "DEU", "kind": "spyware",
     "products": ["Ostwald", "Lynxtrap"]},
    {"id": "tollund", "name": "Tollund", "country": "ISR", "kind": "forensics"},
    {"id": "halcyon-filters", "name": "Halcyon Filters", "country": "USA", "kind": "filtering",
     "products": ["PassGate"]},
    {"id": "marrow-systems", "name": "Marrow Systems", "country": "GRC", "kind": "spyware", "products": ["Wraith"]},
    {"id": "coralink", "name": "Coralink", "country": "ARE", "kind": "telecom"},
    {"id": "sievent", "name": "Sievent", "country": "CAN", "kind": "filtering", "products": ["Sievent filter"]},
    {"id": "stellmark-group", "name": "Stellmark Group", "aliases": ["Stellmark International"], "country": "GBR",
     "kind": "spyware", "products": ["Stellmark Relay"]},
    {"id": "pixora", "name": "Pixora", "country": "CHN", "kind": "ai", "products": ["Pixora Vision"]},
    {"id": "verrand", "name": "Verrand", "country": "FRA", "kind": "it"},
    {"id": "sarcel", "name": "Sarcel", "country": "FRA", "kind": "surveillance", "products": ["Harrier"]},
    {"id": "thornback", "name": "Thornback", "country": "ISR", "kind": "spyware", "products": ["Quillback"]},
    {"id": "quillsoft", "name": "Quillsoft", "country": "USA", "kind": "it", "products": ["Quillsoft Cloud"]},
]
ORGANISATIONS = [
    {"id": "lumen-lab", "name": "Lumen Lab", "country": "CAN", "kind": "research"},
    {"id": "state-intelligence-bureau", "name": "State Intelligence Bureau", "kind": "agency"},
]


def write_registry(folder: Path) -> Path:
    """A models folder holding only the invented vendor and organisation registries."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("vendors.jsonl", VENDORS), ("organisations.jsonl", ORGANISATIONS)):
        (folder / name).write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def registry_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the invented registries (the shipped files fill in the rest)."""
    return write_registry(tmp_path_factory.mktemp("invented-registry"))


@pytest.fixture(scope="session")
def cues(registry_dir: Path) -> RelationCues:
    """The shipped relation cues over the invented registry."""
    return load_cues(registry_dir)
