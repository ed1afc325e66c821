"""Merge article-level meeting reports into real-world meetings with stable ids.

Pure functions over Polars frames; the rules are explained in ``docs/dedup.md``. In short:
two reports are the same meeting when people match on two different sides (gazetteer actor ids,
or name keys in the same script), nothing conflicts (same article, dates outside the window,
different city or country, different delegation leaders on a matched side), and clustering is
single-link on evidence but complete-link on conflicts, over edges in a fixed order, so the
result does not depend on the order in which articles arrived. Ids come from a registry
(report_id → meeting_id) so that a meeting keeps its id when new sources join it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from liqa.textnorm import name_key


def derived_actor_id(name: str | None, name_native: str | None) -> str | None:
    """``x:`` + sha1 of the name key: a stable id for a person the gazetteer does not know."""
    base = name_native or name
    if not base:
        return None
    return "x:" + hashlib.sha1(name_key(base).encode("utf-8")).hexdigest()[:12]


def meeting_id_for(report_id: str) -> str:
    """A new meeting's id: a hash of the smallest report_id in its cluster."""
    return "m_" + hashlib.sha1(report_id.encode("utf-8")).hexdigest()[:16]


@dataclass
class Person:
    index: tuple[int, int]            # (side_index, person_index) in its report
    xid: str | None                   # given actor_id, or derived
    gid: str | None                   # gazetteer id (actor_id not starting with "x:")
    names: list[tuple[str, ...]]      # token tuples of name keys (English and native)
    leader: bool
    name_sets: list[frozenset[str]] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        # token sets built once: person_match runs ~10^5 times per batch on a real backfill
        self.name_sets = [frozenset(n) for n in self.names]


@dataclass
class Side:
    index: int
    org: str | None                   # org_id, else name key of the organisation
    country: str | None
    people: list[Person] = field(default_factory=list)


@dataclass
class Report:
    report_id: str
    article_id: str
    lo: dt.date | None                # interval of days the meeting may have happened on
    hi: dt.date | None
    city: str | None
    country: str | None
    sides: dict[int, Side]


def _tokens(name: str | None) -> tuple[str, ...]:
    return tuple(name_key(name).split()) if name else ()


def person_match(p: Person, q: Person) -> bool:
    """Same person: same gazetteer id, same name key, or one full name inside the other.

    A lone token matches only the other's last token (a surname, "ظریف"); two or more tokens
    must all appear in the other name. Different gazetteer ids never match.
    """
    if p.gid and q.gid:
        return p.gid == q.gid
    if p.xid and p.xid == q.xid:
        return True
    for a, sa in zip(p.names, p.name_sets):
        for b, sb in zip(q.names, q.name_sets):
            if not a or not b:
                continue
            if a == b:
                return True
            (short, ss), (long_, sl) = ((a, sa), (b, sb)) if len(a) <= len(b) else ((b, sb), (a, sa))
            if len(short) >= 2 and ss <= sl:
                return True
            if len(short) == 1 and len(short[0]) >= 4 and short[0] == long_[-1]:
                return True
    return False


