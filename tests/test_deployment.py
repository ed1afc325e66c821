"""The deployment recipe of docs/deploy.md, end to end on 127.0.0.1.

Why a real server, pool and worker: a deployment fails in ways no in-process flow test sees
(the pull step's directory, the entrypoint path, parameters crossing the API as JSON, the
worker's environment). This test does what an operator does, in the documented order:
server → process pool → ``prefect --no-prompt deploy --all`` → worker → run → Completed, then
checks the warehouse and that the ingest deployment carries an active hourly schedule.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
PREFECT = str(Path(sys.executable).parent / "prefect")
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen, sig: int, repeats: int, wait_s: float) -> None:
    """Signal a process group; repeat (the worker ignores its first SIGINT), then kill it."""
    for _ in range(repeats):
        if proc.poll() is not None:
            return
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _tail(path: Path, n: int = 3000) -> str:
    return path.read_text(errors="replace")[-n:] if path.exists() else ""


@pytest.fixture()
def stack(tmp_path: Path):
    """A fresh server (own PREFECT_HOME) with a `process` pool and a worker pulling from it."""
    import httpx

    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_API_URL=url,
               PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", PREFECT_UI_ENABLED="false",
               PROJECT_DIR=str(REPO), PREFECT_WORKER_QUERY_SECONDS="1", PREFECT_WORKER_PREFETCH_SECONDS="2",
               LIQA_HOME=str(tmp_path / "default-home"), LIQA_QUIET="1")
    procs: list[tuple[subprocess.Popen, int, int, float]] = []
    logs = {"server": tmp_path / "server.log", "worker": tmp_path / "worker.log"}

    def start(name: str, args: list[str]) -> subprocess.Popen:
        with open(logs[name], "wb") as log:
            return subprocess.Popen(args, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)

    def cli(*args: str) -> str:
        r = subprocess.run([PREFECT, "--no-prompt", *args], env=env, cwd=REPO, capture_output=True,
                           text=True, timeout=60)
        assert r.returncode == 0, f"prefect {' '.join(args)}:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}"
        return r.stdout

    try:
        server = start("server", [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"])
        procs.append((server, signal.SIGTERM, 1, 10))
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "server exited:\n" + _tail(logs["server"])
            assert time.monotonic() < deadline, "server not healthy in 60 s:\n" + _tail(logs["server"])
            time.sleep(0.3)
        cli("work-pool", "create", "process", "--type", "process")
        cli("deploy", "--all")
        worker = start("worker", [PREFECT, "worker", "start", "--pool", "process"])
        procs.append((worker, signal.SIGINT, 2, 8))
        with httpx.Client(base_url=url, timeout=10) as api:
            yield api, logs
    finally:
        for proc, sig, repeats, wait_s in reversed(procs):
            _stop(proc, sig, repeats, wait_s)


def test_hourly_deployment_runs_on_a_worker_and_fills_the_warehouse(stack, shared: Path, tmp_path: Path) -> None:
    import duckdb

    api, logs = stack
    dep = api.get("/deployments/name/liqa-ingest/hourly")
    assert dep.status_code == 200, dep.text
    dep = dep.json()
    assert dep["parameters"]["inputs"] == ["sources.yaml"]
    hourly = [s for s in dep["schedules"] if s["active"] and s["schedule"].get("cron") == "0 * * * *"]
    assert hourly, f"no active hourly schedule: {dep['schedules']}"
    assert api.get("/deployments/name/liqa-reprocess/reprocess").status_code == 200
    # switch the schedule off so an hour boundary during the test cannot start a real fetch
    r = api.patch(f"/deployments/{dep['id']}/schedules/{hourly[0]['id']}", json={"active": False})
    assert r.status_code in (200, 204), r.text

    home = tmp_path / "home"
    run = api.post(f"/deployments/{dep['id']}/create_flow_run",
                   json={"parameters": {"inputs": [str(shared / "seeds")], "home": str(home)}})
    assert run.status_code == 201, run.text
    run_id = run.json()["id"]
    deadline = time.monotonic() + 75
    state = None
    while time.monotonic() < deadline:
        state = api.get(f"/flow_runs/{run_id}").json()["state"]
        if state and state["type"] in TERMINAL:
            break
        time.sleep(1)
    assert state and state["type"] == "COMPLETED", f"flow run ended {state}:\n{_tail(logs['worker'])}"

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from meetings").fetchall()[0][0] > 0
        assert con.execute("select count(*) from articles").fetchall()[0][0] == len(list((shared / "seeds").iterdir()))
    finally:
        con.close()
