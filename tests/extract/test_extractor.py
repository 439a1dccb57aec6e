"""Entity extraction on small hand-written texts, with a small registry of our own (models override folder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ExtractError, ModelsDataError
from pipeline.extract.nlp import Extractor, split_text, unwrap_lines
from pipeline.knowledge import gazetteer_of, load_knowledge
from pipeline.schema import Entity, Page, Section

VENDORS = [
    {"id": "alibaba", "name": "Alibaba", "aliases": ["Alibaba Group"], "country": "CHN", "kind": "cloud"},
    {"id": "finfisher", "name": "FinFisher", "aliases": ["FinFisher GmbH"], "country": "DEU", "kind": "spyware"},
    {"id": "hacking-team", "name": "Hacking Team", "aliases": ["HackingTeam"], "country": "ITA", "kind": "spyware"},
    {"id": "zte", "name": "ZTE", "aliases": ["ZTE Corporation", "ZTE Corp"], "country": "CHN", "kind": "telecom"},
]
ORGANISATIONS = [
    {"id": "human-rights-watch", "name": "Human Rights Watch", "aliases": ["HRW"], "kind": "ngo"},
]
TECHNOLOGIES = [
    {"id": "artificial-intelligence", "name": "artificial intelligence", "category": "ai", "aliases": ["AI"]},
    {"id": "facial-recognition", "name": "facial recognition", "category": "biometrics",
     "aliases": ["face recognition"]},
    {"id": "finfisher", "name": "FinFisher", "category": "spyware", "aliases": ["FinSpy"],
     "note": "also a company name"},
    {"id": "smart-city", "name": "smart city", "category": "smart-city", "aliases": ["smart cities"]},
    {"id": "spyware", "name": "spyware", "category": "spyware", "aliases": []},
]
COUNTRIES = {
    "aliases": {"US": "USA", "Britain": "GBR"},
    "demonyms": {"Chinese": "CHN", "Ethiopian": "ETH", "Pakistani": "PAK", "Italian": "ITA"},
    "places": {"Xinjiang": "CHN", "Beijing": "CHN"},
    "not_countries": [],
    "ambiguous_places": ["Georgia"],
}


def write_models(folder: Path) -> Path:
    """A complete small models folder (entity_rules.json falls back to the shipped one)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("vendors.jsonl", VENDORS), ("organisations.jsonl", ORGANISATIONS),
                       ("technologies.jsonl", TECHNOLOGIES)):
        (folder / name).write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (folder / "countries.json").write_text(json.dumps(COUNTRIES), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory) -> Extractor:
    """One Extractor (one model load) for the whole module, on our own small registry."""
    return Extractor(models=write_models(tmp_path_factory.mktemp("models")))


def run(extractor: Extractor, text: str, sections: list[Section] | None = None,
        pages: list[Page] | None = None) -> list[Entity]:
    entities, _ = extractor.extract(text, sections or [], pages)
    for entity in entities:
        for m in entity.mentions:
            assert text[m.start:m.end] == m.text
    return entities


def by_id(entities: list[Entity]) -> dict[str, Entity]:
    return {e.id: e for e in entities}


def test_defined_acronym_and_its_later_uses_are_one_entity(extractor: Extractor) -> None:
    text = ("The Northern Rights Observatory (NRO) published a report on Monday. "
            "According to the NRO, the police tracked journalists. NRO researchers said more would follow.")
    ents = by_id(run(extractor, text))
    org = next(e for e in ents.values() if e.label == "ORG" and "NRO" in e.aliases)
    assert org.name == "Northern Rights Observatory"
    assert [m.text for m in org.mentions].count("NRO") == 3
    assert "acronym" in org.methods
    assert not any(e.label == "PERSON" and e.name == "NRO" for e in ents.values())


def test_registry_acronym_and_long_name_share_the_registry_id(extractor: Extractor) -> None:
    ents = by_id(run(extractor, "Human Rights Watch released a report. HRW said the app tracks people."))
    hrw = ents["org:human-rights-watch"]
    assert hrw.name == "Human Rights Watch" and hrw.aliases == ["HRW"]
    assert hrw.confidence >= 0.9 and "ruler" in hrw.methods


