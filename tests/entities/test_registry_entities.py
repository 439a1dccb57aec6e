"""Registry handling: note phrases, case-sensitive records, kinds as categories, names wrapped over two lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import Extractor
from pipeline.knowledge import gazetteer_of, load_knowledge
from pipeline.schema import Entity

VENDORS = [
    {"id": "meta-platforms", "name": "Meta Platforms", "aliases": ["Meta"], "country": "USA", "kind": "it",
     "note": "short form Meta is a common word: match case-sensitively"},
    {"id": "gamma-group", "name": "Gamma Group", "aliases": [], "country": "GBR", "kind": "spyware",
     "note": "a company that sells FinFisher"},
]
ORGANISATIONS = [
    {"id": "reporters-without-borders", "name": "Reporters Without Borders", "aliases": ["RSF"], "country": None,
     "kind": "ngo", "note": "also a company name (it is not; the phrase only counts on technologies)"},
]
TECHNOLOGIES = [
    {"id": "finfisher", "name": "FinFisher", "category": "spyware", "aliases": [],
     "note": "also a company name (FinFisher GmbH)"},
    {"id": "signal", "name": "Signal", "category": "communications", "aliases": ["Signal Messenger"],
     "note": "messaging app; common word: match case-sensitively"},
    {"id": "sentry", "name": "Sentry", "category": "interception", "aliases": ["Sentry Suite"],
     "note": "sold to a company in Dubai"},
]


def write_models(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("vendors.jsonl", VENDORS), ("organisations.jsonl", ORGANISATIONS),
                       ("technologies.jsonl", TECHNOLOGIES)):
        (folder / name).write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_models(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def extractor(models: Path) -> Extractor:
    """One Extractor (one model load) for the module, on our own small registry."""
    return Extractor(models=models)


@pytest.fixture(scope="module")
def shipped() -> Extractor:
    """One Extractor on the shipped models, for the records added to them."""
    return Extractor()


def ids(extractor: Extractor, text: str) -> set[str]:
    entities, _ = extractor.extract(text, [])
    return {e.id for e in entities}


def entity(extractor: Extractor, text: str, entity_id: str) -> Entity:
    entities, _ = extractor.extract(text, [])
    return next(e for e in entities if e.id == entity_id)


def test_only_the_exact_note_phrase_on_a_technology_makes_a_dual_record(models: Path) -> None:
    known = gazetteer_of(load_knowledge(models)).known
    assert known["tech:finfisher"].dual
    assert not known["tech:sentry"].dual  # "company" alone is no such note
    assert not known["org:reporters-without-borders"].dual  # the phrase counts on technologies only
    assert not known["org:gamma-group"].dual


def test_an_organisation_kind_becomes_its_category(models: Path, extractor: Extractor) -> None:
    gaz = gazetteer_of(load_knowledge(models))
    assert gaz.known["org:gamma-group"].category == "spyware"
    assert gaz.known["org:reporters-without-borders"].category == "ngo"
    assert gaz.known["tech:signal"].category == "communications"
    assert entity(extractor, "Gamma Group sold the tools.", "org:gamma-group").category == "spyware"


def test_case_sensitive_records_match_only_as_written(extractor: Extractor) -> None:
    assert "tech:signal" in ids(extractor, "The activists moved to Signal after the raids.")
    assert "tech:signal" in ids(extractor, "They chatted over Signal Messenger for months.")
    assert "tech:signal" not in ids(extractor, "They sent a signal messenger to the border post.")
    assert "tech:signal" not in ids(extractor, "The signal was weak in the valley.")
    assert "org:meta-platforms" in ids(extractor, "Meta removed the accounts in 2021.")


def test_an_all_caps_common_word_is_neither_the_record_nor_an_organisation(extractor: Extractor) -> None:
    found = ids(extractor, "The decoy page carried a META redirect to another site.")
    assert not any(i.startswith("org:") for i in found), found


def test_case_insensitive_records_still_match_in_any_case(extractor: Extractor) -> None:
    assert "org:reporters-without-borders" in ids(extractor, "A report by reporters without borders appeared.")


def test_names_wrapped_over_two_lines_are_found(extractor: Extractor) -> None:
    # Short lines: unwrap_lines keeps every break, so only the joined view of the matchers sees the names.
    text = "Sources:\nReporters Without\nBorders and Gamma\nGroup staff\n"
    found = entity(extractor, text, "org:reporters-without-borders")
    assert found.mentions[0].text == "Reporters Without\nBorders"
    assert "org:gamma-group" in ids(extractor, text)


def test_country_wrapped_over_two_lines_is_the_longer_name(shipped: Extractor) -> None:
    text = "Customers:\nEquatorial\nGuinea and\nPapua New\nGuinea\n"
    found = ids(shipped, text)
    assert {"country:GNQ", "country:PNG"} <= found
    assert "country:GIN" not in found


def test_blank_lines_still_separate_names(extractor: Extractor) -> None:
    assert "org:reporters-without-borders" not in ids(extractor, "Reporters Without\n\nBorders matter.\n")


def test_wrapped_view_offsets_stay_right_with_later_mentions(extractor: Extractor) -> None:
    text = "By Reporters\nWithout Borders.\nLater RSF and Gamma Group spoke."
    rsf = entity(extractor, text, "org:reporters-without-borders")
    assert [text[m.start:m.end] for m in rsf.mentions] == ["Reporters\nWithout Borders", "RSF"]
    gamma = entity(extractor, text, "org:gamma-group")
    assert [text[m.start:m.end] for m in gamma.mentions] == ["Gamma Group"]


@pytest.mark.parametrize(("text", "entity_id"), [
    ("Hacking Team targeted KakaoTalk users.", "tech:kakaotalk"),
    ("The implant also reads LINE chats.", "tech:line"),
    ("Old Nokia phones ran Symbian.", "tech:symbian"),
    ("We searched Shodan for exposed servers.", "tech:shodan"),
    ("The posts were mirrored on Tumblr.", "tech:tumblr"),
    ("NotPetya spread from an accounting package.", "tech:notpetya"),
    ("The researchers ran ZMap across the address space.", "tech:zmap"),
    ("The decoy was a Microsoft Word document.", "tech:microsoft-word"),
])
def test_records_added_to_the_shipped_registry(shipped: Extractor, text: str, entity_id: str) -> None:
    assert entity_id in ids(shipped, text)


def test_line_the_common_word_is_no_messenger(shipped: Extractor) -> None:
    assert "tech:line" not in ids(shipped, "The line between the two was thin; Line managers agreed.")
