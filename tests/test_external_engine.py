"""External engines, each a real server on loopback started here (the Oxigraph server, Debian's Virtuoso):
``sahel-ld load --into`` puts the build there, and with ``store=sparql`` the endpoint's protocol tests pass
unchanged against each, and the saved queries give the same rows as on the embedded store."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

import pytest
from conftest import served
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from test_sparql_endpoint import *  # noqa: F403 - the endpoint's protocol tests, run here against each engine
from test_sparql_endpoint import FIXTURE as ENDPOINT
from test_sparql_endpoint import get

from sahel_ld.build import prepared
from sahel_ld.config import load_config
from sahel_ld.describe import describe, plain
from sahel_ld.formats import by_name
from sahel_ld.graph_store import graph_bodies, put_graph
from sahel_ld.queries import Catalogue, NotRunHere, ParamError
from sahel_ld.sparql import Engine, EngineUnavailable, QueryRequest

ROOT = Path(__file__).resolve().parents[1]
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO = shutil.which("virtuoso-t")
ENGINE_LIMIT = 5  # seconds: each engine's own query time limit, below query_timeout (10 s)
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"

# The saved queries Virtuoso 7.2.5 (Debian's) answers differently from the SPARQL 1.1 recommendation and from
# the embedded store, and why; each was checked by hand. The test fails when this list is no longer exact.
GROUP_CONCAT = "GROUP_CONCAT drops the common language tag, orders its values otherwise, gives '' for none"
VIRTUOSO_DIFFERS = {
    "allegiances": GROUP_CONCAT, "coalition-members": GROUP_CONCAT, "foreign-operations": GROUP_CONCAT,
    "groups-in-place": GROUP_CONCAT, "operating-areas": GROUP_CONCAT, "outside-peace-process": GROUP_CONCAT,
    "group-origins": "VALUES does not bind the start of a path (a|b|c)+: ancestors of other groups come too",
    "places-with-coordinates": "geo:wktLiteral is stored as Virtuoso's own geometry: type and digits change",
    "groups-near-place": "arithmetic on a value that is not a number is an error (its HTTP 500), not unbound",
}

# Virtuoso as a deployment runs it, but all in one temporary folder and on loopback only: the SQL port (for
# isql) and the HTTP port, nothing else. ResultSetMaxRows 0: no cap of its own (ours is max_rows).
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 0
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = {limit}
"""


