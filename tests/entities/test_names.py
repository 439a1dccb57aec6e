"""The name typer: names no registry knows get ORG or TECHNOLOGY from what the sentence says about them.

Every text here is invented for the test; the names are made up.
"""

from __future__ import annotations

import pytest

from pipeline.extract import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def labels(extractor: Extractor, text: str) -> dict[str, str]:
    entities, _ = extractor.extract(text, [])
    return {m.text: e.label for e in entities for m in e.mentions}


@pytest.mark.parametrize(("text", "name", "label"), [
    ("Last year Quenby Labs opened an office in Lisbon.", "Quenby Labs", "ORG"),
    ("The contract went to Maravel Cyber after a short tender.", "Maravel Cyber", "ORG"),
    ("Police officers in Lyon were trained by Tessaly GmbH in 2020.", "Tessaly GmbH", "ORG"),
    ("Orvenna, a Danish start-up, has hired twenty engineers.", "Orvenna", "ORG"),
    ("According to the filing, the firm Brisket Dynamo employs 300 people.", "Brisket Dynamo", "ORG"),
    ("Praxtor, headquartered in Oslo, reported a loss.", "Praxtor", "ORG"),
    ("Invoices show that Ludwell sells Kestrel to several ministries.", "Ludwell", "ORG"),
    ("Invoices show that Ludwell sells Kestrel to several ministries.", "Kestrel", "TECHNOLOGY"),
    ("Kingfisher, a remote access trojan for laptops, appeared in 2019.", "Kingfisher", "TECHNOLOGY"),
    ("Investigators say Thornwick was developed by a small team in Tallinn.", "Thornwick", "TECHNOLOGY"),
])
def test_a_name_is_typed_by_its_context(extractor: Extractor, text: str, name: str, label: str) -> None:
    assert labels(extractor, text).get(name) == label


def test_one_sense_per_memo_and_the_short_form_of_a_company(extractor: Extractor) -> None:
    text = ("Corrow Analytics won a tender in Quito. Staff of Corrow later said the work took a year. "
            "A Corrow Analytics engineer installed the servers.")
    found = labels(extractor, text)
    assert found.get("Corrow Analytics") == "ORG"
    assert found.get("Corrow") == "ORG"


def typed(extractor: Extractor, text: str) -> dict[str, str]:
    """What the name typer itself decided (its span group), whatever the model said."""
    doc = extractor.nlp(text)
    return {s.text: s.label_ for s in doc.spans.get("memokg:context", [])}


@pytest.mark.parametrize(("text", "name"), [
    # authors listed after a role noun are people, not companies
    ("Authors: Tilda Marsh, Oren Vale and Pia Lund.", "Tilda Marsh"),
    # a quantity, not a company: "a group of"
    ("Hollow Creek, a group of forty villages, voted against the plan.", "Hollow Creek"),
    # on a title-case heading every word has a capital: "Systems" alone does not make a company
    ("Threats To Border Systems\nThe report follows.", "Border Systems"),
    # an acronym in brackets belongs to the acronym finder
    ("The Civil Registry Office (CRO) issued new cards.", "CRO"),
    # a capital at a sentence start proves nothing without a clue that defines the word
    ("Scans showed a spike in traffic. Analysts sold their findings.", "Analysts"),
])
def test_no_type_without_a_clear_clue(extractor: Extractor, text: str, name: str) -> None:
    assert name not in typed(extractor, text)


def test_a_demonym_is_no_part_of_the_name(extractor: Extractor) -> None:
    found = labels(extractor, "A Norwegian Halvik Data engineer, hired by Halvik Data AS, confirmed it.")
    assert "Norwegian Halvik Data" not in found
    assert found.get("Halvik Data AS") == "ORG"


