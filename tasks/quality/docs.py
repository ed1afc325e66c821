"""Data Docs for one run: a single static HTML page, readable offline.

Why our own page instead of GX's site builder: GX's pages link 15 CSS/JS files from public CDNs
and a remote logo (shared/research/stack-feasibility.md), so they render broken without network,
and they need a file context that rewrites UUIDs into the committed suites. This page is built
from the run's summary.json alone, with inline CSS and no scripts, images or external links.
"""
from __future__ import annotations

import html
import json

_CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}
.ok{color:#176f2c}.critical{color:#b00020;font-weight:600}.warning{color:#9a6700}.skipped{color:#888}
code{font-size:12px;background:#f6f6f6;padding:0 .2em}h2{margin-top:1.5em;border-bottom:1px solid #ddd}"""


def _e(v: object) -> str:
    return html.escape("" if v is None else str(v))


def _status(r: dict) -> str:
    if r.get("skipped"):
        return '<span class="skipped">skipped</span>'
    if r["success"]:
        return '<span class="ok">pass</span>'
    return f'<span class="{_e(r["severity"])}">fail ({_e(r["severity"])})</span>'


def render_html(data: dict) -> str:
    """The run's Data Docs page: overview, quarantine counts, one table per suite."""
    out = [f"<!doctype html><html lang=en><meta charset=utf-8><title>liqa validation {_e(data['run_id'])}</title>",
           f"<style>{_CSS}</style><h1>liqa data quality: run <code>{_e(data['run_id'])}</code></h1>",
           f"<p>created {_e(data.get('created_at'))}</p>", "<h2>Suites</h2><table><tr><th>suite</th><th>stage</th><th>rows</th>"
           "<th>passed</th><th>quarantined (critical)</th><th>warnings</th><th>expectations evaluated / skipped</th><th>GX seconds</th></tr>"]
    for s in data["suites"]:
        out.append(f"<tr><td><a href='#{_e(s['suite'])}'>{_e(s['suite'])}</a></td><td>{_e(s.get('stage', ''))}</td><td>{s['rows']}</td>"
                   f"<td>{s['passed']}</td><td>{s['failed_critical']}</td><td>{s['failed_warning']}</td>"
                   f"<td>{s.get('evaluated', '')} / {s.get('skipped', '')}</td><td>{_e(s.get('gx_seconds', ''))}</td></tr>")
    out.append("</table><h2>Quarantine</h2>")
    q = data.get("quarantine") or {}
    if q:
        out.append("<table><tr><th>stage</th><th>rule</th><th>rows</th></tr>")
        for stage, rules in q.items():
            for rule, n in rules.items():
                out.append(f"<tr><td>{_e(stage)}</td><td><code>{_e(rule)}</code></td><td>{n}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p>nothing quarantined</p>")
    for s in data["suites"]:
        out.append(f"<h2 id='{_e(s['suite'])}'>{_e(s['suite'])}</h2><table><tr><th>expectation</th><th>column</th>"
                   "<th>status</th><th>unexpected / rows</th><th>why it matters</th><th>sample of offending values</th></tr>")
        for r in s["results"]:
            sample = ", ".join(json.dumps(v, ensure_ascii=False) for v in r.get("sample") or [])
            out.append(f"<tr><td><code>{_e(r['expectation'])}</code></td><td>{_e(r['column'])}</td><td>{_status(r)}</td>"
                       f"<td>{r['unexpected_count']} / {r['element_count']}</td><td>{_e(r['reason'])}</td><td>{_e(sample)}</td></tr>")
        out.append("</table>")
    out.append("</html>\n")
    return "\n".join(out)
