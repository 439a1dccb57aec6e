"""Relations query: filters by vendor, country, capability, type, status; table and JSON rendering."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import QueryError
from pipeline.graph import find_relations, format_relations_table, relations_json
from tests.graph.test_graph import make_record, sample_records


@pytest.fixture(scope="module")
def records():
    """The three sample memos."""
    return sample_records()


def _keys(hits) -> list[tuple[str, str, str]]:
    """(source, type, target) of each hit, in result order."""
    return [(hit.source, hit.type, hit.target) for hit in hits]


def test_no_filter_returns_every_aggregated_edge_most_attested_first(records) -> None:
    """Without filters the hits are the graph's edges, sorted by weight then ids."""
    hits = find_relations(records)
    assert len(hits) == 5
    assert _keys(hits)[0] == ("org:zte", "SUPPLIES", "country:VEN")
    assert [hit.data["weight"] for hit in hits] == sorted((hit.data["weight"] for hit in hits), reverse=True)
    assert hits[0].source_name == "ZTE" and hits[0].target_name == "Venezuela"


@pytest.mark.parametrize("vendor", ["ZTE", "zte corporation", "Zte Corp", "org:zte", "  ZTE   CORP "])
def test_vendor_by_name_or_alias_case_insensitive(records, vendor: str) -> None:
    """Any spelling of ZTE finds only ZTE's relations."""
    hits = find_relations(records, vendor=vendor)
    assert {hit.source for hit in hits} == {"org:zte"}
    assert len(hits) == 4


def test_vendor_by_whole_words_of_a_longer_name(records) -> None:
    """'hikvision' is a word of the canonical name; 'Hik' is not a whole word so it finds nothing."""
    assert _keys(find_relations(records, vendor="hangzhou hikvision")) == [("org:hikvision", "SUPPLIES", "country:ECU")]
    assert find_relations(records, vendor="Hik") == []
    assert find_relations(records, vendor="Huawei") == []


@pytest.mark.parametrize("country", ["VEN", "ven", "VE", "Venezuela", "Venezuela, Bolivarian Republic of",
                                     "Bolivarian Republic of Venezuela"])
def test_country_by_iso_code_or_name(records, country: str) -> None:
    """ISO3, ISO2, the pycountry name and a name seen in the memos all mean VEN."""
    hits = find_relations(records, country=country)
    assert _keys(hits) == [("org:zte", "SUPPLIES", "country:VEN")]


def test_country_filter_matches_either_endpoint(records) -> None:
    """China is the target of BASED_IN; Ecuador has two vendors."""
    assert _keys(find_relations(records, country="China")) == [("org:zte", "BASED_IN", "country:CHN")]
    assert {hit.source for hit in find_relations(records, country="ECU")} == {"org:zte", "org:hikvision"}
    assert find_relations(records, country="France") == []


def test_unknown_country_is_an_error(records) -> None:
    """A name that is no country at all is reported rather than silently matching nothing."""
    with pytest.raises(QueryError) as info:
        find_relations(records, country="Frnace")
    assert info.value.reason == "unknown_country"


@pytest.mark.parametrize(("capability", "expected"), [
    ("facial", {("org:zte", "SUPPLIES", "country:VEN"), ("org:zte", "SUPPLIES", "country:ECU"),
                ("org:zte", "PROVIDES", "tech:facial-recognition")}),
    ("BIOMETRICS", {("org:zte", "SUPPLIES", "country:VEN"), ("org:zte", "SUPPLIES", "country:ECU"),
                    ("org:zte", "PROVIDES", "tech:facial-recognition")}),
    ("video surv", {("org:hikvision", "SUPPLIES", "country:ECU")}),
    ("cctv", {("org:hikvision", "SUPPLIES", "country:ECU")}),
    ("quantum", set()),
])
def test_capability_by_name_alias_or_category_substring(records, capability: str, expected: set) -> None:
    """Capability matches the relation's capability or a technology endpoint."""
    assert set(_keys(find_relations(records, capability=capability))) == expected


def test_filters_narrow_the_aggregation(records) -> None:
    """Filtering by capability keeps only the matching memos' evidence, so weight and dates shrink."""
    hit = next(h for h in find_relations(records, capability="smart city") if h.type == "SUPPLIES")
    assert hit.data["weight"] == 1 and hit.data["memos"] == ["m2"]
    assert hit.data["capabilities"] == ["tech:smart-city"] and hit.data["status"] == "alleged"
    assert hit.data["first_date"] == hit.data["last_date"] == "2020-03-02"


def test_status_and_type_filters(records) -> None:
    """Statuses and types accept any case and comma lists; unknown values are errors."""
    denied = find_relations(records, statuses=["DENIED"])
    assert _keys(denied) == [("org:zte", "SUPPLIES", "country:VEN")]
    assert denied[0].data["statuses"] == ["denied"] and denied[0].data["memos"] == ["m3"]
    both = find_relations(records, statuses=["planned,denied"], types=["supplies"])
    assert {hit.source for hit in both} == {"org:zte", "org:hikvision"}
    assert _keys(find_relations(records, types=["BASED_IN"])) == [("org:zte", "BASED_IN", "country:CHN")]
    with pytest.raises(QueryError) as info:
        find_relations(records, types=["SELLS"])
    assert info.value.reason == "unknown_relation_type"
    with pytest.raises(QueryError) as info:
        find_relations(records, statuses=["rumoured"])
    assert info.value.reason == "unknown_status"


def test_combined_filters(records) -> None:
    """Vendor + country + status all apply."""
    hits = find_relations(records, vendor="ZTE", country="Ecuador", statuses=["reported"])
    assert _keys(hits) == [("org:zte", "SUPPLIES", "country:ECU")]
    assert find_relations(records, vendor="Hikvision", country="VEN") == []


def test_table_shows_evidence_literally(records) -> None:
    """Rich table text carries names, statuses and sentences; markup in a memo is printed as is."""
    record = make_record("m9", "2021-01-01", "Markup", [
        ("ZTE [bold]sold[/bold] cameras to Ecuador.", {
            "ents": {"org:zte": [("ZTE", "ZTE")], "country:ECU": [("Ecuador", "Ecuador")]},
            "rels": [("SUPPLIES", "org:zte", "country:ECU", None, "reported", 0.9)]})])
    hits = find_relations([*records, record], vendor="zte", country="ECU")
    table = format_relations_table(hits, width=200)
    assert "[bold]sold[/bold]" in table and "ZTE" in table and "Ecuador" in table
    assert "2020-03-02 .." in table and "2021-01-01" in table and "1 relation(s), 2 evidence sentence(s)" in table
    assert format_relations_table([]) == "No matching relations.\n"
    plain = format_relations_table(hits, plain=True).splitlines()
    assert plain[0].split("\t")[:3] == ["source", "relation", "target"] and len(plain) == 2


def test_table_limits_evidence(records) -> None:
    """Long sentences are shortened and extra evidence is counted, not printed."""
    hits = find_relations(records, vendor="ZTE", country="VEN")
    table = format_relations_table(hits, width=300, max_evidence=1, max_chars=20)
    assert "(+2 more)" in table and "…" in table


def test_relations_json_is_the_edge_view(records) -> None:
    """JSON output: names and edge attributes, evidence included."""
    data = json.loads(relations_json(find_relations(records, vendor="ZTE", country="VEN")))
    assert len(data) == 1
    assert list(data[0])[:5] == ["source", "source_name", "type", "target", "target_name"]
    assert data[0]["weight"] == 3 and len(data[0]["evidence"]) == 3
