"""Junk from long technical reports (code, hashes, addresses, paths, hex dumps, plain words) is no entity."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from pipeline.entities.junk import hex_dump_line, junk_form, junk_name
from pipeline.extract import Extractor
from pipeline.schema import Entity


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """One Extractor (one model load) for the module, on the shipped models."""
    return Extractor()


def entities(extractor: Extractor, text: str) -> list[Entity]:
    found, _ = extractor.extract(text, [])
    return found


def names(extractor: Extractor, text: str, label: str) -> set[str]:
    return {e.name for e in entities(extractor, text) if e.label == label}


@pytest.mark.parametrize("text", [
    "http://msdn.microsoft.com/en-us/library/aa378749.aspx",
    "Intelligence%20Dynamics",
    "Annex III https://example.org/report/",
    "37.200.xxx.xxx JiffyBox Servers",
    "ops@example.net",
    "XXY1TTTTTTTT.dat",
    "Ammyy.dll",
    "C:\\Windows\\System32",
    "c29052dc6ee8257ec6c74618b6175abd",
    'msg:"Proxy6";content:"|65 db',
    "S3_CMD_Builder=",
    "CME D0016978.A1",
])
def test_code_addresses_paths_and_hashes_are_junk(text: str) -> None:
    assert junk_form(text)


@pytest.mark.parametrize("text", [
    "Hacking Team", "Amazon.com", "Reflets.info", "RFE/RL", "AT&T", "Node.js", "5163 Army Division", "Ginbot 7",
    "Reporters Without Borders", "NSO Group", "Marczak", "e-Government Agency",
])
def test_ordinary_names_are_not_junk(text: str) -> None:
    assert not junk_form(text)


def test_hex_dump_lines_are_recognised() -> None:
    assert hex_dump_line("C6 45 ED 6D FF 7F 00 EA")
    assert hex_dump_line("offset 0x10: FF FE EA EC 00 BC")
    assert not hex_dump_line("The FBI and the EU met with AP reporters.")


def test_no_organisation_or_person_comes_from_a_code_listing(extractor: Extractor) -> None:
    text = (
        "The dropper writes its configuration to disk.\n"
        "alert tcp any any -> any any (msg:\"Proxy6\";content:\"|65 db 7F|\";sid:1000;)\n"
        "C6 45 ED 6D FF 7F EA EC AE BC\n"
        "FF FE 00 EA EC 6D 45 C6\n"
        "It then contacts http://update.example-cdn.net/get.php and drops Ammyy.dll in C:\\Temp\\ as "
        "XXY1TTTTTTTT.dat before beaconing to 37.200.xxx.xxx every hour.\n"
    )
    found = {e.name for e in entities(extractor, text) if e.label in ("ORG", "PERSON", "TECHNOLOGY")}
    for junk in ("FF", "EA", "EC", "AE", "BC", "C6 45 ED 6D", "Ammyy.dll", "XXY1TTTTTTTT.dat"):
        assert junk not in found, found
    assert not any("http" in n or "\\" in n or "xxx" in n or ";" in n for n in found), found


def test_words_the_memo_also_writes_in_lower_case_are_no_names(extractor: Extractor) -> None:
    doc = extractor.nlp.make_doc("Size Address Master Boot Record Bill Marczak Access Now. The size, address and "
                                 "master boot record of the disk; a bill; now.")
    def span(start: int, end: int, label: str) -> Span:
        return Span(doc, start, end, label=label)
    assert junk_name(span(0, 1, "PERSON"), "PERSON")  # Size
    assert junk_name(span(1, 2, "ORG"), "ORG")  # Address
    assert junk_name(span(2, 5, "PERSON"), "PERSON")  # Master Boot Record
    assert not junk_name(span(5, 7, "PERSON"), "PERSON")  # Bill Marczak: 'marczak' is no word of the memo
    assert not junk_name(span(2, 5, "ORG"), "ORG")  # several plain words may well name an organisation
    assert not junk_name(span(7, 9, "ORG"), "ORG")


def test_captions_versions_and_code_identifiers_are_no_people(extractor: Extractor) -> None:
    doc = extractor.nlp.make_doc("Fig 2 Carbon v1.42 ZwQueryInformationProcess Norman Security12 Scott McDonald")
    assert junk_name(Span(doc, 0, 2, label="PERSON"), "PERSON")
    assert junk_name(Span(doc, 2, 4, label="PERSON"), "PERSON")
    assert junk_name(Span(doc, 4, 5, label="PERSON"), "PERSON")
    assert junk_name(Span(doc, 5, 7, label="PERSON"), "PERSON")
    assert not junk_name(Span(doc, 7, 9, label="PERSON"), "PERSON")


def test_ordinary_words_are_no_people_or_single_word_organisations(extractor: Extractor) -> None:
    text = (
        "Size\n\n"
        "The size of the sample was small, and the address of the server changed daily.\n\n"
        "Address\n\n"
        "Master Boot Record\n\n"
        "The implant overwrites the master boot record of the disk.\n\n"
        "Bill Marczak of Citizen Lab and Claudio Guarnieri analysed the sample.\n"
    )
    people = names(extractor, text, "PERSON")
    orgs = names(extractor, text, "ORG")
    assert not {"Size", "Address", "Master Boot Record"} & (people | orgs)
    assert {"Bill Marczak", "Claudio Guarnieri"} <= people
    assert "Citizen Lab" in orgs


def test_registry_names_are_never_filtered(extractor: Extractor) -> None:
    text = "Amazon.com hosted the server; Reporters Without Borders and Human Rights Watch wrote about it."
    found = {e.id for e in entities(extractor, text)}
    assert {"org:amazon", "org:reporters-without-borders", "org:human-rights-watch"} <= found
