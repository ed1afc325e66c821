"""Read local inputs (files, directories, JSONL dumps) into raw rows, in bounded batches.

Why batches from a generator: a 31,000-article dump must flow through clean → extract → load
with flat memory, so reading never materialises the whole input. Nothing is decoded here:
bytes are kept as read (the clean stage decodes), so the raw layer is an exact record of input.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from liqa.schemas import QUARANTINE, RAW, conform

RECORD_TYPE = "application/x-liqa-record"
_TEXT_EXT = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html", ".xhtml": "text/html"}
_JSONL_EXT = (".jsonl", ".jsonl.gz", ".ndjson", ".json")


@dataclass
class Batch:
    """Raw rows and input-level quarantine rows read so far."""

    raw: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)

    def frames(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        raw = conform(pl.DataFrame(self.raw, schema=RAW), RAW) if self.raw else pl.DataFrame(schema=RAW)
        q = conform(pl.DataFrame(self.quarantine, schema=QUARANTINE), QUARANTINE) if self.quarantine \
            else pl.DataFrame(schema=QUARANTINE)
        return raw, q


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _quarantine(rule: str, record: str, reason: str, payload: str | None = None) -> dict:
    return {"stage": "fetch", "rule": rule, "record_id": record, "reason": reason,
            "payload": payload or record, "attempts": 1, "created_at": _now()}


def _row(*, content: bytes, doc_id: str, source: str, uri: str, content_type: str, url: str | None = None,
         title: str | None = None, published: str | None = None, raw_id: str | None = None) -> dict:
    now = _now()
    return {"raw_id": raw_id or sha256_hex(content), "doc_id": doc_id, "source": source, "uri": uri,
            "url": url, "fetched_at": now, "content": content, "content_type": content_type,
            "size": len(content), "title_hint": title, "published_hint": published,
            "month": now.strftime("%Y-%m")}


def _is_jsonl(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(ext) for ext in _JSONL_EXT)


def _content_type(path: Path, head: bytes) -> str:
    sniff = head.lstrip()[:200].lower()
    if sniff.startswith((b"<!doctype html", b"<html")) or b"<body" in sniff:
        return "text/html"
    return _TEXT_EXT.get(path.suffix.lower(), "text/plain")


def _iter_files(root: Path, extensions: tuple[str, ...]) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if name.lower().endswith(extensions):
                yield Path(dirpath) / name


def input_files(root: Path, settings: dict) -> Iterator[Path]:
    """The files ``iter_local`` reads under ``root`` (itself when a file), in reading order."""
    return _iter_files(root, tuple(settings["input"]["extensions"]) + (".ndjson",))


def _first(rec: dict, *keys: str) -> str | None:
    for k in keys:
        v = rec.get(k)
        if v not in (None, ""):
            return str(v)
    return None


def _records(path: Path, source: str) -> Iterator[tuple[dict | None, dict | None]]:
    """Yield (raw row, None) or (None, quarantine row) for each line of a JSONL(.gz) dump."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}#L{n}"
                try:
                    rec = json.loads(line)
                except (ValueError, UnicodeDecodeError) as exc:
                    yield None, _quarantine("malformed_record", where, f"line {n} is not JSON: {exc}")
                    continue
                if not isinstance(rec, dict):
                    yield None, _quarantine("malformed_record", where, f"line {n} is not a JSON object")
                    continue
                text = _first(rec, "text", "content", "body")
                if text is None:
                    yield None, _quarantine("empty_input", where, f"line {n} has no text or content field")
                    continue
                url = _first(rec, "url", "link")
                title = _first(rec, "title")
                published = _first(rec, "published", "date", "date_published", "date_extracted")
                content = text.encode("utf-8")
                ident = json.dumps([url, title, published, text], ensure_ascii=False).encode("utf-8")
                doc_id = _first(rec, "id", "doc_id") or (
                    sha256_hex(url.encode())[:16] if url else f"{path.name.split('.')[0]}-{n}")
                yield _row(content=content, doc_id=doc_id, source=source, uri=where, url=url,
                           content_type=RECORD_TYPE, title=title, published=published,
                           raw_id=sha256_hex(ident)), None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield None, _quarantine("unreadable_input", str(path), f"cannot read {path.name}: {exc}")


@dataclass
class FileLedger:
    """Fingerprints (size, mtime) of input files already read into the lake, and what they held.

    Why: a re-run over a 31,000-article dump would otherwise re-read and re-hash every record
    only to find each one already in the lake. A file whose size and modification time are
    unchanged since it was fully read is skipped; any change re-reads it (and the raw_id check
    still keeps the content from being stored twice).
    """

    known: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # path → (size, mtime_ns, rows)
    read: dict[str, tuple[int, int, int]] = field(default_factory=dict)   # files read in this run
    skipped_rows: int = 0

    def unchanged(self, path: Path) -> bool:
        key, st = str(path.resolve()), path.stat()
        prev = self.known.get(key)
        if prev is not None and prev[:2] == (st.st_size, st.st_mtime_ns):
            self.skipped_rows += prev[2]
            return True
        return False

    def note(self, path: Path, rows: int) -> None:
        st = path.stat()
        self.read[str(path.resolve())] = (st.st_size, st.st_mtime_ns, rows)


def iter_local(inputs: Iterable[str], settings: dict, batch_size: int,
               ledger: FileLedger | None = None) -> Iterator[Batch]:
    """Batches of raw rows from files, directories (recursive) and JSONL dumps.

    With a ``ledger``, files unchanged since they were read are skipped and every file read is
    noted in it (the caller saves it once the rows are safely in the lake).
    """
    max_bytes = int(settings["input"]["max_file_bytes"])
    batch = Batch()
    for item in inputs:
        root = Path(item).expanduser()
        source = str(root)
        if not root.exists():
            batch.quarantine.append(_quarantine("missing_input", source, f"no such file or directory: {item}"))
            continue
        for path in input_files(root, settings):
            if ledger is not None and ledger.unchanged(path):
                continue
            if _is_jsonl(path):
                rows = 0
                for row, q in _records(path, source):
                    rows += 1
                    (batch.raw if row else batch.quarantine).append(row or q)
                    if len(batch.raw) >= batch_size:
                        yield batch
                        batch = Batch()
                if ledger is not None:
                    ledger.note(path, rows)
                continue
            try:
                size = path.stat().st_size
                if size > max_bytes:
                    batch.quarantine.append(_quarantine(
                        "too_large", str(path), f"{path.name} is {size} bytes, over the {max_bytes}-byte cap"))
                    continue
                content = path.read_bytes()
            except OSError as exc:
                batch.quarantine.append(_quarantine("unreadable_input", str(path), f"cannot read {path.name}: {exc}"))
                continue
            batch.raw.append(_row(content=content, doc_id=path.name.split(".")[0] if path.name.endswith(".gz")
                                  else path.stem, source=source, uri=str(path.resolve()),
                                  content_type=_content_type(path, content[:512])))
            if ledger is not None:
                ledger.note(path, 1)
            if len(batch.raw) >= batch_size:
                yield batch
                batch = Batch()
    if batch.raw or batch.quarantine:
        yield batch
