"""The W3C SPARQL 1.1 query tests (tests/w3c/) through the engine's own path: the guard, then the worker's
evaluation and its results writers, compared with the expected answers.

``tests/w3c/known-failures.txt`` lists the tests the engine fails today with their reasons; any other failure,
any unexpected exception (what the endpoint would answer with a 5xx), or a listed test that now passes fails.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD
from rdflib.query import Result

from sahel_ld.sparql_guard import inspect
from sahel_ld.sparql_worker import QueryError, _answer, _OxigraphRunner

W3C = Path(__file__).resolve().parent / "w3c"
SUITE = W3C / "sparql" / "sparql11"
PUBLISHED = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
DEFAULT = "urn:x-sahel-ld:default-graph"
ORDERED = re.compile(r"ORDER\s+BY", re.IGNORECASE)
RDF_TYPES = {".ttl": "turtle", ".rdf": "xml", ".nt": "nt"}


def local(iri) -> Path:
    """The shipped file of a published test IRI."""
    return SUITE / str(iri)[len(PUBLISHED):]


def suite() -> list[tuple[str, str, URIRef, Graph]]:
    """(name, kind, test node, manifest graph) for every test of the query manifests."""
    top = Graph().parse(SUITE / "manifest-sparql11-query.ttl", format="turtle",
                        publicID=PUBLISHED + "manifest-sparql11-query.ttl")
    found = []
    for include in Collection(top, next(top.objects(None, MF.include))):
        manifest = Graph().parse(local(include), format="turtle", publicID=str(include))
        entries = manifest.value(next(manifest.subjects(RDF.type, MF.Manifest)), MF.entries)
        for test in Collection(manifest, entries):
            kind = str(manifest.value(test, RDF.type)).rsplit("#", 1)[-1]
            found.append((str(test)[len(PUBLISHED):], kind, test, manifest))
    return found


def known_failures() -> dict[str, str]:
    """Test name -> the reason the engine fails it."""
    listed = {}
    for line in (W3C / "known-failures.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            listed[name] = reason.strip()
    return listed


def term_key(term) -> tuple:
    """A term as comparable data: blank nodes alike, simple literals typed xsd:string."""
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        datatype = term.datatype or (None if term.language else XSD.string)
        return ("literal", str(term), str(datatype) if datatype else None, (term.language or "").lower())
    return ("uri", str(term).replace(SUITE.as_uri() + "/", PUBLISHED))  # relative IRIs of results files


def rows_of(result: Result) -> list[frozenset]:
    return [frozenset((str(var), term_key(term)) for var, term in binding.items() if term is not None)
            for binding in result.bindings]


def expected_rows(path: Path) -> tuple[list[frozenset] | bool, bool]:
    """The expected answer (rows, or a boolean) and whether its order is given."""
    if path.suffix in (".srx", ".srj"):
        result = Result.parse(io.BytesIO(path.read_bytes()), format="xml" if path.suffix == ".srx" else "json")
        return (result.askAnswer if result.type == "ASK" else rows_of(result)), True
    graph = Graph().parse(path, format=RDF_TYPES[path.suffix])  # an rs:ResultSet
    results = next(graph.subjects(RDF.type, RS.ResultSet))
    if graph.value(results, RS.boolean) is not None:
        return graph.value(results, RS.boolean).toPython(), False
    solutions = sorted(graph.objects(results, RS.solution), key=lambda s: int(graph.value(s, RS.index) or 0))
    return [frozenset((str(graph.value(b, RS.variable)), term_key(graph.value(b, RS.value)))
                      for b in graph.objects(s, RS.binding)) for s in solutions], \
        any(graph.value(s, RS.index) is not None for s in solutions)


def dataset(test: URIRef, manifest: Graph) -> tuple[bytes, tuple[list[str], list[str]]]:
    """The test's data as N-Quads, and the dataset its query runs over (default graph, named graphs)."""
    action = manifest.value(test, MF.action)
    lines = []
    for data in manifest.objects(action, QT.data):
        lines += _nquads(data, DEFAULT)
    named = []
    for data in manifest.objects(action, QT.graphData):
        lines += _nquads(data, str(data))
        named.append(str(data))
    return "".join(lines).encode(), ([DEFAULT], named)


