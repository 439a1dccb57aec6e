"""Fixtures shared by the relation tests: the real spaCy model and the shipped relation cues, loaded once."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.extract import load_model, register
from pipeline.relations import RelationCues, load_cues


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real statistical model, loaded once per test process, with memokg's factories and extensions registered."""
    register()
    return load_model()


@pytest.fixture(scope="session")
def cues() -> RelationCues:
    """The shipped relation cues (with the shipped vendor registry)."""
    return load_cues()
