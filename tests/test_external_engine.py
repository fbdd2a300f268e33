"""An external engine (a real Oxigraph server on loopback): ``sahel-ld load --into`` puts the build there,
and with ``store=sparql`` the endpoint's protocol tests pass unchanged against it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import served
from test_sparql_endpoint import *  # noqa: F403 - the endpoint's protocol tests, run here against the engine
from test_sparql_endpoint import FIXTURE as ENDPOINT

from sahel_ld.build import prepared
from sahel_ld.config import load_config
from sahel_ld.formats import by_name
from sahel_ld.graph_store import graph_bodies, put_graph
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


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """An Oxigraph server on loopback (on disk, union default graph); its base URL."""
    port = _free_port()
    server = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(location), "--union-default-graph",
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("engine")) as base:
        yield base


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The endpoint fixture's data loaded into an Oxigraph server, and our server asking it (``store=sparql``)."""
    settings = {"root": str(ENDPOINT), "max_rows": 20, "max_body_bytes": 20_000,
                "dumps_dir": str(tmp_path_factory.mktemp("build"))}
    with oxigraph_server(tmp_path_factory.mktemp("engine")) as base:
        for graph, _, body in graph_bodies(prepared(load_config(settings))):
            put_graph(base + "/store", graph, body, timeout=60)
        with served({**settings, "store": "sparql", "sparql_url": base + "/query"}) as live:
            yield live


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