def _nquads(data, graph: str) -> list[str]:
    path = local(data)
    parsed = Graph().parse(path, format=RDF_TYPES.get(path.suffix, "turtle"), publicID=str(data))
    return [f"{s.n3()} {p.n3()} {o.n3()} <{graph}> .\n" for s, p, o in parsed]


def evaluate(text: str, base: str, nquads: bytes, graphs: tuple[list[str], list[str]], accept: str) -> tuple:
    """Guard, then the worker's evaluation: the worker's reply tuple."""
    try:
        inspection = inspect(text, base, 10**6)
    except QueryError as error:
        return ("error", error.status, error.message, None)
    if inspection.from_graphs or inspection.from_named:
        graphs = (list(inspection.from_graphs), list(inspection.from_named))
    runner = _OxigraphRunner("", base)  # an empty store in memory, filled with the test's data
    runner.store.extend(pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS))
    return _answer(runner, {"text": text, "dataset": graphs, "max_rows": 10**6, "max_bytes": 10**9,
                            "results": "json", "graph": accept})


def outcome(kind: str, test: URIRef, manifest: Graph) -> str:
    """'' when the engine passes the test, else what went wrong."""
    action = manifest.value(test, MF.action)
    query = action if kind.endswith("SyntaxTest11") else manifest.value(action, QT.query)
    text = local(query).read_text(encoding="utf-8")
    if kind.endswith("SyntaxTest11"):
        reply = evaluate(text, str(query), b"", ([DEFAULT], []), "ntriples")
        if reply[0] == "fail":
            return f"unexpected failure: {reply[1]}"
        valid = reply[0] == "ok" or reply[3] is None  # a parse error has a position; the rest are not syntax
        return "" if valid == (kind == "PositiveSyntaxTest11") else f"syntax judged wrongly: {reply}"
    nquads, graphs = dataset(test, manifest)
    reply = evaluate(text, str(query), nquads, graphs, "ntriples")
    if reply[0] != "ok":
        return f"{reply[0]}: {reply[1:]}"
    expected_path = local(manifest.value(test, MF.result))
    if reply[1] in ("CONSTRUCT", "DESCRIBE"):
        ours = Graph().parse(data=reply[3].decode(), format="nt")
        theirs = Graph().parse(expected_path, format=RDF_TYPES[expected_path.suffix], publicID=str(query))
        return "" if isomorphic(ours, theirs) else "a different graph"
    answer = Result.parse(io.BytesIO(reply[3]), format="json")
    expected, ordered = expected_rows(expected_path)
    if isinstance(expected, bool):
        return "" if answer.askAnswer is expected else "a different boolean"
    ours = rows_of(answer)
    if Counter(ours) != Counter(expected):
        return "different rows"
    if ordered and ORDERED.search(text) and ours != expected:
        return "rows in a different order"
    return ""


TESTS = suite()
KNOWN = known_failures()


def test_the_suite_was_read_and_the_list_names_only_its_tests():
    assert len(TESTS) > 300
    assert set(KNOWN) <= {name for name, *_ in TESTS}
    assert all(KNOWN.values()), "every known failure needs its reason"


@pytest.mark.parametrize(("name", "kind", "test", "manifest"), TESTS, ids=[name for name, *_ in TESTS])
def test_query(name, kind, test, manifest):
    failure = outcome(kind, test, manifest)
    assert not failure.startswith("fail"), failure  # what the endpoint would answer with a 5xx
    if name in KNOWN:
        assert failure, f"{name} passes now: remove it from tests/w3c/known-failures.txt"
    else:
        assert not failure, failure
