"""Custom attributes memokg keeps on spaCy Docs, registered once.

The segmentation is put on the Doc before the pipeline runs (`memokg_sections`),
the resolver component writes `memokg_entities`, the relation component
writes `memokg_relations`.
"""

from __future__ import annotations

from spacy.tokens import Doc

DOC_ATTRIBUTES = ("memokg_sections", "memokg_entities", "memokg_relations")


def register_doc_extensions() -> None:
    """Register memokg's Doc attributes (safe to call any number of times)."""
    for name in DOC_ATTRIBUTES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_doc_extensions()
