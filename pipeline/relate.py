"""Relation extraction (placeholder until the relations work lands: registers the component, finds nothing)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import spacy_ext  # noqa: F401  (registers Doc attributes)


@Language.factory("memokg_relations", default_config={"models_dir": None})
def make_relation_component(nlp: Language, name: str, models_dir: str | None) -> "RelationComponent":
    """spaCy factory of the relation component."""
    return RelationComponent()


class RelationComponent:
    """Writes doc._.memokg_relations."""

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        doc._.memokg_relations = []
        return doc
