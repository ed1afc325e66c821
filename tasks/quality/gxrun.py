"""Run one committed expectation suite over one Polars batch with Great Expectations.

Why this shape (measured in shared/research/stack-feasibility.md):
- one ephemeral GX context per process (no project files, no UUID churn in the committed
  suites, progress bars off), created lazily so importing liqa stays cheap;
- suites are JSON files under ``expectations/`` loaded once; each expectation carries
  ``severity`` (GX's own field: critical → the row is quarantined, warning → only reported)
  and ``meta.reason`` (the sentence a quarantine row and the report show);
- GX validates pandas frames: only the columns the suite names are converted, once per batch;
- an expectation whose columns the frame lacks is *skipped* and reported as such, so the same
  suite can serve a stage table and its warehouse mart, and context-dependent helper columns
  (evidence against the text) are only checked when the caller gave that context.
"""
from __future__ import annotations

import functools
import json
import logging
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

SUITES_DIR = Path(__file__).resolve().parents[2] / "expectations"
_LOCK = threading.Lock()


@dataclass
class ExpectationOutcome:
    """The part of one GX expectation result that quarantine and reports need."""

    expectation: str                 # GX type, e.g. expect_column_values_to_be_in_set
    column: str                      # column, or "a+b" for compound expectations, "" for table
    severity: str                    # critical | warning
    reason: str
    success: bool
    skipped: bool = False
    unexpected_count: int = 0
    element_count: int = 0
    unexpected_index: list[int] = field(default_factory=list)
    unexpected_values: list[Any] = field(default_factory=list)
    error: str | None = None

    def rule(self, suite: str) -> str:
        return f"gx:{suite}:{self.expectation}:{self.column}"

    def as_dict(self, suite: str, sample: int = 5) -> dict:
        return {
            "rule": self.rule(suite), "expectation": self.expectation, "column": self.column,
            "severity": self.severity, "reason": self.reason, "success": self.success,
            "skipped": self.skipped, "unexpected_count": self.unexpected_count,
            "element_count": self.element_count,
            "sample": [_jsonable(v) for v in self.unexpected_values[:sample]],
            "error": self.error,
        }


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    return str(v)


@functools.cache
def _batch_definition():
    """The process-wide ephemeral context's pandas batch definition (built on first use)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = ctx.data_sources.add_pandas("liqa").add_dataframe_asset("batch")
    return asset.add_batch_definition_whole_dataframe("whole")


@functools.cache
def load_suite(name: str) -> dict:
    """The committed suite ``expectations/<name>.json`` as a plain dict (read once)."""
    path = SUITES_DIR / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("name") != name:
        raise ValueError(f"{path}: suite name {data.get('name')!r} differs from the file name")
    for e in data["expectations"]:
        if e.get("severity") not in ("critical", "warning"):
            raise ValueError(f"{path}: {e['type']} needs severity critical or warning")
        if not (e.get("meta") or {}).get("reason"):
            raise ValueError(f"{path}: {e['type']} on {e['kwargs'].get('column')} needs meta.reason")
    return data


def _columns_of(exp: dict) -> list[str]:
    kw = exp["kwargs"]
    if "column" in kw:
        return [kw["column"]]
    for key in ("column_list", "column_A", "column_B"):
        if key in kw:
            return list(kw[key]) if key == "column_list" else [kw["column_A"], kw["column_B"]]
    return []


def _column_label(exp: dict) -> str:
    return "+".join(_columns_of(exp))


def _gx_suite(name: str, expectations: list[dict]):
    import great_expectations as gx

    return gx.ExpectationSuite(name=name, expectations=[
        {k: v for k, v in e.items() if k in ("type", "kwargs", "meta", "severity")} for e in expectations])


def _validate_two_pass(name: str, batch, active: list[dict], parameters: dict) -> list:
    """Every expectation's result, COMPLETE (with failing row indices) where it failed.

    Why two passes: GX's cost is mostly per expectation, and a COMPLETE result doubles it (it
    adds metrics for unexpected values and indices). A BOOLEAN_ONLY pass decides success for
    all; only the expectations that failed (or raised) are validated again for the rows. One
    with ``mostly`` can pass with unexpected rows, so it always gets the full pass.
    """
    quick = batch.validate(_gx_suite(name, active), result_format={"result_format": "BOOLEAN_ONLY"},
                           expectation_parameters=parameters).results
    redo = [i for i, res in enumerate(quick) if not res.success or "mostly" in active[i]["kwargs"]]
    if not redo:
        return list(quick)
    full = batch.validate(_gx_suite(name, [active[i] for i in redo]), result_format={"result_format": "COMPLETE"},
                          expectation_parameters=parameters).results
    out = list(quick)
    for i, res in zip(redo, full):
        out[i] = res
    return out


def run_suite(name: str, df: pl.DataFrame, parameters: dict | None = None) -> tuple[list[ExpectationOutcome], float]:
    """Validate ``df`` against suite ``name`` in one GX run; returns outcomes and seconds spent.

    Row indices in the outcomes are positions in ``df`` (the pandas frame gets a RangeIndex).
    """
    suite = load_suite(name)
    present = set(df.columns)
    active, outcomes = [], []
    for exp in suite["expectations"]:
        cols = _columns_of(exp)
        params_ok = all(
            not (isinstance(v, dict) and "$PARAMETER" in v) or (parameters or {}).get(v["$PARAMETER"]) is not None
            for v in exp["kwargs"].values()
        )
        if all(c in present for c in cols) and params_ok:
            active.append(exp)
        else:
            outcomes.append(ExpectationOutcome(exp["type"], _column_label(exp), exp["severity"],
                                               exp["meta"]["reason"], success=True, skipped=True))
    t0 = time.perf_counter()
    if active and len(df):
        needed = sorted({c for e in active for c in _columns_of(e)})
        pdf = df.select(needed).to_pandas()
        with _LOCK:  # the ephemeral context is shared; GX is not documented as thread-safe
            batch = _batch_definition().get_batch(batch_parameters={"dataframe": pdf})
            results = _validate_two_pass(name, batch, active, parameters or {})
        for exp, res in zip(active, results):
            r = res.result or {}
            info = res.exception_info or {}
            err = info.get("exception_message") if info.get("raised_exception") else None
            outcomes.append(ExpectationOutcome(
                exp["type"], _column_label(exp), exp["severity"], exp["meta"]["reason"],
                success=bool(res.success), unexpected_count=int(r.get("unexpected_count") or 0),
                element_count=int(r.get("element_count") or len(df)),
                unexpected_index=[int(i) for i in r.get("unexpected_index_list") or [] if isinstance(i, int)],
                unexpected_values=list(r.get("unexpected_list") or r.get("partial_unexpected_list") or []),
                error=err))
    else:
        for exp in active:
            outcomes.append(ExpectationOutcome(exp["type"], _column_label(exp), exp["severity"],
                                               exp["meta"]["reason"], success=True, element_count=0))
    order = {(e["type"], _column_label(e)): i for i, e in enumerate(suite["expectations"])}
    outcomes.sort(key=lambda o: order.get((o.expectation, o.column), 0))
    return outcomes, time.perf_counter() - t0
