"""The relation component inside the full extraction pipeline (entities from the real resolver)."""

from __future__ import annotations

import pytest

extract = pytest.importorskip("pipeline.extract.nlp")
segment = pytest.importorskip("pipeline.segment.sections")

MEMO = """TEST-CERT

Surveillance exports: a short note

Reference: Memo [250101-1] Date: 01/01/2025 - Version: 1.0 Keywords: surveillance Sources: open sources

Key Points

- Hacking Team sold its Remote Control System spyware to Sudan's National Intelligence and Security Service.

Summary

Zimbabwe bought a facial recognition platform from CloudWalk last year. The Chinese company ZTE is helping Venezuela \
build a national identity database. The country's authorities later asked the company to install smart cards readers \
in every polling station.

Comments

Egypt is believed to be a customer of Sandvine.
"""


@pytest.fixture(scope="module")
def result():
    """Entities and relations of the memo, from one Extractor."""
    extractor = extract.Extractor()
    sections = segment.segment(MEMO).sections
    entities, relations = extractor.extract(MEMO, sections)
    return {e.id: e for e in entities}, relations, sections


def supplies(relations) -> set[tuple[str, str]]:
    """(vendor, country) pairs of the SUPPLIES relations."""
    return {(r.source, r.target) for r in relations if r.type == "SUPPLIES"}


@pytest.mark.slow
def test_supplies_end_to_end(result):
    entities, relations, _ = result
    found = supplies(relations)
    for vendor, country in [("zte", "VEN"), ("hacking-team", "SDN"), ("sandvine", "EGY")]:
        assert any(v.endswith(vendor) and t == f"country:{country}" for v, t in found), (vendor, country, found)
    assert not any(t == "country:CHN" for _, t in found)  # ZTE's home country is not a customer
    for relation in relations:
        assert relation.source in entities and relation.target in entities


@pytest.mark.slow
def test_roles_and_statuses_end_to_end(result):
    _, relations, _ = result
    egypt = next(r for r in relations if r.type == "SUPPLIES" and r.target == "country:EGY")
    assert egypt.evidence.role == "assessment"
    assert egypt.status == "alleged"
    venezuela = [r for r in relations if r.type == "SUPPLIES" and r.target == "country:VEN"]
    assert {r.evidence.role for r in venezuela} == {"reporting"}
    assert all(MEMO[r.evidence.start : r.evidence.end] == r.evidence.sentence for r in relations)
