from liqa.settings import load_settings


def test_layers_file_env_overrides() -> None:
    base = load_settings(environ={})
    assert base["dedup"]["window_days"] == 3
    env = load_settings(environ={"LIQA_DEDUP_WINDOW_DAYS": "5", "LIQA_FETCH_ALLOW_HOSTS": "127.0.0.1,localhost"})
    assert env["dedup"]["window_days"] == 5
    assert env["fetch"]["allow_hosts"] == ["127.0.0.1", "localhost"]
    over = load_settings({"dedup": {"window_days": 7}}, environ={"LIQA_DEDUP_WINDOW_DAYS": "5"})
    assert over["dedup"]["window_days"] == 7
