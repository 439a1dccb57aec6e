"""Where a company is, who speaks and who buys the company are no customers; sentence ends after legal forms.

Whole extractor, real model. Texts and names are invented for the tests.
"""

from __future__ import annotations

import pytest

from pipeline.extract import MemoProcessor
from pipeline.schema import MemoRecord


@pytest.fixture(scope="module")
def processor() -> MemoProcessor:
    """One processor for the module."""
    return MemoProcessor()


def _record(processor: MemoProcessor, text: str) -> MemoRecord:
    return processor.process_bytes(("Summary\n\n" + text).encode(), name="memo.txt")


def _sales(record: MemoRecord) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in record.relations if r.type == "SUPPLIES"}


@pytest.mark.parametrize(("text", "vendor", "customer", "base"), [
    ("Brantel Ltd, a Frankfurt provider of interception gear, sold probes to Oman.", "org:brantel", "OMN", "DEU"),
    ("The Cypriot subsidiary of Veltrix Data shipped drones to Chad.", "org:veltrix-data", "TCD", "CYP"),
    ("Quorvane Soft, a Hungarian vendor of spyware, licensed its implant to Bahrain's police.",
     "org:quorvane-soft", "BHR", "HUN"),
    ("The Warsaw firm Zelmar Tech installed cameras for the police of Ghana.", "org:zelmar-tech", "GHA", "POL"),
])
def test_a_place_before_a_company_word_is_its_base_not_a_customer(processor: MemoProcessor, text: str,
                                                                   vendor: str, customer: str, base: str) -> None:
    sales = _sales(_record(processor, text))
    assert (vendor, f"country:{customer}") in sales
    assert (vendor, f"country:{base}") not in sales


def test_a_company_bought_by_a_foreign_fund_sells_nothing_to_the_funds_country(processor: MemoProcessor) -> None:
    record = _record(processor, "Tindell Networks, a maker of deep packet inspection gear, was bought by a Qatari "
                                "investment fund.")
    assert not _sales(record)


def test_a_preposition_of_a_later_verb_is_no_destination_of_the_sale(processor: MemoProcessor) -> None:
    record = _record(processor, "Ostrava Labs, which builds phone implants, has been added to a Canadian "
                                "sanctions list.")
    assert ("org:ostrava-labs", "country:CAN") not in _sales(record)


def test_a_body_that_speaks_about_a_product_is_not_its_customer(processor: MemoProcessor) -> None:
    record = _record(processor, "Corvid Labs makes the Nightjar implant. The Interior Ministry of Ghana said "
                                "Nightjar was later used by police in Mali.")
    sales = _sales(record)
    assert ("org:corvid-labs", "country:MLI") in sales and ("org:corvid-labs", "country:GHA") not in sales


def test_a_full_stop_after_gmbh_ends_the_sentence_and_the_name(processor: MemoProcessor) -> None:
    record = _record(processor, "The ministry buys its hardware from Orlen Systeme GmbH. Orlen opened an office in "
                                "Kassel in 2019.")
    orgs = {e.name for e in record.entities if e.label == "ORG"}
    assert "Orlen Systeme GmbH" in orgs and not any("GmbH." in name or "GmbH Orlen" in name for name in orgs)


def test_a_customer_counted_among_a_vendors_clients(processor: MemoProcessor) -> None:
    record = _record(processor, "Helix Vision counts the Nepalese army among its clients.")
    assert ("org:helix-vision", "country:NPL") in _sales(record)


def test_the_start_up_refers_to_the_vendor_named_before(processor: MemoProcessor) -> None:
    record = _record(processor, "Kyro Data, a Finnish start-up, employs nine people. The start-up delivered a "
                                "drone jammer to the army of Mali.")
    assert ("org:kyro-data", "country:MLI") in _sales(record)


def test_a_secretariat_of_state_is_a_customer_not_a_vendor(processor: MemoProcessor) -> None:
    record = _record(processor, "Peru's Intelligence Secretariat bought radio jammers from Quorvane Soft.")
    assert _sales(record) == {("org:quorvane-soft", "country:PER")}


def test_a_name_labelling_a_list_of_contracts_is_the_vendor_of_its_rows(processor: MemoProcessor) -> None:
    record = _record(processor, "Qilin Zhixin Networks: signed projects, 2019-2023\n"
                                "Nepal: border camera network\n"
                                "Zambia: police data centre\n"
                                "Fiji: tender lost, not signed\n")
    assert "Qilin Zhixin Networks" in {e.name for e in record.entities if e.label == "ORG"}
    assert _sales(record) == {("org:qilin-zhixin-networks", "country:NPL"),
                              ("org:qilin-zhixin-networks", "country:ZMB")}


def test_a_bare_client_list_takes_the_vendor_named_just_before(processor: MemoProcessor) -> None:
    record = _record(processor, "Harrow Signal Labs (cell-site simulators). Clients listed in a leaked invoice: "
                                "Interior Ministry, Togo; Presidential Guard, Gabon.")
    sales = [r for r in record.relations if r.type == "SUPPLIES"]
    assert {(r.source, r.target) for r in sales} == {("org:harrow-signal-labs", "country:TGO"),
                                                    ("org:harrow-signal-labs", "country:GAB")}
    # the edge rests on both sentences: the list and the one that names the vendor
    assert all("Harrow Signal Labs" in " ".join([r.evidence.sentence, *(s.sentence for s in r.support)])
               for r in sales)


