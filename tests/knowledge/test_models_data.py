"""Checks of the domain-knowledge data files in models/ (read through pipeline.knowledge.files).

The files are edited by hand by analysts, so these tests are the review rules
made executable: formats, sorted unique slug ids, allowed categories and kinds,
valid ISO3 codes, no generic words, no alias claimed by two records.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pycountry
import pytest

from pipeline.errors import ModelsDataError
from pipeline.knowledge import Knowledge, default_models_dir, load_knowledge

# The repository's own models/ folder, passed as the override so the tests check
# the files in this checkout even when an older copy of the package is installed.
MODELS = Path(__file__).resolve().parents[2] / "models"

TECH_CATEGORIES = {
    "biometrics", "video-surveillance", "interception", "spyware", "network-filtering", "identity",
    "data-analytics", "ai", "cloud", "telecom", "smart-city", "location-tracking", "forensics",
    "communications", "cybersecurity", "platform",
}
VENDOR_KINDS = {
    "surveillance", "spyware", "telecom", "video", "biometrics", "ai", "analytics", "forensics", "filtering",
    "defence", "it", "cloud", "holding",
}
ORG_KINDS = {
    "ngo", "research", "media", "government", "agency", "intergovernmental", "standards", "court", "party", "company",
}
# Words that are never an entity on their own (the README lists the same words for analysts).
GENERIC_WORDS = {
    "system", "systems", "technology", "technologies", "software", "data", "equipment", "network", "networks",
    "platform", "platforms", "application", "applications", "app", "apps", "device", "devices", "solution",
    "solutions", "service", "services", "tool", "tools", "product", "products", "camera", "cameras", "security",
    "surveillance", "intelligence", "monitoring", "internet", "company", "group", "government", "agency",
}
# ISO 3166-1 user-assigned codes that are in common use (Kosovo).
EXTRA_ISO3 = {"XKX"}
DUAL_NOTE = "also a company name"
NON_UN_MEMBERS = set(
    "ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM ESH FLK FRO GGY GIB GLP GRL GUF GUM HKG HMD IMN IOT "
    "JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PSE PYF REU SGS SHN SJM SPM SXM TCA TKL TWN UMI VAT VGB VIR "
    "WLF".split()
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

JSONL_FILES = {
    "technologies.jsonl": ({"id", "name", "category", "aliases"}, {"note"}),
    "vendors.jsonl": ({"id", "name", "aliases", "country", "kind"}, {"note", "products"}),
    "organisations.jsonl": ({"id", "name", "aliases", "country", "kind"}, {"note"}),
}
MINIMUM = {"technologies.jsonl": 200, "vendors.jsonl": 200, "organisations.jsonl": 120}


def slugify(text: str) -> str:
    """The id rule of technologies.jsonl: ASCII, lowercase, '+' as 'plus', '&' as 'and', apostrophes dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = folded.replace("'", "").replace("+", " plus ").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def surfaces(row: dict[str, Any]) -> list[str]:
    """Canonical name and aliases of one record."""
    return [row["name"], *row["aliases"]]


