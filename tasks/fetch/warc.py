"""WARC archives (e.g. from a crawl or ``wget --warc-file``) as raw rows.

Only ``response`` records of HTML pages with status 200 become rows: request, metadata and
revisit records carry no article, and a non-HTML response (image, script) is not news. The
payload is taken after warcio removes transfer and content encodings, capped at ``max_bytes``
like a live fetch; ``fetched_at`` is the record's ``WARC-Date`` so re-reading an archive gives
the same rows.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import polars as pl
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from liqa.schemas import QUARANTINE, RAW, conform, empty
from tasks.fetch.docid import doc_id_from_url


def _row_q(rule: str, record: str, reason: str, payload: str) -> dict:
    return {"run_id": None, "stage": "fetch", "rule": rule, "record_id": record, "reason": reason,
            "payload": payload, "attempts": 1, "created_at": datetime.now(timezone.utc)}


def _when(value: str | None) -> datetime:
    if value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
        except ValueError:
            pass
    return datetime.now(timezone.utc)


def read_warc(path: str, *, source: str, lang_hint: str | None = None, max_items: int | None = None,
              max_bytes: int = 5_000_000) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(raw rows, quarantine rows) from the HTML responses in the WARC file at ``path``."""
    rows, q, seen = [], [], set()
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.format != "warc":  # warcio reads any text as a (legacy) ARC record
                    q.append(_row_q("unreadable", path, f"not a WARC file (record format {record.format!r})", path))
                    break
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                status = int(record.http_headers.get_statuscode() or 0)
                ctype = record.http_headers.get_header("Content-Type") or ""
                if status != 200 or "html" not in ctype.lower():
                    continue
                content = record.content_stream().read(max_bytes + 1)
                if len(content) > max_bytes:
                    q.append(_row_q("too_large", url, f"WARC record over max_bytes={max_bytes}", f"{path}#{url}"))
                    continue
                raw_id = hashlib.sha256(content).hexdigest()
                if raw_id in seen:
                    continue
                seen.add(raw_id)
                at = _when(record.rec_headers.get_header("WARC-Date"))
                rows.append({"raw_id": raw_id, "doc_id": doc_id_from_url(url), "source": source,
                             "uri": f"{path}#{url}", "url": url, "fetched_at": at, "content": content,
                             "content_type": ctype, "size": len(content), "lang_hint": lang_hint,
                             "http_status": status, "etag": record.http_headers.get_header("ETag"),
                             "last_modified": record.http_headers.get_header("Last-Modified"),
                             "month": at.strftime("%Y-%m")})
                if max_items is not None and len(rows) >= max_items:
                    break
    except (OSError, ArchiveLoadFailed) as exc:
        q.append(_row_q("unreadable", path, f"cannot read WARC: {type(exc).__name__}: {exc}", path))
    raw = conform(pl.DataFrame(rows), RAW) if rows else empty(RAW)
    return raw, (conform(pl.DataFrame(q), QUARANTINE) if q else empty(QUARANTINE))