def test_legal_forms_short_forms_and_possessives_merge(extractor: Extractor) -> None:
    text = ("ZTE Corporation signed the contract. ZTE Corp later denied it. "
            "ZTE's engineers installed the servers.")
    ents = by_id(run(extractor, text))
    zte = ents["org:zte"]
    assert zte.name == "ZTE" and zte.country == "CHN"
    assert {m.text for m in zte.mentions} == {"ZTE Corporation", "ZTE Corp", "ZTE"}
    assert not any(m.text.endswith("'s") for m in zte.mentions)
    assert [e.id for e in ents.values() if e.label == "ORG"] == ["org:zte"]


def test_unknown_company_legal_form_and_short_form_merge(extractor: Extractor) -> None:
    text = ("Velmora Analytics Ltd opened an office in Nairobi last year. "
            "A spokesperson for Velmora Analytics confirmed the deal.")
    orgs = [e for e in run(extractor, text) if e.label == "ORG"]
    assert len(orgs) == 1
    assert orgs[0].id == "org:velmora-analytics"
    assert orgs[0].name == "Velmora Analytics Ltd"


def test_spacing_variant_of_a_name_merges(extractor: Extractor) -> None:
    ents = by_id(run(extractor, "Hacking Team sold its tools widely. HackingTeam's clients included police."))
    assert {m.text for m in ents["org:hacking-team"].mentions} == {"Hacking Team", "HackingTeam"}


def test_demonyms_and_places_resolve_to_their_country(extractor: Extractor) -> None:
    text = ("Chinese engineers built the network in Xinjiang. Cameras were also installed in Lahore, "
            "and officials in Beijing praised the work.")
    ents = by_id(run(extractor, text))
    china = ents["country:CHN"]
    assert china.iso3 == "CHN" and china.name == "China"
    assert {"Chinese", "Xinjiang", "Beijing"} <= {m.text for m in china.mentions}
    assert {"demonym", "place"} <= set(china.methods)
    assert ents["country:PAK"].mentions[0].text == "Lahore"


def test_country_inside_an_organisation_name_is_also_a_country(extractor: Extractor) -> None:
    text = "The Ethiopian Information Network Security Agency bought the software in 2013."
    ents = run(extractor, text)
    assert any(e.id == "country:ETH" for e in ents)
    orgs = [e for e in ents if e.label == "ORG"]
    assert any("Information Network Security Agency" in e.name for e in orgs)


def test_organisation_is_never_a_country_and_ai_is_a_technology(extractor: Extractor) -> None:
    text = ("The repository was hosted on servers of Alibaba, a Chinese company. "
            "The government uses AI and facial recognition to follow people.")
    ents = by_id(run(extractor, text))
    assert "org:alibaba" in ents
    assert {e.iso3 for e in ents.values() if e.label == "COUNTRY"} == {"CHN"}
    assert ents["tech:artificial-intelligence"].mentions[0].text == "AI"
    assert not any(e.label == "ORG" and e.name == "AI" for e in ents.values())


def test_ethnic_group_is_not_an_organisation(extractor: Extractor) -> None:
    ents = run(extractor, "The system watches ethnic minorities like the Uyghurs in the region.")
    assert not any(e.label == "ORG" for e in ents)


def test_taxonomy_hits_with_plural_and_category(extractor: Extractor) -> None:
    ents = by_id(run(extractor, "Smart cities rely on facial recognition. A smart city needs face recognition."))
    assert {m.text for m in ents["tech:smart-city"].mentions} == {"Smart cities", "smart city"}
    assert ents["tech:facial-recognition"].category == "biometrics"
    assert len(ents["tech:facial-recognition"].mentions) == 2


def test_unseen_technology_phrases_are_found_by_head_word(extractor: Extractor) -> None:
    text = ("The police deployed gait recognition and licence plate readers. "
            "Investigators also found a spyware called Moonshade on the phones of two lawyers.")
    ents = run(extractor, text)
    techs = {e.name for e in ents if e.label == "TECHNOLOGY"}
    assert "gait recognition" in techs
    assert "Moonshade" in techs
    moon = next(e for e in ents if e.name == "Moonshade")
    assert "pattern" in moon.methods and moon.confidence >= 0.7


def test_generic_words_alone_are_never_technologies(extractor: Extractor) -> None:
    text = "The system stores data. The software and the equipment run on the network as an application."
    ents = run(extractor, text)
    assert not [e for e in ents if e.label == "TECHNOLOGY"]


def test_product_named_after_its_vendor_takes_the_sense_of_its_context(extractor: Extractor) -> None:
    ents = by_id(run(extractor, "Researchers found FinFisher spyware on the laptops."))
    assert "tech:finfisher" in ents and "org:finfisher" not in ents
    ents = by_id(run(extractor, "FinFisher said it had sold nothing to the country."))
    assert "org:finfisher" in ents and "tech:finfisher" not in ents


