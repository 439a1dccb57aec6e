"""Every name memokg keeps on a spaCy Doc: its extensions, span groups and per-Doc caches.

The segmentation is put on the Doc before the pipeline runs (`memokg_sections`),
the resolver component writes `memokg_entities`, the relation component
writes `memokg_relations`. Candidate spans of each entity method live in the
span group `memokg:<method>`. Per-Doc caches go in `doc.user_data` under the
keys below, never on a shared component, so one Doc's state cannot leak into
the next. `register_extensions` is called by the one registration function,
`pipeline.extract.factories.register`.
"""

from __future__ import annotations

from spacy.tokens import Doc

DOC_SECTIONS = "memokg_sections"
DOC_ENTITIES = "memokg_entities"
DOC_RELATIONS = "memokg_relations"
DOC_EXTENSIONS = (DOC_SECTIONS, DOC_ENTITIES, DOC_RELATIONS)

GROUP_PREFIX = "memokg:"
# Methods whose candidate spans sit in a span group of their own (plus acronym definitions).
GROUP_METHODS = ("ruler", "model", "pattern", "acronym", "demonym", "place", "acronym_def")

# doc.user_data keys
OFFSET_KEY = "memokg_offset"  # where a chunk Doc starts in the whole memo text
TEXT_KEY = "memokg_text"  # Doc.text, computed once
VIEW_KEY = "memokg_joined_view"  # the text with wrapped lines joined, for matchers
LOWER_WORDS_KEY = "memokg_lower_words"  # lower-case words of the Doc, for the junk filter
ORG_TOKENS_KEY = "memokg_org_tokens"  # tokens inside ORG candidates, for the technology patterns


def group_name(method: str) -> str:
    """Span group that holds the candidates found by one method."""
    return f"{GROUP_PREFIX}{method}"


def register_extensions() -> None:
    """Register memokg's Doc attributes (safe to call any number of times)."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
