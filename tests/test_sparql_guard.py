"""The query guard against Oxigraph's own parser: every spelling Oxigraph runs as SERVICE is refused, and the
texts the guard lets through never make Oxigraph call a service. Oxigraph runs unsealed here, against a
listener of this test on loopback, to prove both halves."""

from __future__ import annotations

import socket
import threading
import time

import pyoxigraph as ox
import pytest

from sahel_ld.sparql_guard import MAX_NESTING, Inspection, check_graphs, inspect
from sahel_ld.sparql_worker import QueryError

BASE = "https://w3id.org/sahel-ld/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROLOGUE = "PREFIX : <{url}> PREFIX ex: <{url}> "
GLUED_PREFIXES = "PREFIX SERVICE: <{url}> PREFIX SERVICEex: <{url}> "

# Spellings that Oxigraph 0.5 evaluates as a SERVICE call: its parser reads keywords glued to other words.
SERVICE_SPELLINGS = [
    "SELECT * { SERVICE <{url}> { ?s ?p ?o } }",
    "select * { service silent <{url}> { ?s ?p ?o } }",
    "SELECT * { SERVICE:x { ?s ?p ?o } }",
    "SELECT * { SERVICEex:x { ?s ?p ?o } }",
    "SELECT * { SERVICESILENT<{url}>{ ?s ?p ?o } }",
    "SELECT * { {}SERVICE<{url}>{?s ?p ?o} }",
    "SELECT * { ?a ?b ?c.SERVICE<{url}>{?s ?p ?o} }",
    "SELECT * { ?a ?b trueSERVICE<{url}>{?s ?p ?o} }",
    "SELECT * { ?a ?b falseservice<{url}>{?s ?p ?o} }",
    "SELECT * { ?a ?b 1SERVICE<{url}>{?s ?p ?o} }",
    "SELECT * { ?a ?b 1.5e3SERVICE<{url}>{?s ?p ?o} }",
    "SELECT * { ?a ?b 'a'SERVICE<{url}>{?s ?p ?o} }",
    "SELECT * { ?a ?b 'a'@en SERVICE<{url}>{?s ?p ?o} }",
    "SELECT * { ?a ?b []SERVICE<{url}>{?s ?p ?o} }",
    "SELECT * { FILTER(true)SERVICE<{url}>{?s ?p ?o} }",
    "SELECT * { FILTER(1<2)SERVICE<{url}>{}FILTER(3>2) }",
    "SELECT * { SERVICE#comment\n<{url}> { ?s ?p ?o } }",
    "SELECT * { SERVICE <\\u0068ttp://{host}/> { ?s ?p ?o } }",
    "SELECT * { OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * { ?a ?b ?c MINUS { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * { { SELECT * { SERVICE <{url}> { ?s ?p ?o } } } }",
    'SELECT * { BIND("#" AS ?x) SERVICE <{url}> { ?s ?p ?o } }',
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "ASK { SERVICE <{url}> { ?s ?p ?o } }",
]

# Valid queries with "service" in strings, IRIs, comments, variables, local names: answered.
SERVICE_LOOKALIKES = [
    'SELECT ?x WHERE { BIND("SERVICE <{url}> { }" AS ?x) } # SERVICE <{url}> { }',
    "SELECT * { ?s ?p '''SERVICE <{url}> {}''' }",
    "SELECT * { BIND(<{url}> AS ?service) ?s ?p ?service }",
    "SELECT ?service { ?service ?p ?o }",
    "SELECT * { ?s ex:serviceType ?o . ?s ex:p ex:service }",
    "SELECT * { ?s ?p ?o FILTER(?o<3&&?o>1) }",
    "SELECT * { <{url}SERVICE> ?p ?o }",
    "SELECT * { ?s ?p 'x'@en-service }",
    "SELECT * { ?s ?p _:service }",
    "SELECT * { ?s ex:p\\/service ?o }",
]

VALID = [
    'SELECT * WHERE { BIND("#" AS ?x) ?s ?p ?o }',
    "PREFIX e: <http://e/> SELECT * WHERE { e:a\\.b ?p e:1a , e:a:b , e:a%20b }",
    "SELECT * { ?s ^<http://p>/<http://q>* ?o . ?s !(<http://p>|^<http://q>) ?o }",
    "SELECT ?x (COUNT(*) AS ?n) WHERE { ?x ?p ?o } GROUP BY ?x HAVING (COUNT(*) > 1)",
    "SELECT * { ?s ?p ?o } VALUES ?s { UNDEF }",
    "SELECT*{?s?p?o.FILTER(?o>1)}",
    "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5",
    "DESCRIBE <http://a>",
    "BASE <http://a/> PREFIX p: <b/> SELECT * FROM <c> FROM p:d WHERE { ?s ?p ?o }",
]


