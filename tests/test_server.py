"""The command-line server: it serves a build and writes nothing, in one process or several sharing the port."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pages"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sahel_ld.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def _children(pid: int) -> set[int]:
    """Every process started by ``pid``, at any depth."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found |= {int(child), *_children(int(child))}
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("builds")
    done = _cli("build", "--root", str(FIXTURE), "--build-dir", str(folder), "--skip-validation")
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    assert Path(out.strip()).parent == folder and err == ""  # quiet when not on a terminal
    return folder


def test_serve_refuses_a_build_folder_without_the_current_build(tmp_path):
    process = _cli("serve", "--root", str(FIXTURE), "--build-dir", str(tmp_path), "--port", str(_free_port()))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2 and "run: sahel-ld build" in err
    assert list(tmp_path.iterdir()) == []


def test_several_processes_share_the_port_and_stop_together(built):
    port = _free_port()
    before = {p.name: p.stat().st_mtime_ns for p in built.rglob("*")}
    process = _cli("serve", "--root", str(FIXTURE), "--build-dir", str(built), "--port", str(port),
                   "--processes", "2")
    try:
        deadline, answer = time.monotonic() + 120, None
        while answer is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=30) as r:
                    answer = json.load(r)
            except OSError:
                time.sleep(0.3)
        assert answer == {"head": {}, "boolean": True}
        for _ in range(20):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/doc/org/jnim", timeout=30) as response:
                assert response.status == 200
        for _ in range(4):  # each process's last page rendered ahead, or waits for that rendering
            french = urllib.request.Request(f"http://127.0.0.1:{port}/browse/", headers={"Accept-Language": "fr"})
            with urllib.request.urlopen(french, timeout=60) as response:
                assert response.status == 200
        fronts = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert len(fronts) == 2
        everyone = _children(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert err.count("pages rendered ahead in") == 2  # each process renders the costly pages once, unasked
    time.sleep(1)
    assert not [pid for pid in everyone if Path(f"/proc/{pid}").exists()
                and "zombie" not in Path(f"/proc/{pid}/status").read_text()]
    assert {p.name: p.stat().st_mtime_ns for p in built.rglob("*")} == before  # nothing written


def test_a_relative_build_folder_is_served(built, tmp_path, monkeypatch):
    """``--build-dir build`` (as make serve says it) names a folder under the working directory."""
    from sahel_ld.web import create_app

    monkeypatch.chdir(built.parent)
    app = create_app({"root": str(FIXTURE), "build_dir": built.name, "sparql_workers": 1})
    try:
        nquads = next(f.name for f in app.extensions["sahel_ld_dumps"]["files"] if f.name.endswith(".nq"))
        with app.test_client().get(f"/dumps/{nquads}") as response:
            assert response.status_code == 200 and response.data
    finally:
        app.extensions["sahel_ld_sparql"].close()
