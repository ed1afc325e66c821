"""Helper columns for the row-level checks GX cannot express directly.

Each helper is a *problem* column: null when the row is fine, else a short description of the
offending value ("published 2026-03-09 is after fetched_at 2026-03-01 + 1 day"). The suites
then say ``expect_column_values_to_be_null`` on it, so GX decides, reports and counts, and the
quarantine reason quotes the exact value. Everything is computed vectorised in Polars (joins,
string slices, regexes) except the evidence JSON, which is parsed per row.

Context frames a caller may pass (missing ones just skip the checks that need them):
``clean`` (article_id, text, published, fetched_at, source), ``reports`` (report_id, article_id),
``sides`` (report_id, side_index, organization), ``participants`` (report_id, side_index, name_native).
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import polars as pl

from liqa.yamlio import load_yaml

PATTERNS_FILE = Path(__file__).with_name("patterns.yaml")
OLDEST_PUBLISHED = dt.date(1990, 1, 1)


@functools.cache
def patterns() -> dict:
    """patterns.yaml, with the boilerplate list compiled into one whole-line regex."""
    p = load_yaml(PATTERNS_FILE.read_text(encoding="utf-8"))
    markers = [m for lang in p["boilerplate"].values() for m in lang]
    p["boilerplate_re"] = r"(?m)^[ \t]*(?:" + "|".join(markers) + r")[ \t]*[:：»>›\-–—]*[ \t]*$"
    return p


def _problem(cond: pl.Expr, message: pl.Expr) -> pl.Expr:
    return pl.when(cond).then(message).otherwise(pl.lit(None, pl.String))


def _dup_after_first(*cols: str) -> pl.Expr:
    """True on the 2nd, 3rd … row with the same key: the first stays, the repeats are flagged."""
    key = pl.struct(list(cols)) if len(cols) > 1 else pl.col(cols[0])
    return pl.col(cols[0]).is_not_null() & ~key.is_first_distinct()


def _snippet(expr: pl.Expr, n: int = 40) -> pl.Expr:
    return expr.str.slice(0, n).str.replace_all(r"\s+", " ")


def raw_articles(df: pl.DataFrame, context: dict) -> pl.DataFrame:
    return df.with_columns(
        _problem(_dup_after_first("raw_id"), pl.lit("raw_id ") + pl.col("raw_id").str.slice(0, 16) + pl.lit("… repeated in the batch")).alias("dup_raw_id"),
        _problem(pl.col("content").is_not_null() & (pl.col("size") != pl.col("content").bin.size()),
                 pl.format("size {} but content has {} bytes", pl.col("size"), pl.col("content").bin.size())).alias("size_mismatch"),
        # the suite checks the content through its byte count: GX fingerprints every frame it is
        # given by hashing all its values, and hashing the content itself doubled the suite's cost
        pl.col("content").bin.size().alias("content_bytes"),
    )


def clean_articles(df: pl.DataFrame, context: dict) -> pl.DataFrame:
    p = patterns()
    text = pl.col("text").fill_null("")
    fetched_day = pl.col("fetched_at").dt.date()
    tlen = text.str.len_chars()
    return df.with_columns(
        # length checks on a count, not on the text: GX hashes every value of the frames it gets
        # (a batch fingerprint), and hashing 10,000 article texts was half the suite's cost
        pl.col("text").str.len_chars().alias("text_chars"),
        _problem(_dup_after_first("article_id"), pl.lit("article_id ") + pl.col("article_id") + pl.lit(" repeated in the batch")).alias("dup_article_id"),
        _problem(pl.col("published") > fetched_day + pl.duration(days=1),
                 pl.format("published {} is after fetched_at {} + 1 day", pl.col("published"), fetched_day)).alias("published_after_fetched"),
        _problem(pl.col("published") < pl.lit(OLDEST_PUBLISHED),
                 pl.format("published {} is before 1990", pl.col("published"))).alias("published_too_old"),
        _problem(text.str.contains(p["html"]), _snippet(text.str.extract("(" + p["html"] + ")", 1))).alias("text_html"),
        _problem(text.str.contains(p["mojibake"]),
                 pl.lit("…") + _snippet(text.str.extract("(.{0,8}(?:" + p["mojibake"] + ").{0,8})", 1), 24) + pl.lit("…")).alias("text_mojibake"),
        _problem(text.str.contains(p["boilerplate_re"]),
                 _snippet(text.str.extract("(" + p["boilerplate_re"] + ")", 1).str.strip_chars())).alias("text_boilerplate"),
        _problem(pl.col("published_start").is_not_null()
                 & ((pl.col("published_start") < 0) | (pl.col("published_end") <= pl.col("published_start"))
                    | (pl.col("published_end") > tlen)),
                 pl.format("published span {}:{} outside text of {} chars", pl.col("published_start"), pl.col("published_end"), tlen)).alias("published_span"),
        _problem(pl.col("chars").is_not_null() & (pl.col("chars") != tlen),
                 pl.format("chars {} but text has {}", pl.col("chars"), tlen)).alias("chars_mismatch"),
    )


def _texts(context: dict) -> pl.DataFrame | None:
    clean = context.get("clean")
    if clean is None or "text" not in clean.columns:
        return None
    return clean.select("article_id", "text").unique("article_id", keep="first")


def _evidence_problem(evidence: str | None, text: str | None) -> str | None:
    """First evidence item that does not point at its own text, or why the JSON is unusable."""
    if evidence is None:
        return None
    try:
        items = json.loads(evidence)
    except ValueError:
        return f"evidence is not JSON: {evidence[:40]!r}"
    if not isinstance(items, list):
        return "evidence is not a JSON list"
    if text is None:
        return "no clean text for this article"
    for it in items:
        try:
            s, e, want = int(it["start"]), int(it["end"]), it.get("text")
        except (KeyError, TypeError, ValueError):
            return f"evidence item without start/end: {str(it)[:60]}"
        if not 0 <= s < e <= len(text):
            return f"{it.get('field')} span {s}:{e} outside text of {len(text)} chars"
        if want is not None and text[s:e] != want:
            return f"{it.get('field')} span {s}:{e} is {text[s:e][:30]!r}, evidence says {str(want)[:30]!r}"
    return None


def meeting_reports(df: pl.DataFrame, context: dict) -> pl.DataFrame:
    topics = patterns()["topics"]
    topic_check = []
    if isinstance(df.schema.get("topics"), pl.List):
        topic_check = [pl.col("topics").list.eval(pl.element().filter(~pl.element().is_in(topics))).list.join(",")
                       .replace("", None).alias("topic_unknown")]
    out = df.with_columns(
        _problem(_dup_after_first("report_id"), pl.lit("report_id ") + pl.col("report_id") + pl.lit(" repeated in the batch")).alias("dup_report_id"),
        _problem(pl.col("report_id") != pl.format("{}:{}", pl.col("article_id"), pl.col("position")),
                 pl.col("report_id")).alias("report_id_format"),
        _problem(pl.col("date") > pl.col("published") + pl.duration(days=1),
                 pl.format("meeting date {} is after published {} + 1 day", pl.col("date"), pl.col("published"))).alias("date_after_published"),
        *topic_check,
    )
    texts = _texts(context)
    if texts is not None:
        joined = out.select("article_id", "evidence").join(texts, on="article_id", how="left", maintain_order="left")
        problems = [_evidence_problem(ev, tx) for ev, tx in zip(joined["evidence"], joined["text"])]
        out = out.with_columns(pl.Series("evidence_mismatch", problems, dtype=pl.String))
    sides, people = context.get("sides"), context.get("participants")
    if sides is not None:
        named = _named_sides(sides, people)
        per_report = named.group_by("report_id").agg(
            pl.len().alias("_n_sides"),
            pl.col("side_index").filter(~pl.col("_named")).sort().cast(pl.String).str.join(",").alias("_unnamed"))
        out = out.join(per_report, on="report_id", how="left", maintain_order="left").with_columns(
            _problem(pl.col("_n_sides").fill_null(0) < 2,
                     pl.format("{} side(s)", pl.col("_n_sides").fill_null(0))).alias("sides_too_few"),
            _problem(pl.col("_unnamed").fill_null("") != "",
                     pl.lit("sides without a named person or organisation: ") + pl.col("_unnamed")).alias("side_unnamed"),
        ).drop("_n_sides", "_unnamed")
    return out


def _named_sides(sides: pl.DataFrame, people: pl.DataFrame | None) -> pl.DataFrame:
    """Distinct (report_id, side_index) with ``_named`` = an organisation or ≥ 1 named person."""
    s = sides.select("report_id", "side_index",
                     (pl.col("organization").fill_null("").str.strip_chars() != "").alias("_org"))
    if people is not None and len(people):
        p = (people.filter(pl.col("name_native").fill_null("").str.strip_chars() != "")
             .select("report_id", "side_index").unique().with_columns(pl.lit(True).alias("_person")))
        s = s.join(p, on=["report_id", "side_index"], how="left", maintain_order="left")
    else:
        s = s.with_columns(pl.lit(None, pl.Boolean).alias("_person"))
    return (s.with_columns((pl.col("_org") | pl.col("_person").fill_null(False)).alias("_named"))
             .group_by("report_id", "side_index").agg(pl.col("_named").any()))


def _span_check(df: pl.DataFrame, context: dict, start: str, end: str, label: str) -> pl.Expr | None:
    """Problem expression for a [start, end) span not inside its article's text (needs ``_text``)."""
    tlen = pl.col("_text").str.len_chars()
    return _problem(pl.col(start).is_not_null() & (pl.col("_text").is_null() | (pl.col(start) < 0)
                                                   | (pl.col(end) <= pl.col(start)) | (pl.col(end) > tlen)),
                    pl.format(label + " span {}:{} outside text of {} chars", pl.col(start), pl.col(end), tlen.fill_null(0)))


