"""Read-only and sealed: updates, SERVICE and foreign FROM are refused; workers reach no socket, no file."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import served
from test_sparql_endpoint import FIXTURE, call



@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def server(request):
    with served({"root": str(FIXTURE), "store": request.param}) as live:
        yield live


@pytest.fixture()
def listener():
    """A TCP listener on loopback that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    hits: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = sock.accept()
                hits.append("connection")
                connection.close()
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", hits
    stop.set()
    thread.join()
    sock.close()


@pytest.fixture()
def fifo(tmp_path):
    """A named pipe: a reader opening it would block, and a writer could then open it."""
    path = tmp_path / "secret.ttl"
    os.mkfifo(path)
    return path


def nobody_opened(path: Path) -> bool:
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError as error:
        return error.errno == errno.ENXIO
    return False


UPDATES = [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "DELETE DATA { <http://a> <http://b> <http://c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX x: <http://x/> WITH <http://g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "LOAD <{url}>", "LOAD <{file}> INTO GRAPH <http://g>", "CLEAR ALL", "DROP GRAPH <http://g>",
    "CREATE GRAPH <http://g>", "ADD DEFAULT TO <http://g>", "MOVE <http://a> TO <http://b>",
    "COPY DEFAULT TO <http://g>", "# a comment\nCLEAR DEFAULT",
]
FOREIGN = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { service <{url}> { ?s ?p ?o } } }",
    "PREFIX ex: <{url}#> SELECT * WHERE { SERVICE ex:x { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <{file}> { ?s ?p ?o } }",
    "SELECT * FROM <{url}> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <{file}> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } FROM <{file}> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { BIND(\"#\" AS ?x) SERVICE <{url}> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", UPDATES)
def test_updates_are_refused(server, template, listener, fifo):
    url, hits = listener
    query = template.replace("{url}", url).replace("{file}", fifo.as_uri())
    response = call("POST", server.sparql, data={"query": query})
    assert response.status_code == 400 and "not a query" in response.text and "read-only" in response.text
    assert hits == [] and nobody_opened(fifo)


def test_update_request_shapes_are_refused(server):
    assert call("POST", server.sparql, data={"update": "CLEAR ALL"}).status_code == 403
    as_body = call("POST", server.sparql, data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert as_body.status_code == 403


@pytest.mark.parametrize("template", FOREIGN)
def test_service_and_foreign_from_are_refused_before_evaluation(server, template, listener, fifo):
    url, hits = listener
    query = template.replace("{url}", url).replace("{file}", fifo.as_uri())
    response = call("GET", server.sparql, {"query": query})
    assert response.status_code == 400
    assert hits == [] and nobody_opened(fifo)


def test_words_in_strings_and_comments_are_not_mistaken_for_service(server):
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://x> { }" AS ?x) } # SERVICE <http://y> { }'
    assert call("GET", server.sparql, {"query": query}).status_code == 200


SEALED_WORKER = """
import socket, sys, threading
import pyoxigraph
from sahel_ld import sparql_seal
url, path, written, layers = sys.argv[1:5]
missing = (sparql_seal.isolate_network() if layers == "all" else []) + sparql_seal.seal()
port = int(url.split(":")[2].split("/")[0])
service = f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
attempts = [
    lambda: socket.create_connection(("127.0.0.1", port), timeout=2),
    lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM),
    lambda: open(path, "rb"),
    lambda: open(written, "w"),
    lambda: __import__("subprocess").run(["true"]),
    lambda: list(pyoxigraph.Store().query(service)),
]
for attempt in attempts:
    try:
        attempt()
        print("allowed")
    except Exception as error:
        print("refused", type(error).__name__, error)
box = []
thread = threading.Thread(target=lambda: box.append(bool(pyoxigraph.Store().query("ASK {}"))))
thread.start()
thread.join()
print("answers", box, __import__("json").dumps({"é": 1}), missing)
"""


def run_sealed(url: str, fifo: Path, written: Path, layers: str, user: list[str]) -> list[str]:
    out = subprocess.run([*user, sys.executable, "-c", SEALED_WORKER, url, str(fifo), str(written), layers],
                         capture_output=True, text=True, timeout=60, cwd="/")
    return out.stdout.splitlines() or [out.stderr]


USERS = [pytest.param([], id="as-this-user")]
if os.geteuid() == 0 and shutil.which("setpriv"):
    USERS.append(pytest.param(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], id="as-nobody"))


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("layers", ["all", "without-namespace"])
def test_a_sealed_worker_reaches_no_socket_no_file_no_program(listener, fifo, tmp_path, user, layers):
    url, hits = listener
    tmp_path.chmod(0o777)
    lines = run_sealed(url, fifo, tmp_path / "written", layers, user)
    assert len(lines) == 7, lines
    assert all(line.startswith("refused") for line in lines[:6]), lines
    assert lines[6].startswith('answers [True] {"\\u00e9": 1}'), lines  # legitimate work goes on
    assert hits == [] and nobody_opened(fifo) and not (tmp_path / "written").exists()
