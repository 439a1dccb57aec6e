"""The shared word classes of models/lexicon.json: lower-case lemmas by class name, for every stage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.errors import ModelsDataError

if TYPE_CHECKING:
    from pipeline.knowledge.loader import Knowledge

LEXICON_FILE = "lexicon.json"


def word_list(values: Any, where: str, path: str) -> frozenset[str]:
    """A list of strings as a set of lower-case words, or a ModelsDataError naming the list."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ModelsDataError("models_file_invalid", f"{where} must be a list of strings", path)
    return frozenset(v.lower() for v in values)


def _build(knowledge: Knowledge) -> dict[str, frozenset[str]]:
    raw = knowledge.json(LEXICON_FILE)
    path = knowledge.path(LEXICON_FILE)
    if not isinstance(raw, dict):
        raise ModelsDataError("models_file_invalid", f"{LEXICON_FILE} must hold an object", path)
    return {name: word_list(values, name, path) for name, values in raw.items() if not name.startswith("_")}


def lexicon_of(knowledge: Knowledge) -> dict[str, frozenset[str]]:
    """Word classes by name (an absent class is absent; callers use `.get(name, frozenset())`)."""
    return knowledge.derive("lexicon", _build)
