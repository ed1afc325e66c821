"""Distribution check: share of articles with meetings per source and day, against history.

Why: a silently broken stage (a feed that now returns menus, a lexicon file that failed to load)
rarely breaks a row-level rule; it shows as a source whose share of articles with meetings drops
to 0 or jumps. The band per source is learned from earlier runs' ``summary.json`` files
(mean ± k·std over days with enough articles); without enough history the check is skipped
(reported as a pass with no band), never guessed.
"""
from __future__ import annotations

import json
import statistics

import polars as pl

from liqa.home import Home
from tasks.quality.gxrun import load_suite, run_suite

SUITE = "article_meeting_share"


def shares(clean: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """Per (source, day): articles, articles with ≥ 1 report, share. Day = published, else fetched."""
    with_meeting = reports["article_id"].unique().implode() if len(reports) else pl.Series([], dtype=pl.String).implode()
    day = pl.col("published") if "published" in clean.columns else pl.lit(None, pl.Date)
    if "fetched_at" in clean.columns:
        day = day.fill_null(pl.col("fetched_at").dt.date())
    source = pl.col("source") if "source" in clean.columns else pl.lit(None, pl.String)
    return (clean.select(source.fill_null("unknown").alias("source"), day.cast(pl.String).fill_null("unknown").alias("day"),
                         pl.col("article_id").is_in(with_meeting).alias("m"))
            .group_by("source", "day").agg(pl.len().alias("articles"), pl.col("m").sum().alias("with_meetings"))
            .with_columns((pl.col("with_meetings") / pl.col("articles")).alias("share"))
            .sort("source", "day"))


def bands(home: Home, run_id: str, params: dict) -> dict[str, tuple[float, float]]:
    """Per source, the (low, high) band from earlier runs; sources with too little history are absent."""
    per_source: dict[str, dict[str, list[int]]] = {}
    root = home.validation
    for path in sorted(root.glob("*/summary.json")) if root.exists() else []:
        if path.parent.name == run_id:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for sh in data.get("shares", []):
            acc = per_source.setdefault(sh["source"], {}).setdefault(sh["day"], [0, 0])
            acc[0] += int(sh["articles"])
            acc[1] += int(sh["with_meetings"])
    out = {}
    for source, days in per_source.items():
        values = [m / a for a, m in days.values() if a >= params["min_articles"]]
        if len(values) < params["min_days"]:
            continue
        mean = statistics.fmean(values)
        std = max(statistics.pstdev(values), params["min_std"])
        out[source] = (max(0.0, mean - params["k_std"] * std), min(1.0, mean + params["k_std"] * std))
    return out


def check(clean: pl.DataFrame, reports: pl.DataFrame, *, home: Home, run_id: str) -> dict:
    """Run the share suite on this batch; the summary carries ``shares`` for later runs' history."""
    params = load_suite(SUITE)["meta"]["band"]
    table = shares(clean, reports)
    band = bands(home, run_id, params)
    lo = pl.col("source").replace_strict({s: b[0] for s, b in band.items()}, default=None, return_dtype=pl.Float64)
    hi = pl.col("source").replace_strict({s: b[1] for s, b in band.items()}, default=None, return_dtype=pl.Float64)
    frame = table.with_columns(lo.alias("_lo"), hi.alias("_hi")).with_columns(
        pl.when((pl.col("articles") >= params["min_articles"]) & pl.col("_lo").is_not_null()
                & ((pl.col("share") < pl.col("_lo")) | (pl.col("share") > pl.col("_hi"))))
          .then(pl.format("{} {}: {} of {} articles have meetings, band {}–{}", pl.col("source"), pl.col("day"),
                          pl.col("with_meetings"), pl.col("articles"), pl.col("_lo").round(2), pl.col("_hi").round(2)))
          .otherwise(pl.lit(None, pl.String)).alias("share_outside_band"))
    outcomes, seconds = run_suite(SUITE, frame)
    results = [o.as_dict(SUITE) for o in outcomes]
    failing = [r for r in results if not r["success"]]
    flagged = {i for o in outcomes if not o.success for i in o.unexpected_index}
    return {
        "suite": SUITE, "stage": "extract", "rows": len(frame), "passed": len(frame) - len(flagged),
        "failed_critical": 0, "failed_warning": len(flagged),
        "evaluated": sum(not r["skipped"] for r in results), "skipped": sum(r["skipped"] for r in results),
        "top_failing": [{k: r[k] for k in ("rule", "severity", "unexpected_count", "reason", "sample")} for r in failing],
        "results": results, "bands": {s: [round(low, 4), round(high, 4)] for s, (low, high) in band.items()},
        "gx_seconds": round(seconds, 4),
        "shares": table.select("source", "day", "articles", "with_meetings").to_dicts(),
    }