def _with_text(df: pl.DataFrame, context: dict) -> pl.DataFrame | None:
    """``df`` with its article's text as ``_text``, via the reports' article_id, else via the
    report_id itself (``article_id:position`` by contract) when no reports frame was given."""
    reports, texts = context.get("reports"), _texts(context)
    if texts is None:
        return None
    if reports is None:
        reports = df.select("report_id", pl.col("report_id").str.extract(r"^(.*):[0-9]+$", 1).alias("article_id"))
    link = reports.select("report_id", "article_id").unique("report_id").join(texts, on="article_id", how="left", maintain_order="left")
    return df.join(link.select("report_id", pl.col("text").alias("_text")), on="report_id", how="left", maintain_order="left")


def report_sides(df: pl.DataFrame, context: dict) -> pl.DataFrame:
    out = df.with_columns(
        _problem(_dup_after_first("report_id", "side_index"),
                 pl.format("side {} of {} repeated", pl.col("side_index"), pl.col("report_id"))).alias("dup_side"))
    reports = context.get("reports")
    if reports is not None:
        out = out.with_columns(_problem(~pl.col("report_id").is_in(reports["report_id"].implode()),
                                        pl.col("report_id")).alias("orphan_side"))
    joined = _with_text(out, context)
    if joined is not None:
        out = joined.with_columns(_span_check(joined, context, "start", "end", "side").alias("span_outside_text")).drop("_text")
    if "participants" in context:
        named = _named_sides(out.select("report_id", "side_index", "organization"), context["participants"])
        out = out.join(named, on=["report_id", "side_index"], how="left", maintain_order="left").with_columns(
            _problem(~pl.col("_named").fill_null(False), pl.format("side {} of {}", pl.col("side_index"), pl.col("report_id"))).alias("side_unnamed")
        ).drop("_named")
    return out


