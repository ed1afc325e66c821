from pathlib import Path

from liqa.settings import load_settings


def test_layers_file_env_overrides() -> None:
    base = load_settings(environ={})
    assert base["dedup"]["window_days"] == 3
    env = load_settings(environ={"LIQA_DEDUP_WINDOW_DAYS": "5", "LIQA_FETCH_ALLOW_HOSTS": "127.0.0.1,localhost"})
    assert env["dedup"]["window_days"] == 5
    assert env["fetch"]["allow_hosts"] == ["127.0.0.1", "localhost"]
    over = load_settings({"dedup": {"window_days": 7}}, environ={"LIQA_DEDUP_WINDOW_DAYS": "5"})
    assert over["dedup"]["window_days"] == 7


def test_the_fast_yaml_loader_reads_every_repository_file_as_the_reference_parser() -> None:
    """liqa reads its knowledge files with libyaml's C parser (liqa/yamlio.py: ~10x faster, paid by
    every worker process at start-up); it must build exactly what PyYAML's own parser builds."""
    import yaml

    from liqa.yamlio import SafeLoader, load_yaml

    root = Path(__file__).resolve().parents[1]
    files = [p for d in ("liqa", "tasks", "expectations") for p in (root / d).rglob("*.y*ml")]
    files += sorted(root.glob("*.y*ml"))
    assert len(files) >= 15
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), path
    assert SafeLoader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
