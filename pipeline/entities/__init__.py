"""memokg's spaCy components for entity extraction; importing the package registers their factories.

Before the parser: structure (sentence starts at the memo's structural
boundaries). After the statistical model: fixers (clean model
entities), domain ruler (registries), places (countries, demonyms, places),
technology patterns, acronyms, then the resolver that writes
`doc._.memokg_entities`.
"""

from pipeline.entities import acronyms, domain_ruler, fixers, places, resolver, structure, tech_patterns

COMPONENT_NAMES = (
    "memokg_fixers",
    "memokg_domain_ruler",
    "memokg_places",
    "memokg_tech_patterns",
    "memokg_acronyms",
    "memokg_resolver",
)

STRUCTURE_NAME = "memokg_structure"

__all__ = ["COMPONENT_NAMES", "STRUCTURE_NAME", "acronyms", "domain_ruler", "fixers", "places", "resolver", "structure",
           "tech_patterns"]
