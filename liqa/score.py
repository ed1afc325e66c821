"""Score meeting predictions against gold annotations (format: SCHEMA.md beside this file).

    python score.py GOLD.jsonl PRED.jsonl [--json OUT.json] [--details] [--min METRIC=VALUE ...]

Vendored unchanged (apart from this note) from the user's evaluation kit, shared/eval/score.py,
so that `liqa eval` scores exactly as the user does; tests/test_eval.py checks the copy is in sync.

Standard library only, so it runs on any Python 3.9+. Exit status 1 when a --min threshold
is not reached, 2 on unreadable input.
"""
from __future__ import annotations

import argparse
import difflib
import itertools
import json
import re
import sys
import unicodedata

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ئ": "ي",
    "ک": "ك", "ۀ": "ه", "ؤ": "و", "\u200c": " ", "\u200d": "", "-": " ", "‐": " ", "'": "", "’": "",
})
_PUNCT = re.compile(r"[^\w\s]")
_STOP_ROLE = {"of", "the", "a", "an", "and", "for", "s"}


def norm(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _DIACRITICS.sub("", text).translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _PUNCT.sub(" ", text)
    tokens = [t for t in text.split() if t not in ("al", "el")]
    return " ".join(tokens)


def variants(obj: dict, *keys: str) -> set[str]:
    out = {norm(obj.get(k)) for k in keys}
    out |= {norm(a) for a in obj.get("aliases") or []}
    out.discard("")
    return out


def names_match(a: set[str], b: set[str]) -> bool:
    for x, y in itertools.product(a, b):
        if x == y:
            return True
        tx, ty = set(x.split()), set(y.split())
        short, long_ = (tx, ty) if len(tx) <= len(ty) else (ty, tx)
        if len(short) >= 2 and short <= long_:
            return True
        longer = y.split() if len(ty) >= len(tx) else x.split()
        if len(short) == 1 and len(next(iter(short))) >= 4 and next(iter(short)) == longer[-1]:
            return True  # a surname alone ("Zarif", "لافروف") names the same person as the full name
        if difflib.SequenceMatcher(None, x, y).ratio() >= 0.87:
            return True
    return False


def person_names(p: dict) -> set[str]:
    return variants(p, "name", "name_native")


def org_names(side: dict) -> set[str]:
    return variants(side, "organization")


def org_match(gold_side: dict, pred_side: dict) -> bool:
    g, p = org_names(gold_side), org_names(pred_side)
    if names_match(g, p):
        return True
    return any(x and y and (x in y or y in x) for x, y in itertools.product(g, p))


def people(meeting: dict) -> list[dict]:
    return [m for side in meeting.get("parties") or [] for m in side.get("members") or []]


def side_hit(gold_side: dict, pred_meeting: dict) -> bool:
    pred_people = people(pred_meeting)
    members = gold_side.get("members") or []
    if members:
        return any(names_match(person_names(g), person_names(p)) for g in members for p in pred_people)
    return any(org_match(gold_side, ps) for ps in pred_meeting.get("parties") or [])


def meeting_score(gold: dict, pred: dict) -> int:
    """0 when the meetings do not match; otherwise a score to pick the best pairing."""
    sides = gold.get("parties") or []
    hits = sum(side_hit(s, pred) for s in sides)
    if hits < min(2, len(sides)):
        return 0
    return hits * 100 + match_people(people(gold), people(pred))[0]


def match_people(gold: list[dict], pred: list[dict]) -> tuple[int, list[tuple[dict, dict]]]:
    used: set[int] = set()
    pairs = []
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and names_match(person_names(g), person_names(p)):
                used.add(j)
                pairs.append((g, p))
                break
    return len(pairs), pairs


def role_match(gold_role: str | None, pred_role: str | None) -> bool:
    g = set(norm(gold_role).split()) - _STOP_ROLE
    p = set(norm(pred_role).split()) - _STOP_ROLE
    return bool(g and p) and len(g & p) / len(g | p) >= 0.5


def ratio(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def f1(p: float | None, r: float | None) -> float | None:
    if r == 0 or p == 0:
        return 0.0
    if p is None or r is None:
        return None
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def load(path: str) -> dict[str, dict]:
    docs = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{n}: not JSON: {exc}") from None
                docs[str(doc.get("doc_id"))] = doc
    return docs


def score(gold_docs: dict[str, dict], pred_docs: dict[str, dict]) -> tuple[dict, list[str]]:
    c = dict.fromkeys(["doc_tp", "doc_fp", "doc_fn", "m_tp", "m_pred", "m_gold", "p_tp", "p_pred", "p_gold",
                       "role_ok", "role_n", "city_ok", "city_n", "date_ok", "date_n", "t_tp", "t_pred", "t_gold",
                       "pub_ok", "pub_n", "lang_ok", "lang_n", "missing_docs"], 0)
    details: list[str] = []
    linked: list[tuple[str, str | None]] = []  # (gold event_key, predicted meeting_id) per matched record
    for doc_id, gold in gold_docs.items():
        pred = pred_docs.get(doc_id)
        if pred is None:
            c["missing_docs"] += 1
            pred = {"meetings": []}
        gm, pm = gold.get("meetings") or [], pred.get("meetings") or []
        c["doc_tp"] += bool(gm) and bool(pm)
        c["doc_fp"] += (not gm) and bool(pm)
        c["doc_fn"] += bool(gm) and not pm
        if gold.get("language"):
            c["lang_n"] += 1
            c["lang_ok"] += gold["language"] == pred.get("language")
        if gold.get("published"):
            c["pub_n"] += 1
            c["pub_ok"] += gold["published"] == pred.get("published")
        c["m_gold"] += len(gm)
        c["m_pred"] += len(pm)
        candidates = sorted(((meeting_score(g, p), i, j) for i, g in enumerate(gm) for j, p in enumerate(pm)),
                            reverse=True)
        used_g, used_p = set(), set()
        for s, i, j in candidates:
            if s == 0 or i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            g, p = gm[i], pm[j]
            c["m_tp"] += 1
            n, pairs = match_people(people(g), people(p))
            c["p_tp"] += n
            c["p_gold"] += len(people(g))
            c["p_pred"] += len(people(p))
            for gp, pp in pairs:
                if gp.get("role"):
                    c["role_n"] += 1
                    c["role_ok"] += role_match(gp["role"], pp.get("role"))
            if g.get("city"):
                c["city_n"] += 1
                c["city_ok"] += norm(g["city"]) == norm(p.get("city"))
            if g.get("date") and g.get("date_precision") == "day":
                c["date_n"] += 1
                c["date_ok"] += g["date"] == p.get("date")
            gt, pt = set(g.get("topics") or []), set(p.get("topics") or [])
            c["t_tp"] += len(gt & pt)
            c["t_gold"] += len(gt)
            c["t_pred"] += len(pt)
            if g.get("event_key"):
                linked.append((g["event_key"], p.get("meeting_id")))
            missed = [x.get("name") for x in people(g) if not any(x is a for a, _ in pairs)]
            if missed:
                details.append(f"{doc_id}: meeting {g.get('event_key') or i}: missed people {missed}")
        for i, g in enumerate(gm):
            if i not in used_g:
                details.append(f"{doc_id}: missed meeting {g.get('event_key') or i} "
                               f"({', '.join(x.get('name') or '?' for x in people(g)) or 'no named people'})")
        for j, p in enumerate(pm):
            if j not in used_p:
                details.append(f"{doc_id}: spurious meeting ({', '.join(x.get('name') or '?' for x in people(p))})")
    same_gold = same_pred = same_both = 0
    for (ka, ma), (kb, mb) in itertools.combinations(linked, 2):
        g_same = ka == kb
        p_same = ma is not None and ma == mb
        same_gold += g_same
        same_pred += p_same
        same_both += g_same and p_same
    m_p, m_r = ratio(c["m_tp"], c["m_pred"]), ratio(c["m_tp"], c["m_gold"])
    p_p, p_r = ratio(c["p_tp"], c["p_pred"]), ratio(c["p_tp"], c["p_gold"])
    t_p, t_r = ratio(c["t_tp"], c["t_pred"]), ratio(c["t_tp"], c["t_gold"])
    d_p, d_r = ratio(c["doc_tp"], c["doc_tp"] + c["doc_fp"]), ratio(c["doc_tp"], c["doc_tp"] + c["doc_fn"])
    dd_p, dd_r = ratio(same_both, same_pred), ratio(same_both, same_gold)
    metrics = {
        "docs": len(gold_docs), "docs_missing_in_predictions": c["missing_docs"],
        "doc_precision": d_p, "doc_recall": d_r,
        "meeting_precision": m_p, "meeting_recall": m_r, "meeting_f1": f1(m_p, m_r),
        "person_precision": p_p, "person_recall": p_r, "person_f1": f1(p_p, p_r),
        "role_accuracy": ratio(c["role_ok"], c["role_n"]),
        "city_accuracy": ratio(c["city_ok"], c["city_n"]),
        "date_accuracy": ratio(c["date_ok"], c["date_n"]),
        "topic_precision": t_p, "topic_recall": t_r, "topic_f1": f1(t_p, t_r),
        "published_accuracy": ratio(c["pub_ok"], c["pub_n"]),
        "language_accuracy": ratio(c["lang_ok"], c["lang_n"]),
        "dedup_pair_precision": dd_p, "dedup_pair_recall": dd_r, "dedup_pair_f1": f1(dd_p, dd_r),
        "counts": c,
    }
    return metrics, details


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--json", help="write the metrics as JSON to this file")
    ap.add_argument("--details", action="store_true", help="list missed and spurious meetings and people")
    ap.add_argument("--min", action="append", default=[], metavar="METRIC=VALUE",
                    help="fail (exit 1) when METRIC is below VALUE; repeatable; a metric with "
                         "nothing to measure (None) is skipped")
    args = ap.parse_args(argv)
    try:
        metrics, details = score(load(args.gold), load(args.pred))
    except OSError as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 2
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(metrics, fh, indent=2)
    for key, value in metrics.items():
        if key != "counts":
            print(f"{key:30} {value}")
    if args.details:
        print("\n".join(details) or "no misses")
    failed = []
    for spec in args.min:
        key, _, value = spec.partition("=")
        if key not in metrics:
            failed.append(f"{key}: no such metric")
            continue
        got = metrics[key]
        if got is None:  # nothing to measure here (e.g. no gold dates); meeting_f1 is never None
            continue
        if got < float(value):
            failed.append(f"{key}={got} < {value}")
    if failed:
        print("below threshold: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