@pytest.fixture()
def listener():
    """A TCP listener on loopback that counts the connections made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.1)
    hits: list[int] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                sock.accept()[0].close()
                hits.append(1)
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join()
    sock.close()


def store() -> ox.Store:
    """A store in which every triple pattern of the texts above has an answer, so that joins reach SERVICE."""
    data = ox.Store()
    x = ox.NamedNode("http://x")
    objects = [x, ox.Literal("a"), ox.Literal("a", language="en"), ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
               ox.Literal("1500.0e0", datatype=ox.NamedNode(XSD + "double")),
               ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
               ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))]
    for value in objects:
        data.add(ox.Quad(x, x, value))
    return data


def fill(text: str, port: int) -> str:
    return text.replace("{url}", f"http://127.0.0.1:{port}/").replace("{host}", f"127.0.0.1:{port}")


def calls_made(text: str, hits: list[int]) -> int:
    """Evaluate ``text`` with Oxigraph, unsealed; the connections it made to the listener."""
    before = len(hits)
    try:
        result = store().query(text)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (OSError, RuntimeError, SyntaxError):
        pass
    time.sleep(0.05)
    return len(hits) - before


@pytest.mark.parametrize("template", SERVICE_SPELLINGS)
def test_every_spelling_oxigraph_runs_as_service_is_refused(template, listener):
    port, hits = listener
    text = fill(PROLOGUE + GLUED_PREFIXES + template, port)
    with pytest.raises(QueryError) as refused:
        inspect(text, BASE)
    assert refused.value.status == 400 and "SERVICE is not allowed" in refused.value.message
    assert calls_made(text, hits) >= 1  # the spelling is real: unchecked, Oxigraph calls the service


@pytest.mark.parametrize("template", SERVICE_LOOKALIKES)
def test_texts_the_guard_lets_through_call_no_service(template, listener):
    port, hits = listener
    text = fill(PROLOGUE + template, port)
    assert inspect(text, BASE) == Inspection()
    assert calls_made(text, hits) == 0


@pytest.mark.parametrize("text", VALID)
def test_valid_queries_pass_whatever_rdflib_makes_of_them(text):
    inspect(text, BASE)
    store().query(text)  # and Oxigraph parses them


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }", "PREFIX x: <http://x/> WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://a>", "# c\nclear all", "BASE <http://a/> drop graph <g>", "CREATE GRAPH <http://g>", "ADD DEFAULT TO <http://g>",
    "MOVE <http://a> TO <http://b>", "COPY DEFAULT TO <http://g>", "DELETE WHERE { ?s ?p ?o }",
])
def test_updates_are_refused_as_read_only(text):
    with pytest.raises(QueryError) as refused:
        inspect(text, BASE)
    assert refused.value.status == 400 and "read-only" in refused.value.message


def test_from_clauses_resolve_against_base_and_prefixes():
    found = inspect(VALID[-1], BASE)
    assert found == Inspection(("http://a/c", "http://a/b/d"), ())
    named = inspect("PREFIX g: <https://w3id.org/sahel-ld/graph/> SELECT * FROM NAMED g:data\\/places { }", BASE)
    assert named.from_named == ("https://w3id.org/sahel-ld/graph/data/places",)
    assert inspect("SELECT * FROM <graph/inferred> {}", BASE).from_graphs == (BASE + "graph/inferred",)
    check_graphs(named, ("https://w3id.org/sahel-ld/graph/data/places",))
    with pytest.raises(QueryError, match="does not hold"):
        check_graphs(found, ("https://w3id.org/sahel-ld/graph/data/places",))


def test_shape_limits():
    with pytest.raises(QueryError, match="empty"):
        inspect(" # nothing\n", BASE)
    with pytest.raises(QueryError, match="limit is 50"):
        inspect("ASK {}" + " " * 50, BASE, 50)
    deep = "SELECT * WHERE " + "{" * (MAX_NESTING + 1) + "}" * (MAX_NESTING + 1)
    with pytest.raises(QueryError, match="nests brackets"):
        inspect(deep, BASE)
    inspect('SELECT * { FILTER("' + "(" * 500 + '" = ?x) }', BASE)  # brackets in strings do not count
