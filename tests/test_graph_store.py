"""``sahel-ld load --into``: the build's named graphs in a real Oxigraph server, answering as we do."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from sahel_ld.formats import by_name
from sahel_ld.queries import Catalogue, NotRunHere, ParamError
from sahel_ld.sparql import QueryRequest

ROOT = Path(__file__).resolve().parents[1]
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ask(url: str, query: str) -> dict:
    request = urllib.request.Request(url + "?" + urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """An Oxigraph server on loopback (on disk, union default graph) with our build loaded into it."""
    port = _free_port()
    server = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path_factory.mktemp("engine")),
                               "--union-default-graph", "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                ask(base + "/query", "ASK {}")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(30)


def _load(into: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sahel_ld.cli", "load", "--root", str(ROOT), "--into", into, *extra],
                          capture_output=True, text=True, timeout=300)


def test_every_named_graph_arrives_whole_and_a_second_load_replaces_it(engine, app):
    loaded = app.extensions["sahel_ld"]
    expected = {str(g): len(loaded.dataset.graph(g)) for g in loaded.graph_names()}
    for _ in range(2):
        done = _load(engine + "/store")
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""  # quiet when not on a terminal
        rows = ask(engine + "/query", PER_GRAPH)["results"]["bindings"]
        assert {r["g"]["value"]: int(r["n"]["value"]) for r in rows} == expected


def _rows(body: bytes) -> list:
    """A SELECT answer as a sorted list of rows, blank nodes as one placeholder (engines name them their own way)."""
    data = json.loads(body)
    rows = []
    for binding in data["results"]["bindings"]:
        rows.append(sorted((k, "_:" if v["type"] == "bnode" else v["value"], v.get("xml:lang", ""),
                            v.get("datatype", "")) for k, v in binding.items()))
    return sorted(rows)


def test_saved_queries_answer_the_same_on_the_external_engine(engine, app):
    assert _load(engine + "/store").returncode == 0
    catalogue, ours = Catalogue(app.extensions["sahel_ld"]), app.extensions["sahel_ld_sparql"]
    compared = 0
    for name in catalogue.queries:
        try:
            _, _, text = catalogue.prepare(name, {})
        except (NotRunHere, ParamError):  # federated, or a parameter without a default
            continue
        answer = ours.run(QueryRequest(text=text, results_format=by_name("json")))
        if answer.form != "SELECT":
            continue
        request = urllib.request.Request(engine + "/query", data=text.encode(), headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert _rows(response.read()) == _rows(answer.body), name
        compared += 1
    assert compared >= 10


def test_an_unreachable_engine_is_exit_2_with_a_reason():
    done = _load(f"http://127.0.0.1:{_free_port()}/store", "--timeout", "5")
    assert done.returncode == 2 and "error: http://127.0.0.1:" in done.stderr