def test_persons_are_kept_and_filtered(extractor: Extractor) -> None:
    ents = run(extractor, "John Whitfield, a researcher, met the minister in March.")
    persons = [e for e in ents if e.label == "PERSON"]
    assert [p.id for p in persons] == ["person:john-whitfield"]


def test_mentions_carry_section_sentence_and_page(extractor: Extractor) -> None:
    text = "Summary\n\nZTE installed cameras.\n\nComments\n\nHRW criticised ZTE."
    summary_start = text.index("ZTE")
    comments_start = text.index("HRW")
    sections = [Section(name="Summary", kind="summary", start=summary_start, end=comments_start - 12),
                Section(name="Comments", kind="comments", start=comments_start, end=len(text))]
    pages = [Page(number=1, start=0, end=comments_start - 2), Page(number=2, start=comments_start - 2, end=len(text))]
    ents = by_id(run(extractor, text, sections, pages))
    first, last = ents["org:zte"].mentions
    assert (first.section, first.page) == ("Summary", 1)
    assert (last.section, last.page) == ("Comments", 2)
    assert last.sentence > first.sentence >= 0


def test_entities_sorted_and_output_deterministic(extractor: Extractor) -> None:
    text = "ZTE and Hacking Team sold spyware to Italian police; Human Rights Watch (HRW) objected in Beijing."
    first = [e.to_json() for e in run(extractor, text)]
    second = [e.to_json() for e in run(extractor, text)]
    assert first == second
    ents = run(extractor, text)
    assert [(e.label, e.id) for e in ents] == sorted((e.label, e.id) for e in ents)
    for e in ents:
        assert [m.start for m in e.mentions] == sorted(m.start for m in e.mentions)
        assert e.methods == sorted(e.methods) and e.name not in e.aliases


def test_long_text_is_chunked_with_offsets_right(extractor: Extractor) -> None:
    paragraph = ("ZTE Corporation installed cameras in Lahore for the Pakistani police. "
                 "Human Rights Watch (HRW) said facial recognition was used. HRW asked ZTE to stop.\n\n")
    text = paragraph * 12
    whole = run(extractor, text)
    saved = extractor.chunk_chars
    extractor.chunk_chars = 700
    try:
        assert len(split_text(text, 700)) > 1
        chunked = run(extractor, text)
    finally:
        extractor.chunk_chars = saved
    assert [e.id for e in chunked] == [e.id for e in whole]
    for a, b in zip(whole, chunked, strict=True):
        assert [(m.start, m.end) for m in a.mentions] == [(m.start, m.end) for m in b.mentions]
    zte = by_id(chunked)["org:zte"]
    sentences = [m.sentence for m in zte.mentions]
    assert sentences == sorted(sentences) and len(set(sentences)) == len(sentences)


def test_split_text_covers_the_text_and_cuts_at_paragraphs() -> None:
    text = ("word " * 50 + "\n\n") * 10
    chunks = split_text(text, 600)
    assert "".join(c for _, c in chunks) == text
    assert all(text[off:off + len(c)] == c for off, c in chunks)
    assert all(c.endswith("\n\n") for _, c in chunks[:-1])


def test_pipe_keeps_input_order_and_handles_empty_text(extractor: Extractor) -> None:
    items = [("ZTE sold cameras.", [], None), ("", [], None), ("Hacking Team sold spyware.", [], None)]
    results = list(extractor.pipe(items))
    assert len(results) == 3
    assert results[1] == ([], [])
    assert "org:zte" in by_id(results[0][0]) and "org:hacking-team" in by_id(results[2][0])


def test_bad_input_raises_extract_error(extractor: Extractor) -> None:
    with pytest.raises(ExtractError) as info:
        extractor.extract(b"bytes are not text", [])  # type: ignore[arg-type]
    assert info.value.reason == "bad_input"


def test_missing_models_folder_is_a_models_error(tmp_path: Path) -> None:
    with pytest.raises(ModelsDataError) as info:
        Extractor(models=tmp_path / "nowhere")
    assert info.value.reason == "models_not_found"


