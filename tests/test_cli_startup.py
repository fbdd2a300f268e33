"""Start-up failures are one line on stderr and exit 2, never a traceback; ``--version``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ENDPOINT = Path(__file__).resolve().parent / "fixtures" / "endpoint"
SCRIPT = Path(sys.executable).with_name("sahel-ld")


def run(*args: str, cwd: Path, **environ: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAHEL_LD_")} | environ
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=180)


def failed_in_one_line(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr and len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "root"
    shutil.copytree(ENDPOINT, copy)
    return copy


def test_version(tmp_path):
    done = run("--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("sahel-ld ") and done.stdout.strip()[-1].isdigit()


@pytest.mark.parametrize(("name", "value", "expects"), [
    ("QUERY_TIMEOUT", "nan", "finite"), ("QUERY_TIMEOUT", "-1", "from 0.001"), ("MAX_ROWS", "-1", "at least 1"),
    ("PORT", "80000", "from 1 to 65535"), ("SPARQL_WORKERS", "two", "an integer"), ("THREADS", "2.5", "an integer"),
])
def test_a_bad_setting_stops_the_server_naming_it(tmp_path, name, value, expects):
    done = run("serve", cwd=tmp_path, **{f"SAHEL_LD_{name}": value})
    failed_in_one_line(done, name.lower(), expects, repr(value))


def test_a_bad_query_header_stops_the_server(root, tmp_path):
    (root / "queries" / "broken.rq").write_text("#+ summary: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n")
    failed_in_one_line(run("serve", "--root", str(root), "--port", "1", cwd=tmp_path), "broken.rq")


def test_a_ttl_folder_in_data_is_an_error_not_a_missing_graph(root, tmp_path):
    (root / "data" / "folder.ttl").mkdir()
    failed_in_one_line(run("stats", "--root", str(root), cwd=tmp_path), "folder.ttl")


def test_a_busy_port_stops_the_server(root, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        done = run("serve", "--root", str(root), "--port", port, cwd=tmp_path,
                   SAHEL_LD_DUMPS_DIR=str(tmp_path / "dumps"))
    failed_in_one_line(done, f"127.0.0.1:{port}", "in use")


@pytest.mark.parametrize("where", ["a-file", "a-file/below"])
def test_dump_onto_a_path_that_is_not_a_folder(root, tmp_path, where):
    (tmp_path / "a-file").write_text("not a folder")
    failed_in_one_line(run("dump", str(tmp_path / where), "--root", str(root), cwd=tmp_path), "a-file")


def test_dumps_dir_that_cannot_be_written_stops_the_server(root, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    done = run("serve", "--root", str(root), cwd=tmp_path, SAHEL_LD_DUMPS_DIR=str(tmp_path / "a-file"))
    failed_in_one_line(done, "a-file")