def _interval(date, precision, published, window: int) -> tuple[dt.date | None, dt.date | None]:
    if date is not None and precision == "day":
        return date, date
    if date is not None and precision == "month":
        nxt = (date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return date.replace(day=1), nxt - dt.timedelta(days=1)
    if date is not None and precision == "year":
        return date.replace(month=1, day=1), date.replace(month=12, day=31)
    if published is not None:  # unknown or relative date: a window before/around publication
        return published - dt.timedelta(days=window), published + dt.timedelta(days=window)
    return None, None


def build_reports(reports: pl.DataFrame, sides: pl.DataFrame, participants: pl.DataFrame,
                  window_days: int) -> list[Report]:
    """Turn the three report tables (plus ``published``) into comparable records."""
    out: dict[str, Report] = {}
    for r in reports.iter_rows(named=True):
        lo, hi = _interval(r.get("date"), r.get("date_precision"), r.get("published"), window_days)
        out[r["report_id"]] = Report(r["report_id"], r["article_id"], lo, hi,
                                     r.get("city"), r.get("country"), {})
    for s in sides.iter_rows(named=True):
        rep = out.get(s["report_id"])
        if rep is None:
            continue
        org = s.get("org_id") or (name_key(s["organization"]) if s.get("organization") else None)
        rep.sides[s["side_index"]] = Side(s["side_index"], org or None, s.get("country"))
    for p in participants.iter_rows(named=True):
        rep = out.get(p["report_id"])
        if rep is None:
            continue
        side = rep.sides.setdefault(p["side_index"], Side(p["side_index"], None, None))
        given = p.get("actor_id")
        xid = given or derived_actor_id(p.get("name"), p.get("name_native"))
        gid = given if given and not given.startswith("x:") else None
        names = [t for t in {_tokens(p.get("name")), _tokens(p.get("name_native"))} if t]
        side.people.append(Person((p["side_index"], p["person_index"]), xid, gid, names,
                                  bool(p.get("leader"))))
    for rep in out.values():
        for side in rep.sides.values():
            side.people.sort(key=lambda x: x.index)
    return [out[k] for k in sorted(out)]


def _side_overlap(a: Side, b: Side) -> int:
    return sum(1 for p in a.people if any(person_match(p, q) for q in b.people))


def _align(a: Report, b: Report) -> list[tuple[int, int, int]]:
    """One-to-one side alignment (side of a, side of b, people matched), strongest first."""
    cands = []
    for i, sa in sorted(a.sides.items()):
        for j, sb in sorted(b.sides.items()):
            m = _side_overlap(sa, sb)
            if m == 0 and sa.org and sa.org == sb.org and (not sa.people or not sb.people):
                m = -1  # aligned by organisation only: a side with no named person
            if m:
                cands.append((-(m if m > 0 else 0.5), i, j, m))
    cands.sort()
    used_a, used_b, out = set(), set(), []
    for _, i, j, m in cands:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j, m))
    return out


def _leaders_conflict(sa: Side, sb: Side) -> bool:
    la = [p for p in sa.people if p.leader]
    lb = [p for p in sb.people if p.leader]
    return bool(la and lb) and not any(person_match(p, q) for p in la for q in lb)


def _facts_conflict(a: Report, b: Report) -> bool:
    """Same article, disjoint days, or different places: cheap checks, before any alignment."""
    if a.article_id == b.article_id:
        return True
    if a.lo and b.lo and (a.hi < b.lo or b.hi < a.lo):
        return True
    if a.country and b.country and a.country != b.country:
        return True
    return bool(a.city and b.city and a.city != b.city)


def conflict(a: Report, b: Report, aligned: list[tuple[int, int, int]] | None = None) -> bool:
    """True when two reports cannot be one meeting, whatever else they share.

    ``aligned``: ``_align(a, b)`` when the caller already has it (it is the costly part).
    """
    if _facts_conflict(a, b):
        return True
    aligned = _align(a, b) if aligned is None else aligned
    return any(m > 0 and _leaders_conflict(a.sides[i], b.sides[j]) for i, j, m in aligned)


def evidence(a: Report, b: Report) -> float | None:
    """Strength of the claim "same meeting", or None when there is not enough to merge."""
    if _facts_conflict(a, b):
        return None
    aligned = _align(a, b)
    if conflict(a, b, aligned):
        return None
    by_people = [m for _, _, m in aligned if m > 0]
    if not by_people or len(aligned) < 2:
        return None
    score = float(sum(by_people))
    if a.city and a.city == b.city:
        score += 0.5
    if a.lo and a.lo == a.hi and (a.lo, a.hi) == (b.lo, b.hi):
        score += 0.5
    return score


def _block_keys(rep: Report) -> set[str]:
    """Gazetteer ids and name tokens of a report's people: reports sharing none never merge."""
    keys = set()
    for side in rep.sides.values():
        for p in side.people:
            if p.gid:
                keys.add("g:" + p.gid)
            for toks in p.names:
                keys.update("t:" + t for t in toks if len(t) >= 3)
    return keys


