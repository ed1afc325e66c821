"""Review helpers for tasks/extract/gazetteer/people.yaml (run by hand, never at pipeline time).

Why a tool and not a generator: people.yaml is written and reviewed by hand (no package ships
dated roles with Arabic and Persian names); this script only does the two mechanical chores of
that review.

    python tools/build_people.py dedupe     # drop aliases that fold to one already listed in
                                            # the same language (أ/ا, ی/ي, ZWNJ, diacritics)
    python tools/build_people.py phoenix    # print the Phoenix actor entry and date ranges of
                                            # every listed person, to compare with our roles

``phoenix`` reads /work/shared/data/phoenix/Phoenix.Countries.actors.txt (MIT, petrarch2@676801c),
whose entries look like ``+MOHAMMAD_JAVAD_ZARIF`` followed by ``[IRNGOV >20130815]`` lines; it
stops around 2015, so it can confirm old roles, never current ones.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from liqa.textnorm import fold  # noqa: E402

PEOPLE = REPO / "tasks" / "extract" / "gazetteer" / "people.yaml"
PHOENIX = REPO.parent / "shared" / "data" / "phoenix" / "Phoenix.Countries.actors.txt"
_LIST = re.compile(r"(ar|fa|en): \[([^\]]*)\]")


def dedupe(text: str) -> tuple[str, list[str]]:
    """Rewrite the one-line ``names:`` maps without fold-duplicates; return the dropped aliases."""
    dropped: list[str] = []

    def fix(m: re.Match[str]) -> str:
        keep, seen = [], set()
        for alias in (a.strip() for a in m.group(2).split(",")):
            key = " ".join(fold(alias).split())
            if key in seen:
                dropped.append(alias)
                continue
            seen.add(key)
            keep.append(alias)
        return f"{m.group(1)}: [{', '.join(keep)}]"

    lines = [(_LIST.sub(fix, ln) if ln.startswith("  names: {") else ln) for ln in text.split("\n")]
    return "\n".join(lines), dropped


def phoenix_entries(path: Path) -> dict[str, list[str]]:
    """Phoenix actor name (``MOHAMMAD_JAVAD_ZARIF``) → its ``[CODE dates]`` lines."""
    out: dict[str, list[str]] = {}
    current: list[str] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("\t", " ")) and line.strip().startswith("["):
            current.append(line.strip())
        elif line and not line.startswith("#"):
            name = line.lstrip("+").split("#")[0].strip().strip("_")
            if not line.startswith("+"):
                current = []                 # a head line opens a new block
            if name:
                out[name] = current          # an alias line shares the block of its head line
    return out


def main(argv: list[str]) -> int:
    import yaml

    if argv[:1] == ["dedupe"]:
        text, dropped = dedupe(PEOPLE.read_text(encoding="utf-8"))
        PEOPLE.write_text(text, encoding="utf-8")
        print("\n".join(f"dropped {a}" for a in dropped) or "nothing to drop")
        return 0
    if argv[:1] == ["phoenix"]:
        entries = phoenix_entries(PHOENIX)
        for p in yaml.safe_load(PEOPLE.read_text(encoding="utf-8")):
            for en in p["names"]["en"]:
                key = re.sub(r"[^A-Z]+", "_", en.upper()).strip("_")
                if key in entries:
                    print(f"{p['id']:32} {key:32} {' '.join(entries[key])}")
                    break
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