@pytest.mark.parametrize(("text", "name"), [
    ("Corbello Difesa S.p.A. has moved its offices to Turin.", "Corbello Difesa S.p.A."),
    ("The tender was won by Marenzi Dati S.r.l. in May.", "Marenzi Dati S.r.l."),
    ("Staff at Hollund Radar AS were questioned by auditors.", "Hollund Radar AS"),
    ("Brnoflex Senzory s.r.o. opened a plant near Zlin.", "Brnoflex Senzory s.r.o."),
])
def test_a_legal_form_of_any_country_marks_a_company(extractor: Extractor, text: str, name: str) -> None:
    assert labels(extractor, text).get(name) == "ORG"


@pytest.mark.parametrize(("text", "name"), [
    ("The Ugandan army bought spyware from Lazlo Ferrant last year.", "Lazlo Ferrant"),
    ("Police in Baku took delivery of IMSI catchers from Tomas Reval in 2021.", "Tomas Reval"),
    ("The city ordered licence plate recognition cameras from Dantong Huilan.", "Dantong Huilan"),
])
def test_who_a_product_is_bought_from_is_a_company_even_with_a_persons_name(
        extractor: Extractor, text: str, name: str) -> None:
    assert labels(extractor, text).get(name) == "ORG"


def test_a_person_someone_only_meets_stays_a_person(extractor: Extractor) -> None:
    assert labels(extractor, "The minister had lunch with Tomas Reval in Baku.").get("Tomas Reval") != "ORG"


def test_a_registry_technology_word_inside_a_company_name_is_part_of_the_name(extractor: Extractor) -> None:
    found = labels(extractor, "Receivers sold by Ruthenia Signal Works were found in Minsk.")
    assert found.get("Ruthenia Signal Works") == "ORG" and "Signal" not in found


@pytest.mark.parametrize("name", ["Ortiz y Benavente Sistemas S.L.", "Bauer und Kraus GmbH"])
def test_a_joiner_inside_a_company_name_keeps_the_name_whole(extractor: Extractor, name: str) -> None:
    found = labels(extractor, f"Prosecutors in Lima bought a wiretap suite from {name} in 2020.")
    assert found.get(name) == "ORG"


def test_a_joiner_between_two_countries_joins_nothing(extractor: Extractor) -> None:
    found = labels(extractor, "Officials from Kenya y Chile met in Lima.")
    assert "Kenya y Chile" not in found


@pytest.mark.parametrize("name", ["Wuhan Tianlan Zhikong Technology Co., Ltd.", "Fjeldborg Data A/S",
                                  "Levant Data Distribution FZE"])
def test_company_names_with_a_city_a_slashed_or_comma_legal_form_or_a_field_word(extractor: Extractor,
                                                                                 name: str) -> None:
    found = labels(extractor, f"Border cameras were installed in Lusaka by {name} in 2021.")
    assert found.get(name) == "ORG", found


def test_the_level_of_a_handling_marking_is_no_name(extractor: Extractor) -> None:
    text = ("Issuer: Harbour Desk\nReference: HD-2024-07\nDate: 2 May 2024\nKeywords: Kestrel Ltd, drones\n"
            "TLP:WHITE\n\nKey Points\n- Kestrel Ltd sold drones to Chad.\n")
    entities, _ = extractor.extract(text, [])
    assert not any(m.text.upper() in {"WHITE", "TLP"} for e in entities for m in e.mentions)


@pytest.mark.parametrize(("text", "name"), [
    ("The story was first reported by the Lusaka Courier in May.", "Lusaka Courier"),
    ("Researchers at the Adriatic Cyber Observatory traced the servers.", "Adriatic Cyber Observatory"),
    ("Issuer: Harrow Point Advisory\nReference: HPA-2024-01\n\nSummary\nNothing new.", "Harrow Point Advisory"),
])
def test_newsrooms_watchdogs_and_the_issuer_of_a_memo_are_organisations(extractor: Extractor, text: str,
                                                                        name: str) -> None:
    assert labels(extractor, text).get(name) == "ORG"