def _block_index(reps: list[Report]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for n, rep in enumerate(reps):
        for k in _block_keys(rep):
            index[k].append(n)
    return index


def _candidate_pairs(reps: list[Report]) -> set[tuple[int, int]]:
    """Pairs of reports sharing a gazetteer id or a name token (blocking)."""
    index = _block_index(reps)
    pairs = set()
    for members in index.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return pairs


def component(reps: list[Report], seeds: set[str]) -> set[str]:
    """report_ids joined to ``seeds`` by a path of evidence edges (seeds included).

    Why: clustering merges only along evidence edges and checks conflicts only inside a merge,
    so each connected component of the evidence graph is clustered independently of the
    others. A batch can change only the components its reports (the seeds) are in; the rest
    keep the clusters they had. Evidence is evaluated as ``cluster`` does (smaller report_id
    first), so the edges are exactly its edges.
    """
    reps = sorted(reps, key=lambda r: r.report_id)
    index = _block_index(reps)
    keys = [_block_keys(r) for r in reps]
    pos = {r.report_id: n for n, r in enumerate(reps)}
    seen = {pos[s] for s in seeds if s in pos}
    todo = sorted(seen)
    while todo:
        x = todo.pop()
        near = {y for k in keys[x] for y in index[k]} - seen
        for y in sorted(near):
            a, b = (x, y) if x < y else (y, x)
            if evidence(reps[a], reps[b]) is not None:
                seen.add(y)
                todo.append(y)
    return {reps[n].report_id for n in seen}


def cluster(reps: list[Report]) -> list[list[str]]:
    """Clusters of report_ids; independent of input order (edges in a fixed total order)."""
    reps = sorted(reps, key=lambda r: r.report_id)
    edges = []
    for x, y in _candidate_pairs(reps):
        s = evidence(reps[x], reps[y])
        if s is not None:
            edges.append((-s, reps[x].report_id, reps[y].report_id, x, y))
    edges.sort()
    owner = list(range(len(reps)))
    members: dict[int, list[int]] = {n: [n] for n in range(len(reps))}
    for _, _, _, x, y in edges:
        cx, cy = owner[x], owner[y]
        if cx == cy:
            continue
        if any(conflict(reps[u], reps[v]) for u in members[cx] for v in members[cy]):
            continue
        keep, gone = (cx, cy) if cx < cy else (cy, cx)
        for v in members[gone]:
            owner[v] = keep
        members[keep].extend(members.pop(gone))
    return sorted(sorted(reps[v].report_id for v in ms) for ms in members.values())


@dataclass
class DedupResult:
    assignments: pl.DataFrame          # report_id, meeting_id
    sides: pl.DataFrame                # report_id, side_index, meeting_id, meeting_side
    actors: pl.DataFrame               # report_id, side_index, person_index, actor_id
    merges: list[tuple[str, str, str]]  # (meeting_id, merged_meeting_id, reason)
    recomputed: set[str] | None = None  # reports whose sides/actors rows are given (None: all)


def assign_ids(clusters: list[list[str]], registry: dict[str, str]
               ) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Meeting id per report: keep registered ids, record merges and splits.

    A cluster holding several registered ids keeps the one most of its reports carry (then the
    smallest) and records the others as merged into it; when an old meeting's reports end up in
    several clusters, the cluster with most of them keeps the id and the others are splits.
    """
    claims: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for n, cl in enumerate(clusters):
        counts: dict[str, int] = defaultdict(int)
        for rid in cl:
            if rid in registry:
                counts[registry[rid]] += 1
        for mid, c in counts.items():
            claims[mid].append((-c, cl[0], n))
    winner_of: dict[str, int] = {mid: sorted(cs)[0][2] for mid, cs in claims.items()}
    out: dict[str, str] = {}
    events: list[tuple[str, str, str]] = []
    used: set[str] = set()
    for n, cl in enumerate(clusters):
        won = sorted(((-sum(1 for r in cl if registry.get(r) == mid), mid)
                      for mid, w in winner_of.items() if w == n))
        if won:
            mid = won[0][1]
            events += [(mid, other, "merged") for _, other in won[1:]]
        else:
            mid = meeting_id_for(cl[0])
            k = 1
            while mid in claims or mid in used:  # an id taken by another meeting: derive anew
                mid = meeting_id_for(f"{cl[0]}#{k}")
                k += 1
            olds = sorted({registry[r] for r in cl if r in registry})
            events += [(old, mid, "split") for old in olds]
        used.add(mid)
        for rid in cl:
            out[rid] = mid
    return out, events


def _canonical(reps: dict[str, Report], cl: list[str], mid: str, side_rows: list, actor_rows: list) -> None:
    """Map each report's sides and people onto the meeting's sides and actors."""
    order = sorted(cl, key=lambda r: (-sum(len(s.people) for s in reps[r].sides.values()), r))
    msides: list[list[list[Person]]] = []  # meeting side → groups of matching persons
    morgs: list[str | None] = []
    for rid in order:
        rep = reps[rid]
        taken: set[int] = set()
        for i, side in sorted(rep.sides.items()):
            best, best_m = None, 0
            for k, groups in enumerate(msides):
                if k in taken:
                    continue
                m = sum(1 for p in side.people if any(person_match(p, q) for g in groups for q in g))
                if m == 0 and side.org and side.org == morgs[k]:
                    m = 0.5
                if m > best_m:
                    best, best_m = k, m
            if best is None:
                best = len(msides)
                msides.append([])
                morgs.append(side.org)
            taken.add(best)
            side_rows.append((rid, i, mid, best))
            for p in side.people:
                for g in msides[best]:
                    if any(person_match(p, q) for q in g):
                        g.append(p)
                        break
                else:
                    msides[best].append([p])
    for groups in msides:
        for g in groups:
            gids = sorted(p.gid for p in g if p.gid)
            aid = gids[0] if gids else min((p.xid for p in g if p.xid), default=None)
            for p in g:
                actor_rows.append((p, aid))


def dedup(reports: pl.DataFrame, sides: pl.DataFrame, participants: pl.DataFrame,
          registry: dict[str, str], window_days: int = 3, *, seeds: set[str] | None = None,
          current: dict[str, str] | None = None) -> DedupResult:
    """Cluster every report and give each cluster its stable meeting id.

    Incremental mode (``seeds`` and ``current`` given): ``seeds`` are the reports whose rows are
    new since the last dedup, ``current`` is the last dedup's report → meeting_id. Only the
    evidence components of the seeds are clustered again; every other report keeps its cluster
    (the reports sharing its current meeting id). Ids are then assigned over all clusters as in
    a full run, so the result is the same as re-clustering everything. ``sides``/``actors`` of
    the result then cover only ``recomputed`` reports (clusters re-clustered or renamed).
    """
    reps = build_reports(reports, sides, participants, window_days)
    by_id = {r.report_id: r for r in reps}
    # a report that was clustered before and has changed rows (never in a normal run: a report
    # and its sides come in one batch) may break old edges: only a full re-cluster is safe then
    if seeds is None or current is None or any(r in current for r in seeds):
        clusters = cluster(reps)
        redo = None
    else:
        seeds = set(seeds) | {r for r in by_id if r not in current}
        comp = component(reps, seeds)
        clusters = cluster([by_id[r] for r in comp])
        kept: dict[str, list[str]] = defaultdict(list)
        for rid in by_id:
            if rid not in comp:
                kept[current[rid]].append(rid)
        clusters = sorted(clusters + [sorted(v) for v in kept.values()])
        redo = comp
    ids, events = assign_ids(clusters, registry)
    side_rows: list = []
    actor_rows: list = []
    for cl in clusters:
        if redo is not None and cl[0] not in redo and all(ids[r] == current[r] for r in cl):
            continue
        if redo is not None:
            redo.update(cl)
        _canonical(by_id, cl, ids[cl[0]], side_rows, actor_rows)
    rid_of = {id(p): rep.report_id for rep in reps for s in rep.sides.values() for p in s.people}
    return DedupResult(
        assignments=pl.DataFrame({"report_id": list(ids), "meeting_id": list(ids.values())},
                                 schema={"report_id": pl.String, "meeting_id": pl.String}),
        sides=pl.DataFrame(side_rows, orient="row", schema={
            "report_id": pl.String, "side_index": pl.Int32, "meeting_id": pl.String,
            "meeting_side": pl.Int32}),
        actors=pl.DataFrame([(rid_of[id(p)], p.index[0], p.index[1], aid) for p, aid in actor_rows],
                            orient="row", schema={"report_id": pl.String, "side_index": pl.Int32,
                                                  "person_index": pl.Int32, "actor_id": pl.String}),
        merges=events,
        recomputed=redo,
    )
