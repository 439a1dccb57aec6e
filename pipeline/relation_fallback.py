"""Low-confidence fallback: a known vendor, a country and a supply cue in one clause.

Used only for pairs the dependency patterns did not relate in that sentence,
and labelled `cooccurrence` so nobody mistakes it for a parsed relation.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.relation_args import MentionIndex
from pipeline.relation_frames import Candidate


def _clause_head(token: Token) -> Token:
    """Nearest verb (or the root) governing the token."""
    for candidate in [token, *token.ancestors]:
        if candidate.pos_ in {"VERB", "AUX"} and candidate.dep_ not in {"aux", "auxpass", "amod"}:
            return candidate
    return token.sent.root


def sentence_fallback(sent: Span, index: MentionIndex, related: set[tuple[str, str]]) -> list[Candidate]:
    """SUPPLIES candidates by co-occurrence in one clause of the sentence."""
    cues = index.cues
    cue_tokens = [t for t in sent if t.lemma_.lower() in cues.fallback_cues]
    if not cue_tokens:
        return []
    vendors = [(i, e) for i in range(sent.start, sent.end) for e in index.at(i) if index.known_vendor(e)]
    countries = [(i, e) for i in range(sent.start, sent.end) for e in index.at(i) if e.label == "COUNTRY"]
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for cue in cue_tokens:
        clause = {t.i for t in _clause_head(cue).subtree}
        for v_i, vendor in vendors:
            if v_i not in clause:
                continue
            vendor_np = {t.i for t in index.doc[v_i].head.subtree} if index.doc[v_i].dep_ == "compound" else set()
            vendor_np |= {t.i for t in index.doc[v_i].subtree}
            for c_i, country in countries:
                pair = (vendor.id, country.id)
                if c_i not in clause or c_i in vendor_np or pair in related or pair in seen:
                    continue
                if country.iso3 == vendor.country:
                    continue  # the home country is only a customer when a pattern says so
                seen.add(pair)
                out.append(Candidate("SUPPLIES", vendor, country, cue.i, "cooccurrence"))
    return out
