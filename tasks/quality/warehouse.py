"""Read the warehouse marts, with cross-mart helper columns, as frames for the mart suites.

Why SQL here: the checks are joins across marts (a source row must point to an article and a
meeting, counts in one mart must agree with rows in another), which DuckDB answers in
milliseconds; GX then validates the resulting columns in pandas (its SQL datasource is broken
on DuckDB, see shared/research/stack-feasibility.md). The connection is read-only and closed
before GX runs, so a concurrent reader or the next load is never blocked for long.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from tasks.quality import derive

MARTS = ("articles", "meetings", "meeting_participants", "meeting_sources", "meeting_reports")

QUERIES = {
    "articles": """
        select a.*,
          case when a.published > cast(a.fetched_at as date) + interval 1 day
               then 'published ' || a.published || ' is after fetched_at ' || cast(a.fetched_at as date) end as published_after_fetched
        from articles a""",
    "meetings": """
        with src as (select meeting_id, count(distinct article_id) as n_art, count(*) as n_rows from meeting_sources group by 1),
             rep as (select meeting_id, count(*) as n from meeting_reports group by 1),
             sid as (select meeting_id, count(distinct side_index) as n
                     from (select meeting_id, side_index from meeting_participants
                           union select meeting_id, side_index from meeting_sides where organization is not null)
                     group by 1)
        select m.*,
          case when src.n_rows is null then 'no meeting_sources row' end as sources_missing,
          case when m.n_sources < 1 or m.n_sources > coalesce(src.n_art, 0)
               then 'n_sources ' || m.n_sources || ' but ' || coalesce(src.n_art, 0) || ' source articles' end as n_sources_mismatch,
          case when m.n_reports is distinct from coalesce(rep.n, 0)
               then 'n_reports ' || m.n_reports || ' but ' || coalesce(rep.n, 0) || ' rows in meeting_reports' end as n_reports_mismatch,
          case when coalesce(sid.n, 0) < 2 then coalesce(sid.n, 0) || ' named side(s)' end as sides_too_few
        from meetings m left join src using (meeting_id) left join rep using (meeting_id) left join sid using (meeting_id)""",
    "meeting_participants": """
        select p.*,
          case when m.meeting_id is null then p.meeting_id end as meeting_unknown,
          case when p.n_reports > m.n_reports
               then 'person in ' || p.n_reports || ' reports, meeting has ' || m.n_reports end as n_reports_exceeds
        from meeting_participants p left join meetings m using (meeting_id)""",
    "meeting_sources": """
        select s.*,
          case when a.article_id is null then s.article_id end as article_unknown,
          case when m.meeting_id is null then s.meeting_id end as meeting_unknown,
          case when r.report_id is null then s.report_id
               when r.meeting_id is distinct from s.meeting_id then s.report_id || ' belongs to ' || r.meeting_id end as report_mismatch
        from meeting_sources s
          left join articles a on a.article_id = s.article_id
          left join meetings m on m.meeting_id = s.meeting_id
          left join meeting_reports r on r.report_id = s.report_id""",
    "meeting_reports": """
        select r.*, a.published,
          case when a.article_id is null then r.article_id end as article_unknown,
          case when m.meeting_id is null and r.meeting_id is not null then r.meeting_id end as meeting_unknown
        from meeting_reports r
          left join (select distinct on (article_id) article_id, published from articles) a on a.article_id = r.article_id
          left join meetings m on m.meeting_id = r.meeting_id""",
}
_ORDER = {"articles": "article_id", "meetings": "meeting_id", "meeting_participants": "meeting_id, side_index, actor_id",
          "meeting_sources": "meeting_id, report_id", "meeting_reports": "report_id"}


def mart_frames(path: Path) -> dict[str, pl.DataFrame]:
    """Each existing mart with its helper columns; marts a query needs but that are missing are skipped."""
    if not Path(path).exists():
        return {}
    frames = {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {r[0] for r in con.sql("select table_name from information_schema.tables").fetchall()}
        for name in MARTS:
            needed = {"articles", "meetings", "meeting_participants", "meeting_sources", "meeting_reports"} if name != "articles" else {"articles"}
            if name not in tables:
                continue
            if not needed <= tables:
                frames[name] = con.sql(f"select * from {name} order by {_ORDER[name]}").pl()
                continue
            frames[name] = con.sql(QUERIES[name] + f" order by {_ORDER[name]}").pl()
    finally:
        con.close()
    if "meeting_reports" in frames and "published" in frames["meeting_reports"].columns:
        frames["meeting_reports"] = derive.meeting_reports(frames["meeting_reports"], {}).drop("published")
    return frames
