"""Shared fixtures: the user's shared folder, fresh homes, and one real Prefect server per session.

Why one server: a flow run without PREFECT_API_URL starts a temporary server (~10 s each); the
session server makes every in-process flow and every `liqa run` subprocess reuse one real API.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ["LIQA_QUIET"] = "1"

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
VENV_BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def shared() -> Path:
    """The user's shared folder (seeds, eval, corpora); tests that need it skip without it."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="module")
def site():
    """The loopback news site with injected faults (tests/webfixtures/server.py) on a free port."""
    from webfixtures.server import LoopbackSite

    with LoopbackSite() as s:
        yield s


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture(scope="session")
def prefect_api():
    """A real `prefect server start` on 127.0.0.1 for the whole session; sets PREFECT_API_URL."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    import httpx

    port = _free_port()
    phome = Path(tempfile.mkdtemp(prefix="liqa-prefect-"))
    env = dict(os.environ, PREFECT_HOME=str(phome), PREFECT_SERVER_API_HOST="127.0.0.1",
               PREFECT_SERVER_API_PORT=str(port), PREFECT_UI_ENABLED="false")
    log = open(phome / "server.log", "wb")
    proc = subprocess.Popen([str(VENV_BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                             "--port", str(port), "--no-ui"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("prefect server exited: " + (phome / "server.log").read_text()[-2000:])
        time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("prefect server did not become healthy in 120 s")
    old_url, old_home = os.environ.get("PREFECT_API_URL"), os.environ.get("PREFECT_HOME")
    os.environ["PREFECT_API_URL"] = url
    os.environ["PREFECT_HOME"] = str(phome)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        for key, old in (("PREFECT_API_URL", old_url), ("PREFECT_HOME", old_home)):
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
        shutil.rmtree(phome, ignore_errors=True)


def liqa(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the installed `liqa` command as a user would."""
    return subprocess.run([str(VENV_BIN / "liqa"), *args], capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})), timeout=timeout)