def valid_iso3(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code known to pycountry, or an allowed user-assigned one."""
    return code in EXTRA_ISO3 or pycountry.countries.get(alpha_3=code) is not None


@pytest.fixture(scope="module")
def rows() -> dict[str, list[dict[str, Any]]]:
    """Every JSON Lines registry, loaded through pipeline.knowledge."""
    return {name: load_knowledge().jsonl(name) for name in JSONL_FILES}


@pytest.fixture(scope="module")
def countries() -> dict[str, Any]:
    """countries.json, loaded through pipeline.knowledge."""
    return load_knowledge().json("countries.json")


@pytest.mark.parametrize("name", sorted(JSONL_FILES))
def test_one_json_object_per_line(name: str) -> None:
    text = (MODELS / name).read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.startswith("\ufeff")
    for number, line in enumerate(text.splitlines(), start=1):
        assert line.strip(), f"{name}:{number}: blank line"
        assert isinstance(json.loads(line), dict), f"{name}:{number}: not a JSON object"


@pytest.mark.parametrize("name", sorted(JSONL_FILES))
def test_required_keys_and_types(rows: dict[str, list[dict[str, Any]]], name: str) -> None:
    required, optional = JSONL_FILES[name]
    for row in rows[name]:
        keys = set(row)
        assert required <= keys, f"{name}: {row.get('id')} lacks {sorted(required - keys)}"
        assert keys <= required | optional, f"{name}: {row['id']} has unknown keys {sorted(keys - required - optional)}"
        assert isinstance(row["name"], str) and row["name"] == row["name"].strip() and row["name"]
        assert isinstance(row["aliases"], list)
        for alias in row["aliases"]:
            assert isinstance(alias, str) and alias == alias.strip() and alias, f"{row['id']}: bad alias {alias!r}"
        assert row["name"] not in row["aliases"], f"{row['id']}: name repeated as alias"
        assert len(set(row["aliases"])) == len(row["aliases"]), f"{row['id']}: duplicate alias"
        if "note" in row:
            assert isinstance(row["note"], str) and row["note"]


@pytest.mark.parametrize("name", sorted(JSONL_FILES))
def test_ids_are_unique_sorted_slugs(rows: dict[str, list[dict[str, Any]]], name: str) -> None:
    ids = [row["id"] for row in rows[name]]
    assert all(SLUG.match(i) for i in ids), [i for i in ids if not SLUG.match(i)]
    assert ids == sorted(ids), f"{name} is not sorted by id"
    assert len(ids) == len(set(ids)), f"{name} has duplicate ids"


def test_technology_id_is_slug_of_name(rows: dict[str, list[dict[str, Any]]]) -> None:
    wrong = [(row["id"], row["name"]) for row in rows["technologies.jsonl"] if row["id"] != slugify(row["name"])]
    assert wrong == []


def test_categories_and_kinds_are_allowed(rows: dict[str, list[dict[str, Any]]]) -> None:
    assert {row["category"] for row in rows["technologies.jsonl"]} <= TECH_CATEGORIES
    assert {row["kind"] for row in rows["vendors.jsonl"]} <= VENDOR_KINDS
    assert {row["kind"] for row in rows["organisations.jsonl"]} <= ORG_KINDS


def test_registry_countries_are_iso3(rows: dict[str, list[dict[str, Any]]]) -> None:
    for row in rows["vendors.jsonl"]:
        assert isinstance(row["country"], str) and valid_iso3(row["country"]), row["id"]
    for row in rows["organisations.jsonl"]:
        # International bodies have no country; national ones must carry a valid code.
        assert row["country"] is None or valid_iso3(row["country"]), row["id"]


@pytest.mark.parametrize("name", sorted(JSONL_FILES))
def test_no_generic_word_as_name_or_alias(rows: dict[str, list[dict[str, Any]]], name: str) -> None:
    generic = [(row["id"], s) for row in rows[name] for s in surfaces(row) if s.casefold() in GENERIC_WORDS]
    assert generic == []


@pytest.mark.parametrize("name", sorted(JSONL_FILES))
def test_no_alias_shared_within_a_file(rows: dict[str, list[dict[str, Any]]], name: str) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows[name]:
        for surface in surfaces(row):
            owners[surface.casefold()].add(row["id"])
    shared = {s: sorted(ids) for s, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_vendor_and_technology_share_names_only_for_dual_products(rows: dict[str, list[dict[str, Any]]]) -> None:
    vendor_names = {s.casefold(): row["id"] for row in rows["vendors.jsonl"] for s in surfaces(row)}
    clashes = [
        (row["id"], s, vendor_names[s.casefold()])
        for row in rows["technologies.jsonl"]
        for s in surfaces(row)
        if s.casefold() in vendor_names and DUAL_NOTE not in row.get("note", "")
    ]
    assert clashes == []


def test_vendors_and_organisations_do_not_overlap(rows: dict[str, list[dict[str, Any]]]) -> None:
    vendor_ids = {row["id"] for row in rows["vendors.jsonl"]}
    vendor_names = {s.casefold() for row in rows["vendors.jsonl"] for s in surfaces(row)}
    for row in rows["organisations.jsonl"]:
        assert row["id"] not in vendor_ids, row["id"]
        assert not {s.casefold() for s in surfaces(row)} & vendor_names, row["id"]


def test_vendor_products_are_known_technologies(rows: dict[str, list[dict[str, Any]]]) -> None:
    tech_names = {row["name"] for row in rows["technologies.jsonl"]}
    claimed: dict[str, str] = {}
    for row in rows["vendors.jsonl"]:
        for product in row.get("products", []):
            assert product in tech_names, f"{row['id']}: unknown product {product!r}"
            assert product not in claimed, f"{product!r} claimed by {claimed[product]} and {row['id']}"
            claimed[product] = row["id"]
    assert claimed, "no vendor lists a product"


def test_dual_products_name_a_vendor(rows: dict[str, list[dict[str, Any]]]) -> None:
    vendor_names = {s.casefold() for row in rows["vendors.jsonl"] for s in surfaces(row)}
    duals = [row for row in rows["technologies.jsonl"] if DUAL_NOTE in row.get("note", "")]
    assert duals, "the FinFisher case (product named like its maker) should be present"
    assert any(row["name"].casefold() in vendor_names for row in duals)


@pytest.mark.parametrize("name", sorted(MINIMUM))
def test_minimum_counts(rows: dict[str, list[dict[str, Any]]], name: str) -> None:
    assert len(rows[name]) >= MINIMUM[name]


def test_required_coverage(rows: dict[str, list[dict[str, Any]]]) -> None:
    """A few records the extractor relies on, by the surface forms memos use."""
    tech = {s for row in rows["technologies.jsonl"] for s in surfaces(row)}
    vendors = {s for row in rows["vendors.jsonl"] for s in surfaces(row)}
    orgs = {s for row in rows["organisations.jsonl"] for s in surfaces(row)}
    assert {"Pegasus", "FinSpy", "StingRay", "IMSI catcher", "ANPR", "licence plate recognition",
            "license plate recognition", "deep packet inspection", "Safe City", "smart cities"} <= tech
    assert {"Huawei", "ZTE", "NSO Group", "Hacking Team", "Blue Coat Systems", "Gamma International"} <= vendors
    assert {"Citizen Lab", "NISS", "Wassenaar Arrangement", "Entity List"} <= orgs


def test_countries_structure(countries: dict[str, Any]) -> None:
    assert {"aliases", "demonyms", "places", "not_countries", "ambiguous_places"} <= set(countries)
    for table in ("aliases", "demonyms", "places"):
        assert isinstance(countries[table], dict) and countries[table]
        bad = {k: v for k, v in countries[table].items() if not (isinstance(v, str) and valid_iso3(v))}
        assert bad == {}, f"{table}: invalid ISO3 {bad}"
    for listed in ("not_countries", "ambiguous_places"):
        assert all(isinstance(x, str) and x for x in countries[listed])
        assert len(set(countries[listed])) == len(countries[listed])
    for code_list in countries.get("ambiguous_demonyms", {}).values():
        assert len(code_list) >= 2 and all(valid_iso3(c) for c in code_list)


def test_countries_entries_do_not_contradict(countries: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    for table in ("aliases", "demonyms", "places"):
        for surface, code in countries[table].items():
            assert seen.setdefault(surface, code) == code, f"{surface!r} maps to {seen[surface]} and {code}"
    unresolved = set(countries["not_countries"]) | set(countries["ambiguous_places"])
    assert not unresolved & set(seen), sorted(unresolved & set(seen))
    assert not set(countries.get("ambiguous_demonyms", {})) & set(countries["demonyms"])


def test_countries_known_facts(countries: dict[str, Any]) -> None:
    aliases, demonyms, places = countries["aliases"], countries["demonyms"], countries["places"]
    assert aliases["Burma"] == "MMR" and aliases["UK"] == "GBR" and aliases["Kosovo"] == "XKX"
    assert demonyms["Emirati"] == "ARE" and demonyms["American"] == "USA" and demonyms["Belarussian"] == "BLR"
    assert places["Xinjiang"] == "CHN" and places["Hong Kong"] == "HKG" and places["Herzliya"] == "ISR"
    assert "Korean" not in demonyms and "Georgia" in countries["ambiguous_places"]


def test_every_un_member_has_a_demonym(countries: dict[str, Any]) -> None:
    ambiguous = countries.get("ambiguous_demonyms", {}).values()
    codes = set(countries["demonyms"].values()) | {code for codes in ambiguous for code in codes}
    # The 193 UN members are pycountry's 249 entries minus territories, dependencies and observers.
    un_members = {c.alpha_3 for c in pycountry.countries} - NON_UN_MEMBERS
    assert len(un_members) == 193
    assert un_members - codes == set()


def test_user_folder_overrides_one_file(tmp_path: Path) -> None:
    """An analyst's folder may hold only some files; the others come from the shipped folder."""
    shutil.copy(MODELS / "vendors.jsonl", tmp_path / "vendors.jsonl")
    extra = {"id": "zz-example-vendor", "name": "Example Vendor", "aliases": [], "country": "NOR", "kind": "it"}
    with (tmp_path / "vendors.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(extra) + "\n")
    knowledge = Knowledge.read(str(tmp_path))
    assert knowledge.jsonl("vendors.jsonl")[-1]["id"] == "zz-example-vendor"
    assert knowledge.path("technologies.jsonl") == str(default_models_dir() / "technologies.jsonl")
    assert knowledge.digest != load_knowledge().digest


def test_malformed_line_raises_models_error(tmp_path: Path) -> None:
    (tmp_path / "vendors.jsonl").write_text('{"id": "ok", "name": "OK"}\n{"id": broken\n', encoding="utf-8")
    with pytest.raises(ModelsDataError) as caught:
        Knowledge.read(str(tmp_path)).jsonl("vendors.jsonl")
    assert caught.value.reason == "models_file_invalid" and "line 2" in caught.value.message
