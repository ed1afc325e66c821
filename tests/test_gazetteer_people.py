"""people.yaml is reviewable data: unique ids, sources on every role, ordered dates, aliases resolve."""
from __future__ import annotations

from liqa.textnorm import fold
from tasks.extract.gazetteer import _read, build, load_gazetteer


def test_people_file_is_well_formed() -> None:
    people = _read("people.yaml")
    ids = [p["id"] for p in people]
    assert len(ids) == len(set(ids))
    for p in people:
        assert p.get("name") and p.get("names")
        for r in p.get("roles") or []:
            assert r.get("source"), p["id"]
            if r.get("start") and r.get("end"):
                assert str(r["start"]) <= str(r["end"]), p["id"]


def test_aliases_resolve_with_clitic_and_letter_variants() -> None:
    gaz = build(_read("people.yaml"), [], [], [])
    hits = gaz.find(fold("التقى ولاريجاني وعلی لاریجانی"))
    assert {h.id for h in hits if h.kind == "person"} == {"ali-larijani"}
