"""Settings: ``liqa/settings.yaml`` < environment ``LIQA_<SECTION>_<KEY>`` < explicit overrides.

Why one layered file: tunable numbers (size caps, timeouts, windows) are reviewed in one place
and a deployment can change one without code (trafilatura's settings.cfg does the same).
"""
from __future__ import annotations

import copy
import functools
import os
from pathlib import Path
from typing import Any

from liqa.yamlio import load_yaml

_DEFAULTS_PATH = Path(__file__).with_name("settings.yaml")


@functools.lru_cache(maxsize=1)
def _defaults() -> dict[str, dict[str, Any]]:
    with open(_DEFAULTS_PATH, encoding="utf-8") as fh:
        return load_yaml(fh)


def _coerce(raw: str, like: Any) -> Any:
    if isinstance(like, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(like, int):
        return int(raw)
    if isinstance(like, float):
        return float(raw)
    if isinstance(like, list):
        return [x.strip() for x in raw.split(",") if x.strip()]
    return raw


def load_settings(overrides: dict[str, dict[str, Any]] | None = None,
                  environ: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """The effective settings as nested dicts (section → key → value)."""
    env = os.environ if environ is None else environ
    out = copy.deepcopy(_defaults())
    for section, values in out.items():
        for key, value in values.items():
            name = f"LIQA_{section}_{key}".upper()
            if name in env:
                values[key] = _coerce(env[name], value)
    # documented short form used by tests and deployments
    if "LIQA_FETCH_ALLOW_HOSTS" in env:
        out["fetch"]["allow_hosts"] = _coerce(env["LIQA_FETCH_ALLOW_HOSTS"], [])
    for section, values in (overrides or {}).items():
        out.setdefault(section, {}).update({k: v for k, v in values.items() if v is not None})
    return out
