"""people.yaml as reviewable data: well formed, dated, in the right scripts, and true of real news.

Why these checks: the extractor trusts this file to spell people in English and give their
country, so a wrong date or a shared alias silently mislabels meetings. The last tests hold the
file against the annotated seeds and dev articles: every gazetteer person who appears there must
hold a listed role on the day (or month) of the meeting the gold records.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

import pytest

from liqa.textnorm import fold, name_key
from tasks.extract.gazetteer import _read, build

PEOPLE = _read("people.yaml")
ORG_IDS = {o["id"] for o in _read("organisations.yaml")}
COUNTRIES = {c["code"] for c in _read("countries.yaml")}

# letters that belong to one script only: Persian letters never in Arabic text and vice versa
PERSIAN_ONLY = re.compile("[پچژگکی]")
ARABIC_ONLY = re.compile("[يكة]")
ARABIC_BLOCK = re.compile(r"^[\u0600-\u06FF\u200c ]+$")
LATIN = re.compile(r"^[A-Za-zÀ-žḀ-ỿ'’. -]+$")

# Famous people of the seeds and dev gold: they must be in the file, not only consistent if there.
MUST_HAVE = [
    "Ali Larijani", "Ismail Haniyeh", "Mohammad Javad Zarif", "Hassan Rouhani", "Adel al-Jubeir",
    "Sameh Shoukry", "Ali Khamenei", "Bashar al-Assad", "Imran Khan", "Nabih Berri",
    "Salman bin Abdulaziz Al Saud", "Tamim bin Hamad Al Thani", "Abdel Fattah el-Sisi",
    "Mohammed bin Salman", "Muhammad bin Nayef", "Khaled Mashal", "Ziyad al-Nakhalah",
    "Hakan Fidan", "Ali Bagheri Kani", "Mohammed bin Abdulrahman Al Thani", "Benjamin Netanyahu",
    "Barack Obama", "Donald Trump", "John Kerry", "Mohammad Khatami", "Akbar Hashemi Rafsanjani",
    "Eshaq Jahangiri", "Nouri al-Maliki", "Ammar al-Hakim", "Tammam Salam", "Javier Solana",
    "Catherine Ashton", "Angela Merkel", "Nicolas Sarkozy", "François Hollande", "Dmitry Medvedev",
    "Khalid bin Mohammad Al Attiyah", "Sabah Al-Khalid Al-Hamad Al-Sabah", "Mikhail Bogdanov",
]


def _aliases(p: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for lang, names in (p.get("names") or {}).items():
        for n in names or []:
            yield lang, n


def _day(v: Any) -> dt.date | None:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)) if v else None


def test_file_loads_with_unique_ids_and_required_keys() -> None:
    assert len(PEOPLE) >= 300
    ids = [p["id"] for p in PEOPLE]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    for p in PEOPLE:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", p["id"]), p["id"]
        assert p.get("name") and p.get("roles"), p["id"]
        assert p.get("country") is None or p["country"] in COUNTRIES, p["id"]
        assert set(p["names"]) <= {"ar", "fa", "en"} and all(p["names"].get(k) for k in ("ar", "fa", "en")), p["id"]
        assert p["name"] in p["names"]["en"], p["id"]


def test_every_role_is_dated_ordered_and_sourced() -> None:
    for p in PEOPLE:
        for r in p["roles"]:
            assert r.get("role") and r["role"] == r["role"].lower(), (p["id"], r)
            assert r.get("source"), (p["id"], r)
            start, end = _day(r.get("start")), _day(r.get("end"))
            assert start is not None, (p["id"], r)
            assert end is None or start <= end, (p["id"], r)
            assert start >= dt.date(1940, 1, 1) and (end is None or end <= dt.date(2026, 12, 31)), (p["id"], r)
            org = r.get("org")
            assert org is None or org in ORG_IDS or re.fullmatch(r"gov-[a-z]{2}", org), (p["id"], org)


def test_names_are_in_the_script_of_their_language() -> None:
    for p in PEOPLE:
        for lang, n in _aliases(p):
            assert n == n.strip() and "  " not in n, (p["id"], n)
            if lang == "en":
                assert LATIN.match(n), (p["id"], n)
            else:
                assert ARABIC_BLOCK.match(n), (p["id"], lang, n)
                bad = PERSIAN_ONLY if lang == "ar" else ARABIC_ONLY
                assert not bad.search(n), (p["id"], lang, n)


def test_no_alias_is_listed_twice_for_one_person() -> None:
    """The same spelling in ar and fa is normal (محمد مخبر); twice in one language is a slip."""
    for p in PEOPLE:
        for lang, names in p["names"].items():
            keys = [" ".join(fold(n).split()) for n in names]
            assert len(keys) == len(set(keys)), (p["id"], lang, names)


def test_aliases_are_full_names() -> None:
    """A one-word alias would fire on every surname; the extractor handles surnames itself."""
    for p in PEOPLE:
        for lang, n in _aliases(p):
            assert len(fold(n).split()) >= 2, (p["id"], lang, n)


def test_no_alias_claimed_by_two_people_without_a_note() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for p in PEOPLE:
        for _, n in _aliases(p):
            owners[" ".join(fold(n).split())].add(p["id"])
    by_id = {p["id"]: p for p in PEOPLE}
    for alias, ids in owners.items():
        if len(ids) > 1:
            assert all(by_id[i].get("disambiguation") for i in ids), (alias, sorted(ids))


def _gold_people(shared: Path) -> list[tuple[str, list[str], str, str]]:
    """(name, aliases, meeting day or month or year, doc) for every member of every gold meeting."""
    out = []
    for path in (shared / "eval" / "seeds.gold.jsonl", shared / "eval" / "dev" / "gold.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            for m in doc["meetings"]:
                when = m.get("date") or m["event_key"].split("_")[0]
                for side in m["parties"]:
                    for mem in side["members"]:
                        out.append((mem["name"], mem.get("aliases") or [], when, doc["doc_id"]))
    return out


def _person_by_key() -> dict[str, str]:
    keys: dict[str, str] = {}
    for p in PEOPLE:
        for lang, n in _aliases(p):
            if lang == "en":
                keys[name_key(n)] = p["id"]
    return keys


def _holds_role(p: dict[str, Any], when: str) -> bool:
    lo = dt.date.fromisoformat((when + "-01-01")[:10] if len(when) == 4 else (when + "-01")[:10])
    hi = {4: dt.date(lo.year, 12, 31), 7: (lo.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
          - dt.timedelta(days=1)}.get(len(when), lo)
    return any(_day(r["start"]) <= hi and (r.get("end") is None or lo <= _day(r["end"])) for r in p["roles"])


def test_famous_gold_people_are_present(shared: Path) -> None:
    keys = _person_by_key()
    gold_names = {g[0] for g in _gold_people(shared)}
    for name in MUST_HAVE:
        assert name in gold_names, name  # the list stays tied to the gold
        assert name_key(name) in keys, name


def test_gold_people_hold_a_role_on_their_meeting_date(shared: Path) -> None:
    keys = _person_by_key()
    by_id = {p["id"]: p for p in PEOPLE}
    checked = 0
    for name, aliases, when, doc in _gold_people(shared):
        pid = next((keys[k] for k in map(name_key, [name, *aliases]) if k in keys), None)
        if pid is None:
            continue
        checked += 1
        assert _holds_role(by_id[pid], when), (pid, when, doc)
    assert checked >= 60


@pytest.mark.parametrize("text, pid", [
    ("استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود", "salman-bin-abdulaziz"),
    ("دیدار حسن روحانی با عمران خان", "imran-khan"),
    ("Sameh Shoukry met his counterpart", "sameh-shoukry"),
    ("التقى وزير الخارجية عادل الجبير", "adel-al-jubeir"),
])
def test_aliases_match_in_running_text(text: str, pid: str) -> None:
    gaz = build(PEOPLE, [], [], [])
    assert pid in {h.id for h in gaz.find(fold(text)) if h.kind == "person"}
