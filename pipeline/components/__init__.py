"""memokg's spaCy components for entity extraction; importing the package registers their factories.

Order in the pipeline (after the statistical model): fixers (clean model
entities), domain ruler (registries), places (countries, demonyms, places),
technology patterns, acronyms, then the resolver that writes
`doc._.memokg_entities`.
"""

from pipeline.components import acronyms, domain_ruler, fixers, places, resolver, tech_patterns

COMPONENT_NAMES = (
    "memokg_fixers",
    "memokg_domain_ruler",
    "memokg_places",
    "memokg_tech_patterns",
    "memokg_acronyms",
    "memokg_resolver",
)

__all__ = ["COMPONENT_NAMES", "acronyms", "domain_ruler", "fixers", "places", "resolver", "tech_patterns"]
