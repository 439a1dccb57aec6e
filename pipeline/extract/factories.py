"""The one place that registers memokg's spaCy factories and Doc extensions.

`register()` is called by `build_nlp` before any component is added; call it
yourself before `spacy.load` of a memokg pipeline saved with `nlp.to_disk`.
Component order in a memokg pipeline: the structure marker before the parser,
the entity components after the statistical model, the relation component last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language

from pipeline.entities import (
    make_acronyms,
    make_domain_ruler,
    make_fixers,
    make_lemmas,
    make_names,
    make_places,
    make_resolver,
    make_structure,
    make_tech_patterns,
    make_verbs,
    register_extensions,
)
from pipeline.relations import make_relation_component

STRUCTURE_COMPONENT = "memokg_structure"
RELATION_COMPONENT = "memokg_relations"
MODELS_CONFIG: dict[str, Any] = {"models_dir": None}

# name -> factory, in pipeline order after the statistical model
_ENTITY_FACTORIES: dict[str, Callable[..., Any]] = {
    "memokg_lemmas": make_lemmas,
    "memokg_verbs": make_verbs,
    "memokg_fixers": make_fixers,
    "memokg_domain_ruler": make_domain_ruler,
    "memokg_places": make_places,
    "memokg_tech_patterns": make_tech_patterns,
    "memokg_acronyms": make_acronyms,
    "memokg_names": make_names,
    "memokg_resolver": make_resolver,
}
ENTITY_COMPONENTS: tuple[str, ...] = tuple(_ENTITY_FACTORIES)


def register() -> None:
    """Register every memokg factory and Doc extension with spaCy (safe to call any number of times)."""
    register_extensions()
    factories: list[tuple[str, Callable[..., Any], dict[str, Any]]] = [
        (STRUCTURE_COMPONENT, make_structure, {}),
        *((name, factory, MODELS_CONFIG) for name, factory in _ENTITY_FACTORIES.items()),
        (RELATION_COMPONENT, make_relation_component, MODELS_CONFIG),
    ]
    for name, factory, config in factories:
        if not Language.has_factory(name):
            Language.factory(name, default_config=config, func=factory)
