"""Entity extraction as spaCy components: organisations, countries, technologies (and people) with offsets.

Before the parser: structure (sentence starts at the memo's structural
boundaries). After the statistical model: fixers (clean model entities),
domain ruler (registries), places (countries, demonyms, places), technology
patterns, acronyms, then the resolver that writes `doc._.memokg_entities`.
The factories are registered in one place, `pipeline.extract.factories`.
"""

from pipeline.entities.acronyms import make_acronyms
from pipeline.entities.attrs import (
    DOC_ENTITIES,
    DOC_EXTENSIONS,
    DOC_RELATIONS,
    DOC_SECTIONS,
    OFFSET_KEY,
    group_name,
    register_extensions,
)
from pipeline.entities.common import doc_text
from pipeline.entities.confidence import ConfidenceRule
from pipeline.entities.domain_ruler import make_domain_ruler
from pipeline.entities.fixers import make_fixers
from pipeline.entities.lemmas import make_lemmas
from pipeline.entities.name_clues import noun_word
from pipeline.entities.names import make_names
from pipeline.entities.places import make_places
from pipeline.entities.resolver import country_name, make_resolver
from pipeline.entities.structure import make_structure
from pipeline.entities.tech_patterns import make_tech_patterns
from pipeline.entities.verbs import make_verbs

__all__ = [
    "DOC_ENTITIES",
    "DOC_EXTENSIONS",
    "DOC_RELATIONS",
    "DOC_SECTIONS",
    "OFFSET_KEY",
    "ConfidenceRule",
    "country_name",
    "doc_text",
    "group_name",
    "make_acronyms",
    "make_domain_ruler",
    "make_fixers",
    "make_lemmas",
    "make_verbs",
    "noun_word",
    "make_names",
    "make_places",
    "make_resolver",
    "make_structure",
    "make_tech_patterns",
    "register_extensions",
]
