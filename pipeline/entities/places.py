"""Country mentions: names, aliases, demonyms and places (cities, regions, US states) resolved to ISO3.

All lookups are exact-case PhraseMatcher hits over dictionaries built by the
gazetteer. A city name that is one token must also be tagged GPE/LOC by the
statistical model, or stand after a place preposition, because many
single-word city names are common words or surnames ("Reading", "Nice"). Matching runs over the joined view of
the Doc, so "Equatorial\nGuinea" wrapped by a PDF is one name.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pipeline.entities.common import add_spans, drop_joined_view, joined_matches, make_span
from pipeline.knowledge import Gazetteer, gazetteer_of, load_knowledge

PLACE_LABELS = ("GPE", "LOC", "FAC")


def _demonym_forms(demonym: str) -> list[str]:
    """A demonym and its plural noun ("Kenyan" -> "Kenyans", "Saudi" -> "Saudis")."""
    forms = [demonym]
    if demonym[-1:] in ("n", "i") and " " not in demonym:
        forms.append(demonym + "s")
    return forms


LOCATIVE = frozenset({"in", "at", "near", "outside", "across", "around", "from", "to", "throughout", "inside"})


def locative(token) -> bool:  # noqa: ANN001  (a spaCy Token)
    """Whether a capitalised word is the object of a place preposition ("police in Durban"): then a city name
    the model did not tag is still the city, as the common words among city names seldom stand there."""
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE and token.text[:1].isupper()


class PlaceMatcher:
    """Writes COUNTRY candidates to the `memokg:ruler`, `memokg:demonym` and `memokg:place` groups."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        table: dict[str, list] = {}
        self.single_token_cities: set[str] = set()
        sources = (("ruler", gazetteer.countries), ("demonym", gazetteer.demonyms), ("place", gazetteer.places))
        for method, mapping in sources:
            for surface, iso3 in sorted(mapping.items()):
                forms = _demonym_forms(surface) if method == "demonym" else [surface]
                for form in forms:
                    table.setdefault(f"{method}|{iso3}", []).append(nlp.make_doc(form))
        for surface, iso3 in sorted(gazetteer.cities.items()):
            pattern = nlp.make_doc(surface)
            key = f"city|{iso3}"
            table.setdefault(key, []).append(pattern)
            if len(pattern) == 1:
                self.single_token_cities.add(surface)
        for key in sorted(table):
            self.matcher.add(key, table[key])

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        place_tokens = {i for ent in doc.ents if ent.label_ in PLACE_LABELS for i in range(ent.start, ent.end)}
        found: dict[str, list] = {"ruler": [], "demonym": [], "place": []}
        for match_id, start, end in joined_matches(self.matcher, doc):
            method, iso3 = doc.vocab.strings[match_id].split("|")
            if method == "city":
                if doc[start:end].text in self.single_token_cities and start not in place_tokens \
                        and not locative(doc[start]):
                    continue
                method = "place"
            found[method].append(make_span(doc, start, end, "COUNTRY", iso3))
        for method, spans in found.items():
            spans.sort(key=lambda s: (s.start, s.end, s.kb_id_))
            add_spans(doc, method, spans)
        drop_joined_view(doc)
        return doc


def make_places(nlp: Language, name: str, models_dir: str | None) -> PlaceMatcher:
    """spaCy factory of the country/demonym/place matcher."""
    return PlaceMatcher(nlp, gazetteer_of(load_knowledge(models_dir)))