def report_participants(df: pl.DataFrame, context: dict) -> pl.DataFrame:
    out = df.with_columns(
        _problem(_dup_after_first("report_id", "side_index", "person_index"),
                 pl.format("person {}.{} of {} repeated", pl.col("side_index"), pl.col("person_index"), pl.col("report_id"))).alias("dup_person"))
    sides = context.get("sides")
    if sides is not None:
        keys = sides.select("report_id", "side_index").unique().with_columns(pl.lit(True).alias("_side"))
        out = out.join(keys, on=["report_id", "side_index"], how="left", maintain_order="left").with_columns(
            _problem(pl.col("_side").is_null(), pl.format("{} side {}", pl.col("report_id"), pl.col("side_index"))).alias("orphan_person")
        ).drop("_side")
    joined = _with_text(out, context)
    if joined is not None:
        span_text = pl.col("_text").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
        out = joined.with_columns(
            _span_check(joined, context, "start", "end", "name").alias("span_outside_text"),
            _span_check(joined, context, "role_start", "role_end", "role").alias("role_span_outside_text"),
            _problem(pl.col("start").is_not_null() & pl.col("name_native").is_not_null() & (span_text != pl.col("name_native")),
                     pl.format("name span is '{}', name_native is '{}'", span_text, pl.col("name_native"))).alias("name_span_mismatch"),
        ).drop("_text")
    return out


DERIVE = {
    "raw_articles": raw_articles,
    "clean_articles": clean_articles,
    "meeting_reports": meeting_reports,
    "report_sides": report_sides,
    "report_participants": report_participants,
}

RECORD_ID = {
    "raw_articles": pl.col("raw_id"),
    "clean_articles": pl.col("article_id"),
    "meeting_reports": pl.col("report_id"),
    "report_sides": pl.format("{}#{}", pl.col("report_id"), pl.col("side_index")),
    "report_participants": pl.format("{}#{}.{}", pl.col("report_id"), pl.col("side_index"), pl.col("person_index")),
}
