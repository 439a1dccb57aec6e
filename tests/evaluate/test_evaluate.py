"""memokg eval: document-level scoring of hand-made records against hand-made gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import EvaluationError
from pipeline.evaluate.score import contains_words, evaluate, format_report, normalise
from pipeline.schema import Entity, Evidence, MemoMetadata, MemoRecord, Mention, Relation, SourceInfo

GOLD = {
    "orgs": [{"name": "Human Rights Watch", "aliases": ["HRW"]}, {"name": "ZTE"}, {"name": "Velmora"}],
    "optional_orgs": [{"name": "Chinese government"}],
    "countries": ["CHN", "VEN"],
    "optional_countries": ["USA"],
    "technologies": [{"name": "facial recognition", "aliases": ["face recognition"]}, {"name": "smart cards"}],
    "optional_technologies": [{"name": "database"}],
    "supplies": [["ZTE", "VEN"]],
    "optional_supplies": [["ZTE", "CHN"]],
    "provides": [["ZTE", "smart cards"], ["Velmora", "facial recognition"]],
}


def entity(eid: str, label: str, name: str, *forms: str, iso3: str | None = None) -> Entity:
    mentions = [Mention(text=f, start=0, end=len(f)) for f in (name, *forms)]
    return Entity(id=eid, label=label, name=name, iso3=iso3, mentions=mentions)


def relation(kind: str, source: str, target: str) -> Relation:
    return Relation(id=f"rel:{kind}:{source}:{target}", type=kind, source=source, target=target,
                    evidence=Evidence(sentence="s", start=0, end=1))


def record(stem: str, entities: list[Entity], relations: list[Relation]) -> MemoRecord:
    source = SourceInfo(path=f"/somewhere/{stem}.txt", name=f"{stem}.txt", sha256="0" * 64, format="text")
    return MemoRecord(id=stem, source=source, metadata=MemoMetadata(), text="", entities=entities,
                      relations=relations)


def good_record(stem: str = "memo-a") -> MemoRecord:
    ents = [
        entity("org:hrw", "ORG", "HRW"),                      # alias match
        entity("org:zte", "ORG", "ZTE Corporation", "ZTE"),   # mention match
        entity("org:chinese-government", "ORG", "Chinese government"),  # optional: ignored
        entity("org:acme", "ORG", "Acme Widgets"),            # spurious
        entity("country:CHN", "COUNTRY", "China", iso3="CHN"),
        entity("country:USA", "COUNTRY", "United States", iso3="USA"),  # optional: ignored
        entity("country:FRA", "COUNTRY", "France", iso3="FRA"),         # spurious
        entity("tech:frt", "TECHNOLOGY", "facial recognition cameras"),  # containment match
        entity("tech:db", "TECHNOLOGY", "database"),                     # optional: ignored
        entity("tech:x", "TECHNOLOGY", "quantum widgets"),               # spurious
        entity("country:VEN", "COUNTRY", "Venezuela", iso3="VEN"),
        entity("tech:sc", "TECHNOLOGY", "smart card"),                   # not whole-word 'smart cards': missed
    ]
    rels = [relation("SUPPLIES", "org:zte", "country:VEN"), relation("SUPPLIES", "org:zte", "country:CHN"),
            relation("SUPPLIES", "org:acme", "country:FRA"), relation("PROVIDES", "org:zte", "tech:frt")]
    return record(stem, ents, rels)


@pytest.fixture()
def folders(tmp_path: Path) -> tuple[Path, Path]:
    gold, pred = tmp_path / "gold", tmp_path / "run"
    (pred / "memos").mkdir(parents=True)
    gold.mkdir()
    (gold / "memo-a.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (pred / "memos" / "memo-a.json").write_text(good_record().to_json(), encoding="utf-8")
    return gold, pred


def scores(report) -> dict[str, tuple[float, float, int, int]]:
    return {s.label: (s.precision, s.recall, s.predicted, s.gold) for s in report.scores}


def test_figures_per_label(folders: tuple[Path, Path]) -> None:
    report = evaluate(*folders)
    got = scores(report)
    assert got["ORG"] == (0.667, 0.667, 3, 3)          # HRW, ZTE right; Acme wrong; Velmora missed
    assert got["COUNTRY"] == (0.667, 1.0, 3, 2)        # CHN, VEN right; FRA wrong; USA optional
    assert got["TECHNOLOGY"] == (0.333, 0.5, 3, 2)     # frt right; quantum widgets, smart card wrong
    assert got["SUPPLIES"] == (0.5, 1.0, 2, 1)         # ZTE->VEN right; ZTE->CHN optional; Acme->FRA wrong
    assert got["PROVIDES"] == (0.0, 0.0, 1, 2)
    doc = report.per_document[0]
    assert doc.missed["ORG"] == ["Velmora"] and doc.spurious["ORG"] == ["Acme Widgets"]
    assert doc.missed["TECHNOLOGY"] == ["smart cards"]
    assert doc.spurious["COUNTRY"] == ["FRA"]
    assert doc.spurious["SUPPLIES"] == ["Acme Widgets->FRA"]
    all_row = report.scores[-1]
    assert all_row.label == "ALL" and all_row.predicted == 3 + 3 + 3 + 2 + 1


def test_missing_output_counts_every_gold_item_as_missed(folders: tuple[Path, Path]) -> None:
    gold, pred = folders
    (gold / "memo-b.gold.json").write_text(json.dumps({"orgs": ["Citizen Lab"], "countries": ["MEX"]}))
    report = evaluate(gold, pred)
    assert report.missing_outputs == ["memo-b"]
    assert scores(report)["ORG"][3] == 4
    assert "no output for: memo-b" in format_report(report)


def test_records_jsonl_is_read_and_paired_by_stem(tmp_path: Path) -> None:
    gold, pred = tmp_path / "g", tmp_path / "p"
    gold.mkdir()
    pred.mkdir()
    (gold / "memo-a.gold.json").write_text(json.dumps(GOLD))
    (pred / "records.jsonl").write_text(good_record().to_json(indent=None) + "\n")
    assert scores(evaluate(gold, pred))["ORG"] == (0.667, 0.667, 3, 3)


def test_entities_sharing_a_form_count_once(folders: tuple[Path, Path]) -> None:
    gold, pred = folders
    rec = good_record()
    rec.entities.append(entity("org:zte-2", "ORG", "ZTE"))
    (pred / "memos" / "memo-a.json").write_text(rec.to_json())
    assert scores(evaluate(gold, pred))["ORG"][2] == 3


def test_format_report_has_table_and_errors(folders: tuple[Path, Path]) -> None:
    text = format_report(evaluate(*folders))
    assert "== memo-a" in text and "Acme Widgets" in text
    for label in ("ORG", "COUNTRY", "TECHNOLOGY", "SUPPLIES", "PROVIDES", "ALL"):
        assert any(line.startswith(label) for line in text.splitlines())


def test_normalisation_and_whole_word_containment() -> None:
    assert normalise("The Hacking Team’s") == "hacking team"
    assert normalise("Wi-Fi") == "wi fi"
    assert contains_words("facial recognition cameras", "Facial Recognition")
    assert not contains_words("smart card", "smart cards")
    assert not contains_words("spywareX", "spyware")


def test_bad_folders_and_gold_raise_evaluation_errors(tmp_path: Path, folders: tuple[Path, Path]) -> None:
    gold, pred = folders
    with pytest.raises(EvaluationError) as info:
        evaluate(tmp_path / "missing", pred)
    assert info.value.reason == "not_found"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EvaluationError) as info:
        evaluate(empty, pred)
    assert info.value.reason == "no_gold"
    (gold / "memo-z.gold.json").write_text("{not json")
    with pytest.raises(EvaluationError) as info:
        evaluate(gold, pred)
    assert info.value.reason == "gold_invalid"
