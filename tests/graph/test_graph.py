"""Graph building across memos: merged nodes, aggregated edges, memo nodes.

`sample_records()` is also the input of test_export.py and test_query.py.
"""

from __future__ import annotations

import hashlib

import pytest

from pipeline.errors import RecordsError
from pipeline.graph.build import MENTIONS, STATUS_ORDER, build_graph, memo_node_id
from pipeline.run import read_records
from pipeline.schema import Entity, Evidence, MemoMetadata, MemoRecord, Mention, Relation, SourceInfo

# (id, label, name, extra fields) of every entity the sample memos may mention.
KNOWN = {
    "org:zte": ("ORG", {"country": "CHN"}),
    "org:hikvision": ("ORG", {"country": "CHN"}),
    "country:VEN": ("COUNTRY", {"iso3": "VEN"}),
    "country:ECU": ("COUNTRY", {"iso3": "ECU"}),
    "country:CHN": ("COUNTRY", {"iso3": "CHN"}),
    "tech:facial-recognition": ("TECHNOLOGY", {"category": "biometrics"}),
    "tech:smart-city": ("TECHNOLOGY", {"category": "urban surveillance"}),
    "tech:spyware": ("TECHNOLOGY", {"category": "intrusion"}),
    "tech:cctv": ("TECHNOLOGY", {"category": "video surveillance"}),
}


def make_record(memo_id: str, date: str | None, title: str | None, sentences: list[tuple[str, dict]],
                aliases: dict[str, list[str]] | None = None) -> MemoRecord:
    """A memo record built like the extractor would: each sentence names its entities and relations.

    A sentence spec is (text, {"ents": {entity_id: [(name, mention text), ...]},
    "rels": [(type, source, target, capability, status, confidence)]}).
    """
    text = ""
    mentions: dict[str, list[Mention]] = {}
    names: dict[str, str] = {}
    relations: list[Relation] = []
    for index, (sentence, spec) in enumerate(sentences):
        start = len(text)
        text += sentence + " "
        for entity_id, found in spec.get("ents", {}).items():
            for name, surface in found:
                names.setdefault(entity_id, name)
                at = start + sentence.index(surface)
                mentions.setdefault(entity_id, []).append(
                    Mention(text=surface, start=at, end=at + len(surface), section="Summary", sentence=index, page=1))
        for number, (rel_type, source, target, capability, status, confidence) in enumerate(spec.get("rels", [])):
            relations.append(Relation(
                id=f"{memo_id}:r{index}-{number}", type=rel_type, source=source, target=target,
                capability=capability, status=status, confidence=confidence,
                evidence=Evidence(sentence=sentence, start=start, end=start + len(sentence), section="Summary",
                                  section_kind="summary", role="reporting", page=1)))
    entities = []
    for entity_id in sorted(mentions):
        label, extra = KNOWN[entity_id]
        entities.append(Entity(id=entity_id, label=label, name=names[entity_id],
                               aliases=(aliases or {}).get(entity_id, []), mentions=mentions[entity_id], **extra))
    digest = hashlib.sha256(text.encode()).hexdigest()
    return MemoRecord(
        id=memo_id,
        source=SourceInfo(path=f"/memos/{memo_id}.txt", name=f"{memo_id}.txt", sha256=digest, format="text"),
        metadata=MemoMetadata(title=title, reference=f"REF-{memo_id}", date=date, issuer="Test desk"),
        text=text.strip(), entities=entities, relations=relations)