class Running(NamedTuple):
    """A running engine: its query address and its Graph Store Protocol address (credentials included)."""

    query: str
    store: str


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
def _running(command: list[str], folder: Path, running: Running) -> Iterator[Running]:
    """Start an engine's server, wait until it answers, stop it at the end."""
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                ask(running.query, "ASK {}")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{command[0]} did not start: {(folder / 'server.log').read_text(errors='replace')}")
                time.sleep(0.2)
        yield running
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@contextmanager
def started(kind: str, folder: Path) -> Iterator[Running]:
    """An engine of ``kind`` on loopback, its data in ``folder``."""
    port = _free_port()
    if kind == "oxigraph":
        base = f"http://127.0.0.1:{port}"
        with _running([str(OXIGRAPH), "serve", "--location", str(folder / "data"), "--union-default-graph",
                       "--timeout-s", str(ENGINE_LIMIT), "--bind", f"127.0.0.1:{port}"], folder,
                      Running(base + "/query", base + "/store")) as running:
            yield running
        return
    if VIRTUOSO is None:
        pytest.fail("Virtuoso is not installed: apt-get install virtuoso-opensource (make test installs it)")
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(folder=folder, sql_port=_free_port(), http_port=port,
                                                             limit=ENGINE_LIMIT))
    # A new database's administrator is dba, password dba: /sparql-graph-crud-auth takes it by HTTP Digest.
    with _running([VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")], folder,
                  Running(f"http://127.0.0.1:{port}/sparql",
                          f"http://dba:dba@127.0.0.1:{port}/sparql-graph-crud-auth")) as running:
        yield running


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def kind(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def engine(kind, tmp_path_factory):
    with started(kind, tmp_path_factory.mktemp(kind)) as running:
        yield running


@pytest.fixture(scope="module")
def server(kind, tmp_path_factory):
    """The endpoint fixture's data loaded into an engine, and our server asking it (``store=sparql``)."""
    settings = {"root": str(ENDPOINT), "max_rows": 20, "max_body_bytes": 20_000,
                "dumps_dir": str(tmp_path_factory.mktemp("build"))}
    with started(kind, tmp_path_factory.mktemp(kind)) as running:
        for graph, _, body in graph_bodies(prepared(load_config(settings))):
            put_graph(running.store, graph, body, timeout=60)
        with served({**settings, "store": "sparql", "sparql_url": running.query}) as live:
            yield live


def _load(into: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sahel_ld.cli", "load", "--root", str(ROOT), "--into", into, *extra],
                          capture_output=True, text=True, timeout=300)


def test_every_named_graph_arrives_whole_and_a_second_load_replaces_it(engine, app):
    loaded = app.extensions["sahel_ld"]
    expected = {str(g): len(loaded.dataset.graph(g)) for g in loaded.graph_names()}
    for _ in range(2):
        done = _load(engine.store)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""  # quiet when not on a terminal
        rows = ask(engine.query, PER_GRAPH)["results"]["bindings"]
        ours = {r["g"]["value"]: int(r["n"]["value"]) for r in rows if r["g"]["value"].startswith(loaded.base_iri)}
        assert ours == expected  # beside the engine's own graphs (Virtuoso's system graphs)


def _rows(body: bytes) -> list:
    """A SELECT answer as a sorted list of rows, blank nodes as one placeholder (engines name them their own way)."""
    data = json.loads(body)
    rows = []
    for binding in data["results"]["bindings"]:
        rows.append(sorted((k, "_:" if v["type"] == "bnode" else v["value"], v.get("xml:lang", ""),
                            v.get("datatype", "")) for k, v in binding.items()))
    return sorted(rows)


def test_saved_queries_answer_the_same_on_the_external_engine(kind, engine, app):
    """Every saved SELECT gives the embedded store's rows through ``store=sparql``, except, on Virtuoso 7.2,
    exactly those its evaluator answers differently (``VIRTUOSO_DIFFERS``; README, "Deployment and scale")."""
    assert _load(engine.store).returncode == 0
    catalogue, ours = Catalogue(app.extensions["sahel_ld"]), app.extensions["sahel_ld_sparql"]
    theirs = Engine(app.extensions["sahel_ld"], {**app.config["SAHEL_LD"], "store": "sparql",
                                                 "sparql_url": engine.query, "sparql_workers": 1})
    same, differ = [], []
    try:
        for name in catalogue.queries:
            try:
                _, _, text = catalogue.prepare(name, {})
            except (NotRunHere, ParamError):  # federated, or a parameter without a default
                continue
            request = QueryRequest(text=text, results_format=by_name("json"))
            answer = ours.run(request)
            if answer.form != "SELECT":
                continue
            try:
                there = theirs.run(request)
            except EngineUnavailable:  # the engine's own error (HTTP 500): ours is a 502
                differ.append(name)
                continue
            agree = (_rows(there.body), there.cut) == (_rows(answer.body), answer.cut)
            (same if agree else differ).append(name)
    finally:
        theirs.close()
    assert sorted(differ) == sorted(VIRTUOSO_DIFFERS if kind == "virtuoso" else {})
    assert len(same) >= 10


def test_the_engines_graphs_of_its_own_never_show(server):
    graphs = get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").json()["results"]["bindings"]
    assert {b["g"]["value"] for b in graphs} == {str(g) for g in server.app.extensions["sahel_ld"].graph_names()}
    from_only = get(server, f"SELECT DISTINCT ?g FROM <{GRAPH}places> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert from_only.json()["results"]["bindings"] == []  # FROM alone: no named graphs
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    embedded = server.app.extensions["sahel_ld"].oxigraph_store().query(count, use_default_graph_as_union=True)
    assert get(server, count).json()["results"]["bindings"][0]["n"]["value"] == next(embedded)["n"].value


@pytest.mark.parametrize("query", [
    'PREFIX bif: <bif:> SELECT (bif:http_get("http://127.0.0.1:9/") AS ?x) WHERE {}',  # Virtuoso: fetches a URL
    'SELECT ?x WHERE { BIND(<sql:DB.DBA.USER_CREATE>("x", "y") AS ?x) }',  # Virtuoso: an SQL procedure
    "define input:default-graph-uri <http://www.openlinksw.com/schemas/virtrdf#> SELECT * WHERE { ?s ?p ?o }",
])
def test_an_engines_extensions_never_reach_it(server, query):
    response = get(server, query)
    assert response.status_code == 400 and "openlinksw" not in response.text


def test_the_engines_own_time_limit_is_our_503(server):
    response = get(server, SLOW)
    assert response.status_code == 503 and "own limit" in response.text  # the engine stopped it, not we
    assert get(server, "ASK {}").status_code == 200


def test_an_unreachable_engine_is_exit_2_with_a_reason():
    done = _load(f"http://127.0.0.1:{_free_port()}/store", "--timeout", "5")
    assert done.returncode == 2 and "error: http://127.0.0.1:" in done.stderr


# Resources whose descriptions reach every part of the description query: the largest page (JNIM), a person,
# a place, an event (its #time instant), a concept every claim points to, a claim with a #period.
DESCRIBED = ["org/jnim", "person/iyad-ag-ghali", "place/kidal", "event/aguelhok-attack-2019", "concept/alleged",
             "claim/ansar-al-din-member-of-jnim"]


def _triples(body: bytes) -> set:
    """An N-Triples document's triples, plain literals as ``xsd:string`` ones (RDF 1.1: the same literal)."""
    graph = Graph().parse(data=body, format="nt")
    return {(s, p, plain(o)) for s, p, o in graph}


@pytest.fixture(scope="module")
def real_server(engine):
    """The project's data loaded into an engine, and our server asking it (``store=sparql``)."""
    assert _load(engine.store).returncode == 0
    with served({"root": str(ROOT), "store": "sparql", "sparql_url": engine.query}) as live:
        yield live


@pytest.mark.parametrize("path", DESCRIBED)
def test_a_resource_is_described_by_the_external_engine_as_by_the_embedded_store(path, real_server, client):
    """The description query runs on the engine (one request) and gives the embedded store's triples."""
    ours = client.get(f"/doc/{path}.nt")
    theirs = urllib.request.urlopen(f"{real_server.url}/doc/{path}.nt", timeout=60)
    assert ours.status_code == 200 and theirs.status == 200
    assert _triples(theirs.read()) == _triples(ours.data)
    assert len(_triples(ours.data)) > 10


def test_an_engine_down_is_a_502_with_a_reason_until_it_is_back(tmp_path):
    """Nothing listens at the engine's address: 502 naming it, for pages and queries alike; not remembered, so
    the same requests answer once an engine is there."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with served({"root": str(ENDPOINT), "store": "sparql", "sparql_url": base + "/query",
                 "dumps_dir": str(tmp_path / "build")}) as live:
        for path in ("/sparql?query=ASK%7B%7D", "/doc/org/jnim.nt"):
            down = urllib.request.Request(live.url + path)
            with pytest.raises(urllib.error.HTTPError) as error:
                urllib.request.urlopen(down, timeout=60)
            assert error.value.code == 502 and f"{base}/query cannot be reached" in error.value.read().decode()
        with _running([str(OXIGRAPH), "serve", "--location", str(tmp_path / "data"), "--union-default-graph",
                       "--bind", f"127.0.0.1:{port}"], tmp_path, Running(base + "/query", base + "/store")):
            assert urllib.request.urlopen(live.url + "/sparql?query=ASK%7B%7D", timeout=60).status == 200


def test_blank_nodes_are_followed_in_a_description_from_the_engine(server):
    """The engine names blank nodes its own way: the same graph up to their names as on the embedded store."""
    with urllib.request.urlopen(f"{server.url}/doc/org/unnamed.nt", timeout=60) as response:
        graph = Graph().parse(data=response.read(), format="nt")
    iri = URIRef("https://w3id.org/sahel-ld/id/org/unnamed")
    embedded = describe(server.app.extensions["sahel_ld"], iri)
    assert any(isinstance(o, BNode) for o in graph.objects(iri, None))
    assert isomorphic(graph, embedded)


@pytest.mark.parametrize("view", ["map", "network", "timeline"])
def test_the_views_draw_the_same_from_the_external_engine(view, real_server, client):
    """The map, the network and the timeline, built from the view-* saved queries' rows, are the same data."""
    with urllib.request.urlopen(f"{real_server.url}/{view}.json", timeout=120) as response:
        theirs = json.load(response)
    assert theirs == client.get(f"/{view}.json").get_json()
