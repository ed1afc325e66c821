"""Reading local inputs: files, folders, JSONL dumps; problems become quarantine rows."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from liqa.settings import load_settings
from tasks.fetch.local import RECORD_TYPE, iter_local


def _read(inputs, batch_size=100, **over):
    settings = load_settings(over or None)
    raws, qs = [], []
    for b in iter_local([str(i) for i in inputs], settings, batch_size):
        r, q = b.frames()
        raws.append(r)
        qs.append(q)
    import polars as pl
    return pl.concat(raws), pl.concat(qs)


def test_folder_of_seeds_reads_every_file_with_stem_ids(shared: Path) -> None:
    raw, q = _read([shared / "seeds"])
    assert sorted(raw["doc_id"]) == sorted(p.stem for p in (shared / "seeds").glob("*.txt"))
    assert raw["raw_id"].n_unique() == 5 and len(q) == 0
    assert set(raw["content_type"]) == {"text/plain"}


def test_jsonl_records_keep_fields_and_bad_lines_are_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    lines = [json.dumps({"id": "a1", "url": "https://x.example/a1", "title": "T", "text": "نص المقال",
                         "published": "2024-06-20"}, ensure_ascii=False), "{not json", json.dumps({"id": "a2"}),
             json.dumps({"content": "بلا معرف", "date": "2015-07-22"}, ensure_ascii=False)]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    raw, q = _read([path])
    assert raw["doc_id"].to_list()[0] == "a1"
    assert raw["content_type"].to_list() == [RECORD_TYPE, RECORD_TYPE]
    assert raw["published_hint"].to_list() == ["2024-06-20", "2015-07-22"]
    assert sorted(q["rule"].to_list()) == ["empty_input", "malformed_record"]


def test_missing_and_oversized_inputs_are_quarantined(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    raw, q = _read([tmp_path / "nope", big], input={"max_file_bytes": 1000})
    assert len(raw) == 0
    assert sorted(q["rule"].to_list()) == ["missing_input", "too_large"]


def test_batches_are_bounded(shared: Path) -> None:
    settings = load_settings()
    sizes = [len(b.raw) for b in iter_local([str(shared / "seeds")], settings, 2)]
    assert sizes == [2, 2, 1]


def test_html_is_sniffed_even_with_txt_extension(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes(b"<!DOCTYPE html><html><body><p>x</p></body></html>")
    raw, _ = _read([tmp_path])
    assert raw["content_type"].to_list() == ["text/html"]


def test_rerun_does_not_record_the_same_local_failure_twice(tmp_path: Path, prefect_api) -> None:
    from flows.ingest import ingest

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dump.jsonl").write_text('{not json\n{"id": "x"}\n', encoding="utf-8")
    home = str(tmp_path / "home")
    first = ingest([str(tmp_path / "in")], home=home)
    second = ingest([str(tmp_path / "in")], home=home)
    assert first["quarantined"] == 2 and second["quarantined"] == 0


def test_unchanged_files_are_not_read_again_and_a_changed_one_is(tmp_path: Path, prefect_api) -> None:
    from flows.ingest import ingest
    from liqa.home import Home
    from tasks.fetch.run import load_ledger

    inbox = tmp_path / "in"
    inbox.mkdir()
    body = "وزير الخارجية يستقبل نظيره في الرياض اليوم ويبحث معه العلاقات الثنائية بين البلدين الشقيقين. " * 3
    (inbox / "a.txt").write_text(body, encoding="utf-8")
    home = str(tmp_path / "home")
    first = ingest([str(inbox)], home=home)
    assert first["articles_new"] == 1
    ledger = load_ledger(Home(Path(home)))
    assert list(ledger.known) == [str((inbox / "a.txt").resolve())]
    again = ingest([str(inbox)], home=home)
    assert again["articles_new"] == 0 and again["articles_read"] == 1 and again["duplicates_skipped"] == 1
    (inbox / "a.txt").write_text(body + " وأكد الجانبان أهمية التنسيق.", encoding="utf-8")
    changed = ingest([str(inbox)], home=home)
    assert changed["articles_new"] == 1


def test_parsed_chunks_regroup_into_whole_batches_in_order() -> None:
    """Fetch parses local records 1,000 at a time (memory) but validates and writes whole batches."""
    import polars as pl

    from liqa.schemas import QUARANTINE
    from tasks.fetch.run import _regroup

    q = pl.DataFrame(schema=QUARANTINE)
    parts = [(pl.DataFrame({"i": list(range(a, b))}), q) for a, b in [(0, 4), (4, 8), (8, 12), (12, 13)]]
    groups = list(_regroup(iter(parts), 7))
    assert [len(r) for r, _ in groups] == [8, 5]
    assert pl.concat([r for r, _ in groups])["i"].to_list() == list(range(13))
