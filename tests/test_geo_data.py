"""The geography and organisations gazetteer (countries/places/organisations YAML) holds together.

Why: these files are edited by hand after tools/build_geo.py drafts them, and the extractor
trusts them blindly (an alias claimed twice silently picks one entity; a capital id that does not
resolve drops a city). Each check here is a rule of docs/gazetteer.md.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from liqa.textnorm import fold

GAZ = Path(__file__).resolve().parents[1] / "tasks" / "extract" / "gazetteer"
ARABIC = re.compile("[\u0600-\u06FF]")
LATIN = re.compile("[A-Za-z]")
ORG_KINDS = {"government", "ministry", "parliament", "party", "movement", "igo", "agency",
             "military", "court", "company", "other"}
UN_PLUS = {"PS", "XK", "TW", "VA"}


def _load(name: str) -> list[dict]:
    data = yaml.safe_load((GAZ / name).read_text(encoding="utf-8"))
    assert isinstance(data, list) and all(isinstance(e, dict) for e in data), name
    return data


@pytest.fixture(scope="module")
def countries() -> list[dict]:
    return _load("countries.yaml")


@pytest.fixture(scope="module")
def places() -> list[dict]:
    return _load("places.yaml")


@pytest.fixture(scope="module")
def orgs() -> list[dict]:
    return _load("organisations.yaml")


def _all(countries, places, orgs):
    return [("countries", e) for e in countries] + [("places", e) for e in places] + [("orgs", e) for e in orgs]


def test_ids_and_codes_are_unique(countries, places, orgs):
    codes = [c["code"] for c in countries]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch("[A-Z]{2}", c) for c in codes)
    for entries in (places, orgs):
        ids = [e["id"] for e in entries]
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
        assert all(re.fullmatch("[a-z0-9_]+", i) for i in ids)


def test_every_un_member_and_the_four_others(countries):
    codes = {c["code"] for c in countries}
    assert len(codes) == 193 + len(UN_PLUS)
    assert UN_PLUS <= codes
    assert {"IR", "QA", "SA", "EG", "LB", "IQ", "SY", "TR", "US", "GB", "RU"} <= codes


def test_every_capital_resolves_to_a_city_of_its_country(countries, places):
    by_id = {p["id"]: p for p in places}
    for c in countries:
        cap = by_id.get(c["capital"])
        assert cap is not None, (c["code"], c["capital"])
        assert cap["kind"] == "city" and cap["country"] == c["code"], (c["code"], cap["id"])


def test_every_entry_has_a_source(countries, places, orgs):
    for kind, e in _all(countries, places, orgs):
        assert isinstance(e.get("source"), str) and e["source"].strip(), (kind, e.get("id", e.get("code")))


def test_names_are_nonempty_strings_in_the_script_of_their_language(countries, places, orgs):
    for kind, e in _all(countries, places, orgs):
        key = e.get("id", e.get("code"))
        assert isinstance(e["name"], str) and LATIN.search(e["name"]), key
        for field in ("names", "adjectives", "descriptors", "ambiguous"):
            for lang, names in (e.get(field) or {}).items():
                assert lang in ("ar", "fa", "en"), (key, field, lang)
                assert isinstance(names, list) and names, (key, field, lang)
                for n in names:
                    assert isinstance(n, str) and n.strip() == n and n, (key, field, n)
                    if lang == "en":
                        assert LATIN.search(n) and not ARABIC.search(n), (key, field, n)
                    else:
                        assert ARABIC.search(n) and not LATIN.search(n), (key, field, n)
        assert e["names"].get("en"), key


def test_countries_and_capitals_have_all_three_languages(countries, places):
    by_id = {p["id"]: p for p in places}
    for c in countries:
        assert all(c["names"].get(lang) for lang in ("ar", "fa", "en")), c["code"]
        assert all(by_id[c["capital"]]["names"].get(lang) for lang in ("ar", "fa", "en")), c["capital"]


def test_ambiguous_aliases_are_aliases_of_the_entry(countries, places, orgs):
    for _, e in _all(countries, places, orgs):
        for lang, names in (e.get("ambiguous") or {}).items():
            own = {fold(n) for f in ("names", "adjectives") for n in (e.get(f) or {}).get(lang, [])}
            assert {fold(n) for n in names} <= own, (e.get("id", e.get("code")), lang, names)


def _claims(entries: list[dict], fields: tuple[str, ...]):
    """(group, lang, folded alias) → entries claiming it, and whether each marks it ambiguous."""
    out: dict[tuple, list[tuple[str, bool]]] = defaultdict(list)
    for e in entries:
        key = e.get("id", e.get("code"))
        amb = {(lang, fold(n)) for lang, ns in (e.get("ambiguous") or {}).items() for n in ns}
        seen = set()
        for f in fields:
            for lang, names in (e.get(f) or {}).items():
                for n in names:
                    k = (e.get("kind", "country"), lang, fold(n))
                    if k not in seen:
                        seen.add(k)
                        out[k].append((key, (lang, fold(n)) in amb))
    return out


@pytest.mark.parametrize("which", ["countries", "places", "orgs"])
def test_no_alias_claimed_twice_unless_marked_ambiguous(which, countries, places, orgs):
    entries, fields = {"countries": (countries, ("names", "adjectives")),
                       "places": (places, ("names",)), "orgs": (orgs, ("names",))}[which]
    bad = {k: v for k, v in _claims(entries, fields).items() if len(v) > 1 and not all(a for _, a in v)}
    assert not bad, list(bad.items())[:10]


def test_places_and_orgs_point_at_known_countries_and_cities(countries, places, orgs):
    codes = {c["code"] for c in countries}
    cities = {p["id"] for p in places if p["kind"] == "city"}
    for p in places:
        assert p["country"] in codes, p["id"]
        assert p["kind"] in ("city", "venue"), p["id"]
        if p["kind"] == "venue":
            assert p["city"] in cities, p["id"]
    for o in orgs:
        assert o["country"] is None or o["country"] in codes, o["id"]
        assert o["kind"] in ORG_KINDS, o["id"]


def test_regular_nisba_forms_are_present(countries):
    """Arabic text names a side by adjective: الوفد الإيراني، الخارجية القطرية، المسؤولين المصريين."""
    adj = {c["code"]: {fold(a) for a in c["adjectives"].get("ar", [])} for c in countries}
    for code, forms in {"IR": ["الإيراني", "الإيرانية", "الإيرانيين", "إيراني"],
                        "QA": ["القطري", "القطرية", "القطريين"],
                        "EG": ["المصري", "المصرية", "المصريين"],
                        "JO": ["الأردني"], "SA": ["السعودي", "السعودية"],
                        "US": ["الأمريكي", "الأميركية"], "KR": ["الكورية الجنوبية"]}.items():
        for f in forms:
            assert fold(f) in adj[code], (code, f)


def test_gold_cities_are_present_under_their_english_names(shared, places):
    """Every city in the dev and seed gold resolves, with the country the annotators gave."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for p in places:
        if p["kind"] == "city":
            by_name[p["name"]].add(p["country"])
    gold = [shared / "eval" / "dev" / "gold.jsonl", shared / "eval" / "seeds.gold.jsonl"]
    seen = 0
    for path in gold:
        for line in path.read_text(encoding="utf-8").splitlines():
            for m in json.loads(line)["meetings"] if line.strip() else []:
                if m.get("city"):
                    seen += 1
                    assert m["country"] in by_name.get(m["city"], set()), (path.name, m["city"], m["country"])
    assert seen >= 10


def test_every_gold_city_is_written_in_the_text_the_way_the_gazetteer_has_it(shared, places):
    """For each gold city, some alias of that place occurs in the article text (ar/fa/en)."""
    aliases = defaultdict(set)
    for p in places:
        for names in p["names"].values():
            aliases[p["name"]] |= {fold(n) for n in names}
    texts = {f.stem: fold(f.read_text(encoding="utf-8")) for d in ("eval/dev/texts", "seeds")
             for f in (shared / d).glob("*.txt")}
    missing = []
    for path in (shared / "eval" / "dev" / "gold.jsonl", shared / "eval" / "seeds.gold.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            for m in doc["meetings"]:
                text = texts.get(doc["doc_id"], "")
                if m.get("city") and text and not any(a in text for a in aliases[m["city"]]):
                    missing.append((doc["doc_id"], m["city"]))
    assert not missing, missing