def sample_records() -> list[MemoRecord]:
    """Three memos naming ZTE three ways, with reported, alleged, denied and planned relations."""
    first = make_record("m1", "2019-05-16", "ZTE in Venezuela", [
        ("ZTE Corporation supplied facial recognition cameras to Venezuela.", {
            "ents": {"org:zte": [("ZTE Corporation", "ZTE Corporation")],
                     "tech:facial-recognition": [("facial recognition", "facial recognition")],
                     "country:VEN": [("Venezuela", "Venezuela")]},
            "rels": [("SUPPLIES", "org:zte", "country:VEN", "tech:facial-recognition", "reported", 0.9),
                     ("PROVIDES", "org:zte", "tech:facial-recognition", None, "reported", 0.8)]}),
        ("ZTE is headquartered in Shenzhen, China.", {
            "ents": {"org:zte": [("ZTE Corporation", "ZTE")], "country:CHN": [("China", "China")]},
            "rels": [("BASED_IN", "org:zte", "country:CHN", None, "reported", 1.0)]}),
    ], aliases={"org:zte": ["ZTE"]})
    second = make_record("m2", "2020-03-02", "Andean deals", [
        ("ZTE Corp reportedly built a smart city platform for Venezuela.", {
            "ents": {"org:zte": [("ZTE Corp", "ZTE Corp")], "tech:smart-city": [("smart city", "smart city")],
                     "country:VEN": [("Venezuela", "Venezuela")]},
            "rels": [("SUPPLIES", "org:zte", "country:VEN", "tech:smart-city", "alleged", 0.6)]}),
        ("ZTE Corp also sells facial recognition to Ecuador.", {
            "ents": {"org:zte": [("ZTE Corp", "ZTE Corp")],
                     "tech:facial-recognition": [("facial recognition", "facial recognition")],
                     "country:ECU": [("Ecuador", "Ecuador")]},
            "rels": [("SUPPLIES", "org:zte", "country:ECU", "tech:facial-recognition", "reported", 0.7),
                     ("PROVIDES", "org:zte", "tech:facial-recognition", None, "reported", 0.95)]}),
    ])
    third = make_record("m3", None, None, [
        ("ZTE denied selling spyware to Venezuela.", {
            "ents": {"org:zte": [("ZTE", "ZTE")], "tech:spyware": [("spyware", "spyware")],
                     "country:VEN": [("Bolivarian Republic of Venezuela", "Venezuela")]},
            "rels": [("SUPPLIES", "org:zte", "country:VEN", "tech:spyware", "denied", 0.5)]}),
        ("Hikvision planned to install CCTV in Ecuador.", {
            "ents": {"org:hikvision": [("Hangzhou Hikvision Digital Technology", "Hikvision")],
                     "tech:cctv": [("CCTV", "CCTV")], "country:ECU": [("Ecuador", "Ecuador")]},
            "rels": [("SUPPLIES", "org:hikvision", "country:ECU", "tech:cctv", "planned", 0.4)]}),
    ], aliases={"org:hikvision": ["Hikvision"]})
    return [third, first, second]  # out of order on purpose: the graph must sort


@pytest.fixture(scope="module")
def graph():
    """The sample graph without memo nodes."""
    return build_graph(sample_records())


def test_same_vendor_written_three_ways_is_one_node(graph) -> None:
    """ZTE / ZTE Corp / ZTE Corporation share the id org:zte, so one node with every spelling as an alias."""
    zte = [node for node in graph if node.startswith("org:zte")]
    assert zte == ["org:zte"]
    data = graph.nodes["org:zte"]
    assert data["name"] == "ZTE"  # each spelling is the name in one memo: the tie goes to sorted order
    assert data["aliases"] == ["ZTE Corp", "ZTE Corporation"]
    assert data["memos"] == ["m1", "m2", "m3"] and data["memo_count"] == 3
    assert data["mention_count"] == 5
    assert data["type"] == "ORG" and data["country"] == "CHN" and data["iso3"] == "" and data["is_vendor"] is True


def test_most_frequent_name_wins_and_other_names_become_aliases(graph) -> None:
    """Venezuela is named 'Venezuela' twice and by its official name once."""
    data = graph.nodes["country:VEN"]
    assert data["name"] == "Venezuela"
    assert data["aliases"] == ["Bolivarian Republic of Venezuela"]
    assert data["iso3"] == "VEN" and data["is_vendor"] is False
    assert graph.nodes["tech:cctv"]["category"] == "video surveillance"


def test_edges_aggregate_across_memos(graph) -> None:
    """zte -> VEN SUPPLIES is said in three memos with three statuses; evidence keeps every sentence."""
    edge = graph.edges["org:zte", "country:VEN", "SUPPLIES"]
    assert edge["type"] == "SUPPLIES" and edge["weight"] == 3
    assert edge["memos"] == ["m1", "m2", "m3"]
    assert edge["statuses"] == ["alleged", "denied", "reported"] and edge["status"] == "reported"
    assert edge["first_date"] == "2019-05-16" and edge["last_date"] == "2020-03-02"  # m3 has no date
    assert edge["capabilities"] == ["tech:facial-recognition", "tech:smart-city", "tech:spyware"]
    assert edge["capability_names"] == ["facial recognition", "smart city", "spyware"]
    assert edge["confidence"] == 0.9
    assert [(e["memo_id"], e["status"]) for e in edge["evidence"]] == [
        ("m1", "reported"), ("m2", "alleged"), ("m3", "denied")]
    first = edge["evidence"][0]
    assert first["sentence"].startswith("ZTE Corporation supplied") and first["reference"] == "REF-m1"
    assert first["title"] == "ZTE in Venezuela" and first["date"] == "2019-05-16" and first["page"] == 1
    assert edge["evidence"][2]["date"] == "" and edge["evidence"][2]["title"] == ""


def test_two_memos_give_weight_two(graph) -> None:
    """PROVIDES zte -> facial recognition is in m1 and m2."""
    edge = graph.edges["org:zte", "tech:facial-recognition", "PROVIDES"]
    assert edge["weight"] == 2 and len(edge["evidence"]) == 2
    assert edge["first_date"] == "2019-05-16" and edge["last_date"] == "2020-03-02"
    assert edge["capabilities"] == [] and edge["confidence"] == 0.95