def test_malformed_registry_is_a_models_error(tmp_path: Path) -> None:
    folder = write_models(tmp_path / "bad")
    (folder / "vendors.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ModelsDataError) as info:
        gazetteer_of(load_knowledge(folder))
    assert info.value.reason == "models_file_invalid"


def test_gazetteer_is_cached_per_folder(tmp_path: Path) -> None:
    folder = write_models(tmp_path / "cache")
    assert load_knowledge(folder) is load_knowledge(str(folder))
    assert gazetteer_of(load_knowledge(folder)) is gazetteer_of(load_knowledge(str(folder)))
    assert gazetteer_of(load_knowledge(folder)).org_keys["zte"] == "org:zte"


def test_wrapped_pdf_lines_do_not_split_names(extractor: Extractor) -> None:
    line = "Investigators traced the servers that the operators rented for the campaign to a host in Equatorial"
    text = "\n".join([line, "Guinea, and the vendor denied any role in the operation that was reported last week.",
                      line.replace("Equatorial", "the"), "city, where nothing else happened at all, they said."] * 2)
    assert len(unwrap_lines(text)) == len(text)
    ents = by_id(run(extractor, text))
    assert "country:GNQ" in ents and "country:GIN" not in ents
    assert ents["country:GNQ"].mentions[0].text == "Equatorial\nGuinea"


def test_short_lines_and_headings_keep_their_breaks() -> None:
    text = "Key Points\n\n- ZTE sold cameras\n- HRW objected\n\nSummary\nZTE Corp\nBeijing\nLahore\nNairobi\n"
    assert unwrap_lines(text) == text


def test_names_in_a_list_of_organisations_become_organisations(extractor: Extractor) -> None:
    text = ("Coverage: Human Rights Watch, ZTE, Hacking Team, Zorvana Daily, Alibaba, Quillfeather Weekly\n\n"
            "The report was widely cited.")
    names = {e.name for e in run(extractor, text) if e.label == "ORG"}
    assert {"Zorvana Daily", "Quillfeather Weekly"} <= names
    assert "Coverage" not in names


def test_titles_headings_and_header_fields_are_not_organisations(extractor: Extractor) -> None:
    text = ("Reference: Memo [190101-1] Date: 01/01/2019 - Version: 1.0 Keywords: spyware\n\n"
            "Figure 4: Pages from the Letter of Intent signed for the order\n\n"
            "President Rodrigo Duterte praised the cameras that ZTE installed.")
    ents = run(extractor, text)
    orgs = {e.name for e in ents if e.label == "ORG"}
    assert orgs == {"ZTE"}
    assert any(e.label == "PERSON" and e.name == "Rodrigo Duterte" for e in ents)


def test_footnote_numbers_glued_to_names_are_split(extractor: Extractor) -> None:
    text = "The contract went to Hacking Team.12 Its TNI (Tactical Network Injector),63 was also offered."
    ents = by_id(run(extractor, text))
    assert ents["org:hacking-team"].mentions[0].text == "Hacking Team"
    tni = next(e for e in ents.values() if "TNI" in e.aliases)
    assert tni.label == "TECHNOLOGY" and tni.name == "Tactical Network Injector"


def test_vendor_name_followed_by_a_product_name_is_a_technology(extractor: Extractor) -> None:
    ents = run(extractor, "Engineers found that ZTE Zephyrgate appliances filtered the traffic of the ministry.")
    assert "org:zte" in by_id(ents)
    assert any(e.label == "TECHNOLOGY" and "Zephyrgate" in e.name for e in ents)


def test_real_pdf_mentions_get_their_page(extractor: Extractor, tmp_path: Path) -> None:
    from fpdf import FPDF

    from pipeline.ingest import ingest_path

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for body in ("ZTE installed cameras in Lahore for the police.", "Human Rights Watch criticised Hacking Team."):
        pdf.add_page()
        pdf.multi_cell(0, 6, body)
    path = tmp_path / "two-pages.pdf"
    pdf.output(str(path))
    doc = ingest_path(path)
    ents = by_id(run(extractor, doc.text, pages=doc.pages))
    assert {m.page for m in ents["org:zte"].mentions} == {1}
    assert {m.page for m in ents["org:hacking-team"].mentions} == {2}


def test_relations_of_chunks_keep_whole_text_offsets(extractor: Extractor) -> None:
    paragraph = "ZTE sold a surveillance system to Venezuela in 2018. Hacking Team sold spyware to Sudan.\n\n"
    text = paragraph * 10
    _, whole = extractor.extract(text, [])
    saved = extractor.chunk_chars
    extractor.chunk_chars = 500
    try:
        _, chunked = extractor.extract(text, [])
    finally:
        extractor.chunk_chars = saved
    assert [r.id for r in chunked] == [r.id for r in whole]
    for r in chunked:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.sentence
