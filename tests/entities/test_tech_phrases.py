"""Technology phrases found by head word stop at the clause: a verb the tagger took for a noun is no modifier.

Sentences are invented for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.entities.attrs import group_name
from pipeline.extract import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """One Extractor (one model load) for the module, on the shipped models."""
    return Extractor()


def technologies(extractor: Extractor, text: str) -> set[str]:
    """What the head-word patterns found (before the taxonomy renames anything)."""
    doc = extractor.nlp(text)
    return {span.text for span in doc.spans.get(group_name("pattern"), [])}


@pytest.mark.parametrize(("text", "junk"), [
    ("The regulator noted that Tarvo's denial concerns hacking rather than the sale of the camera systems.",
     "denial concerns hacking"),
    ("The 2021 index, written by two analysts, groups AI surveillance into three families of tools.",
     "groups AI surveillance"),
    ("Its Lumen and Argus products analyse live camera feeds for the city police.",
     "products analyse live camera"),
])
def test_a_clause_word_is_not_part_of_a_technology(extractor: Extractor, text: str, junk: str) -> None:
    found = technologies(extractor, text)
    assert junk not in found
    assert not any(junk.split()[0] in name.split() for name in found)


@pytest.mark.parametrize(("text", "phrase"), [
    ("Norvale sold secure web gateway and filtration products to four ministries.", "secure web gateway"),
    ("The spread of its commercial filtering and traffic inspection products worried the researchers.",
     "traffic inspection"),
    ("Investigators found a surveillance implant on the laptop of the editor.", "surveillance implant"),
    ("The police bought facial recognition systems and zero-day exploits in 2020.", "facial recognition systems"),
    # detection and wiretap words make capability phrases
    ("Police in Accra listen for gunfire through gunshot-detection sensors on lamp posts.",
     "gunshot-detection sensors"),
    ("Prosecutors there have used wiretap analysis software since 2019.", "wiretap analysis software"),
    ("The airport added intrusion detection to its perimeter fence.", "intrusion detection"),
])
def test_noun_phrase_modifiers_stay(extractor: Extractor, text: str, phrase: str) -> None:
    assert phrase in technologies(extractor, text)


def test_a_time_word_before_detection_makes_no_technology(extractor: Extractor) -> None:
    assert not any("recent" in t for t in technologies(extractor, "The recent detection of the implant alarmed them."))
