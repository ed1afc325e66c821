"""Exports of the warehouse: the evaluation exchange format (JSONL) and CSV / Parquet marts.

Why JSONL per article: it is the exact format of ``shared/eval/SCHEMA.md``, so the scorer reads
the pipeline's output the way it reads gold (each article-level record carries the
``meeting_id`` of the deduplicated meeting). Every export is written to a temporary file in the
target folder and renamed into place, so a reader never sees half a file.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

from liqa.home import Home
from liqa.query import QueryError, connect_readonly

TABLES = {"meetings": "meetings", "participants": "meeting_participants", "articles": "articles"}
FORMATS = ("jsonl", "csv", "parquet")


def _iso(d) -> str | None:
    return d.isoformat() if d is not None else None


def article_records(home: Home) -> list[dict]:
    """One record per article in the exchange format (articles without meetings included)."""
    con = connect_readonly(home)
    try:
        articles = con.execute("select article_id, doc_id, language, published from articles "
                               "order by doc_id, article_id").fetchall()
        reports = con.execute("""select article_id, report_id, meeting_id, date, date_precision, city,
                                        country, mode, topics
                                 from meeting_reports order by article_id, position""").fetchall()
        sides = con.execute("""select report_id, side_index, organization, country from stg_sides
                               order by report_id, side_index""").fetchall()
        people = con.execute("""select report_id, side_index, name, name_native, role, leader
                                from stg_participants order by report_id, side_index, person_index""").fetchall()
    finally:
        con.close()
    members: dict[tuple, list] = defaultdict(list)
    for rid, si, name, native, role, leader in people:
        members[(rid, si)].append({"name": name, "name_native": native, "role": role, "leader": bool(leader)})
    parties: dict[str, list] = defaultdict(list)
    seen: set[tuple] = set()
    for rid, si, org, country in sides:
        parties[rid].append({"organization": org, "country": country, "members": members.get((rid, si), [])})
        seen.add((rid, si))
    for (rid, si), ms in sorted(members.items()):  # people on a side the sides table lacks
        if (rid, si) not in seen:
            parties[rid].append({"organization": None, "country": None, "members": ms})
    meetings: dict[str, list] = defaultdict(list)
    for aid, rid, mid, date, prec, city, country, mode, topics in reports:
        meetings[aid].append({"meeting_id": mid, "date": _iso(date), "date_precision": prec, "city": city,
                              "country": country, "mode": mode, "parties": parties.get(rid, []),
                              "topics": list(topics or [])})
    return [{"doc_id": doc_id, "language": lang, "published": _iso(pub), "meetings": meetings.get(aid, [])}
            for aid, doc_id, lang, pub in articles]


def _tmp(out: Path) -> Path:
    return out.with_name(f".{out.name}.{os.getpid()}.tmp")


def _commit(tmp: Path, out: Path) -> None:
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out)


def export(home: Home, fmt: str, out: Path | None, what: str = "articles") -> Path:
    """Write an export and return its path (default ``home/exports/<what>.<fmt>``).

    ``jsonl``: one line per article (exchange format); ``csv`` / ``parquet``: the mart named by
    ``what`` (meetings, participants or articles).
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt != "jsonl" and what not in TABLES:
        raise QueryError(f"unknown export {what!r}; use one of {', '.join(TABLES)}")
    name = "articles" if fmt == "jsonl" else what
    out = Path(out) if out else home.root / "exports" / f"{name}.{fmt}"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(out)
    try:
        if fmt == "jsonl":
            with open(tmp, "w", encoding="utf-8") as fh:
                for rec in article_records(home):
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            con = connect_readonly(home)
            try:
                options = "format csv, header true" if fmt == "csv" else "format parquet, compression zstd"
                target = str(tmp).replace("'", "''")
                con.execute(f"copy (select * from {TABLES[what]}) to '{target}' ({options})")
            finally:
                con.close()
        _commit(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