def test_status_is_the_most_assertive_present(graph) -> None:
    """A planned-only deal stays planned; the order is the documented one."""
    assert STATUS_ORDER == ("reported", "alleged", "planned", "halted", "denied")
    assert graph.edges["org:hikvision", "country:ECU", "SUPPLIES"]["status"] == "planned"
    assert graph.nodes["org:hikvision"]["is_vendor"] is True
    assert graph.nodes["country:CHN"]["is_vendor"] is False


def test_graph_attributes_and_order(graph) -> None:
    """Graph attrs name the memos; nodes and edges come out sorted whatever the input order."""
    assert graph.graph == {"memo_count": 3, "generated_from": ["m1", "m2", "m3"]}
    assert list(graph.nodes) == sorted(graph.nodes)
    keys = [(u, v, k) for u, v, k in graph.edges(keys=True)]
    assert keys == sorted(keys)
    assert graph.number_of_nodes() == 9 and graph.number_of_edges() == 5
    assert all(k == d["type"] for _, _, k, d in graph.edges(keys=True, data=True))


def test_memo_nodes_on_and_off(graph) -> None:
    """include_memos adds one MEMO node per record and MENTIONS edges weighted by mention count."""
    assert not any(data["type"] == "MEMO" for _, data in graph.nodes(data=True))
    with_memos = build_graph(sample_records(), include_memos=True)
    memo = with_memos.nodes[memo_node_id("m1")]
    assert memo["type"] == "MEMO" and memo["name"] == "ZTE in Venezuela"
    assert memo["date"] == "2019-05-16" and memo["reference"] == "REF-m1"
    assert with_memos.nodes[memo_node_id("m3")]["name"] == "m3"  # no title: the id
    assert with_memos.edges[memo_node_id("m1"), "org:zte", MENTIONS]["weight"] == 2
    assert with_memos.edges[memo_node_id("m2"), "org:zte", MENTIONS]["weight"] == 2
    mentions = [e for e in with_memos.edges(keys=True) if e[2] == MENTIONS]
    assert len(mentions) == sum(len(r.entities) for r in sample_records())
    assert with_memos.number_of_nodes() == graph.number_of_nodes() + 3


def test_relation_to_unlisted_entity_still_gets_a_node() -> None:
    """A relation whose endpoint the memo did not list must not crash; the node takes its type from the id."""
    record = sample_records()[1].model_copy(deep=True)
    record.relations.append(record.relations[0].model_copy(update={"id": "x", "target": "country:BOL"}))
    graph = build_graph([record])
    assert graph.nodes["country:BOL"]["type"] == "COUNTRY" and graph.nodes["country:BOL"]["name"] == "BOL"


def test_duplicate_memo_ids_are_refused() -> None:
    """Two records with one id would corrupt provenance."""
    records = sample_records()
    with pytest.raises(RecordsError) as info:
        build_graph([*records, records[0]])
    assert info.value.reason == "duplicate_memo_id"


def test_empty_input_gives_an_empty_graph() -> None:
    """No records, no nodes (not an error: a run where every file failed)."""
    graph = build_graph([])
    assert graph.number_of_nodes() == 0 and graph.graph == {"memo_count": 0, "generated_from": []}


def test_read_records_from_jsonl_and_memo_files(tmp_path) -> None:
    """records.jsonl is read first, memos/*.json is the fallback; both come back sorted by id."""
    records = sample_records()
    (tmp_path / "memos").mkdir()
    for record in records:
        (tmp_path / "memos" / f"{record.id}.json").write_text(record.to_json(), encoding="utf-8")
    assert [r.id for r in read_records(tmp_path)] == ["m1", "m2", "m3"]
    lines = [r.to_json(indent=None) for r in records[:2]]
    (tmp_path / "records.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    back = read_records(tmp_path)
    assert [r.id for r in back] == ["m1", "m3"]
    assert back[0] == records[1]


@pytest.mark.parametrize(("content", "reason"), [
    ("{not json\n", "record_invalid_json"),
    ('{"id": "x"}\n', "record_invalid"),
    ("[1, 2]\n", "record_invalid"),
])
def test_read_records_bad_input(tmp_path, content: str, reason: str) -> None:
    """Broken records raise RecordsError with a reason code and the file and line."""
    (tmp_path / "records.jsonl").write_text(content, encoding="utf-8")
    with pytest.raises(RecordsError) as info:
        read_records(tmp_path)
    assert info.value.reason == reason and info.value.path.endswith("records.jsonl:1")


def test_read_records_missing_folder(tmp_path) -> None:
    """A missing run folder and a folder without records are distinct reasons."""
    with pytest.raises(RecordsError) as info:
        read_records(tmp_path / "nope")
    assert info.value.reason == "run_dir_not_found"
    with pytest.raises(RecordsError) as info:
        read_records(tmp_path)
    assert info.value.reason == "no_records"