@pytest.mark.parametrize("text", [
    "A deal with Ravenel Datentechnik AG was signed by Kenya's Media Authority in June.",
    "Kenya's Media Authority signed a deal with Ravenel Datentechnik AG in June.",
])
def test_a_deal_between_a_vendor_and_a_named_state_body_is_a_sale_to_its_country(processor: MemoProcessor,
                                                                                  text: str) -> None:
    assert _sales(_record(processor, text)) == {("org:ravenel-datentechnik", "country:KEN")}


def test_a_place_owning_the_vendors_name_is_its_base(processor: MemoProcessor) -> None:
    record = _record(processor, "Phones of Togolese exiles were infected with Grillo, a spyware product from "
                                "Milan's Volpe Difesa Srl. Volpe Difesa said it sells only to European governments.")
    assert ("org:volpe-difesa", "country:ITA") not in _sales(record)


def test_a_city_based_observer_is_no_customer_of_the_product_it_found(processor: MemoProcessor) -> None:
    record = _record(processor, "The Oslo-based research group Fjordwatch found servers of the Krait spyware in "
                                "Chad and Niger. Krait is developed by Taiga Intellect, a Moscow company.")
    sales = _sales(record)
    assert {("org:taiga-intellect", "country:TCD"), ("org:taiga-intellect", "country:NER")} <= sales
    assert ("org:taiga-intellect", "country:NOR") not in sales


def test_the_vendors_home_country_in_a_product_sentence_is_no_customer(processor: MemoProcessor) -> None:
    record = _record(processor, "Probes made by Keller Funktechnik GmbH were delivered to Mongolia's border police. "
                                "The Hamburg-based firm said its Kestrel probes met German export rules.")
    sales = _sales(record)
    assert ("org:keller-funktechnik", "country:MNG") in sales and ("org:keller-funktechnik", "country:DEU") not in sales


def test_giving_a_presentation_somewhere_sells_nothing_there(processor: MemoProcessor) -> None:
    record = _record(processor, "Corvane Vision Ltd counts the police of Chad among its clients, according to a "
                                "presentation the company gave at a trade fair in Vienna.")
    assert _sales(record) == {("org:corvane-vision", "country:TCD")}


def test_a_hosting_company_is_no_vendor(processor: MemoProcessor) -> None:
    record = _record(processor, "Servers of the Wren implant sat in a data centre in Lyon operated by Mistral Hosting "
                                "SAS. The implant is sold by Corvane Cyber.")
    assert not any(source == "org:mistral-hosting" for source, _ in _sales(record))


def test_a_table_after_a_blank_line_under_a_lead_sentence_lists_the_vendors_customers(
        processor: MemoProcessor) -> None:
    record = _record(processor, "Busan-based Hyeon Vision Co., Ltd. has sold border cameras across West Africa. "
                                "Its catalogue lists the following references:\n\n"
                                "Country | Agency | Product\n"
                                "Ghana | Immigration Service | HV-Gate 2\n"
                                "Togo | National Police | HV-Gate 2\n")
    assert {("org:hyeon-vision", "country:GHA"), ("org:hyeon-vision", "country:TGO")} <= _sales(record)


@pytest.mark.parametrize("text", [
    "Kits made by Ostrava Forensics have been bought by police forces in Botswana.",
    "The police of Botswana bought kits made by Ostrava Forensics.",
])
def test_buying_what_a_vendor_makes_is_a_sale_by_the_maker(processor: MemoProcessor, text: str) -> None:
    assert ("org:ostrava-forensics", "country:BWA") in _sales(_record(processor, text))


@pytest.mark.parametrize("owner", ["Its", "The firm's", "The Bremen firm's"])
def test_a_product_owned_through_an_anaphor_is_the_vendors(processor: MemoProcessor, owner: str) -> None:
    record = _record(processor, f"Nordhavn Funktechnik GmbH builds IMSI catchers. {owner} QX-Cell units were "
                                "delivered to Qatar.")
    provides = {(r.source, r.target) for r in record.relations if r.type == "PROVIDES"}
    assert ("org:nordhavn-funktechnik", "tech:qx-cell") in provides
    assert ("org:nordhavn-funktechnik", "country:QAT") in _sales(record)


def test_a_name_before_an_owned_technology_phrase_is_the_product(processor: MemoProcessor) -> None:
    record = _record(processor, "Skarvik AS has sold its Tern social media monitoring service to the police of "
                                "Estonia.")
    assert ("TECHNOLOGY", "Tern") in {(e.label, e.name) for e in record.entities}
    assert ("org:skarvik", "tech:tern") in {(r.source, r.target) for r in record.relations if r.type == "PROVIDES"}


def test_a_newsroom_is_no_vendor(processor: MemoProcessor) -> None:
    record = _record(processor, "The Harare Courier obtained invoices for drones sent to Zambia by Ostrava Aerial.")
    assert {source for source, _ in _sales(record)} <= {"org:ostrava-aerial"}


def test_a_product_sold_under_a_name_is_the_makers_and_places_it(processor: MemoProcessor) -> None:
    record = _record(processor, "Dvina Telecom OOO builds interception hardware and markets an export version under "
                                "the name Kovsh-LI. Mobile operators in Armenia installed Kovsh-LI nodes in 2021.")
    provides = {(r.source, r.target) for r in record.relations if r.type == "PROVIDES"}
    assert ("org:dvina-telecom", "tech:kovsh-li") in provides
    assert ("org:dvina-telecom", "country:ARM") in _sales(record)


def test_a_research_lab_is_no_vendor_of_the_product_it_found(processor: MemoProcessor) -> None:
    record = _record(processor, "Scans by the Tarn Lab found the Wicket spyware, sold by Oberon Cyber, in Gabon.")
    assert {source for source, _ in _sales(record)} <= {"org:oberon-cyber"}
