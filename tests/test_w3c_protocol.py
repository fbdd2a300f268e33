"""The W3C SPARQL 1.1 Protocol tests (tests/w3c/) against a live server.

The server's named graphs are the tests' data files; each test's graph IRIs (``http://kasei.us/...dataN.rdf``)
are rewritten to those graphs' IRIs in paths and bodies. The endpoint is read-only: every update request is
expected to be refused with a 4xx, and the requests that would check its effect are skipped.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from conftest import served
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF
from test_sparql_endpoint import call

SUITE = Path(__file__).resolve().parent / "w3c" / "sparql" / "sparql11" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
THEIRS = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
OURS = "https://w3id.org/sahel-ld/graph/data/data{}"
FORMATS = {"boolean": ("application/sparql-results+",), "tabular": ("application/sparql-results+", "text/csv",
                                                                     "text/tab-separated-values"),
           "RDF": ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
                   "application/trig", "application/n-quads")}
FROM = re.compile(r"(FROM\s+(?:NAMED\s+)?)<([^>]*)>", re.IGNORECASE)
ONTOLOGY = "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://w3id.org/sahel-ld/def/test> a owl:Ontology .\n"


def graph(iri: str) -> str:
    """Our graph for one of the tests' graph IRIs (the data files' own subjects keep their IRIs)."""
    for n in range(4):
        if iri == THEIRS.format(n):
            return OURS.format(n)
    return iri


def adapted(params: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Parameters with the graphs named by ``default-graph-uri``, ``named-graph-uri`` and ``FROM`` made ours."""
    return [(k, graph(v) if k.endswith("graph-uri") else FROM.sub(lambda m: m[1] + f"<{graph(m[2])}>", v))
            for k, v in params]


def manifest() -> list[tuple[str, list[dict]]]:
    """Each test's name and requests: method, path, headers, body and what is expected."""
    graph = Graph().parse(SUITE / "manifest.ttl", format="turtle")
    tests = []
    for test in Collection(graph, graph.value(next(graph.subjects(RDF.type, MF.Manifest)), MF.entries)):
        requests = []
        for node in Collection(graph, graph.value(graph.value(test, MF.action), HT.requests)):
            response = graph.value(node, HT.resp)
            headers = {str(graph.value(h, HT.fieldName)): str(graph.value(h, HT.fieldValue))
                       for h in Collection(graph, graph.value(node, HT.headers) or RDF.nil)}
            body = graph.value(graph.value(node, HT.body), CNT.chars) if graph.value(node, HT.body) else None
            requests.append({
                "method": str(graph.value(node, HT.methodName)), "path": str(graph.value(node, HT.absolutePath)),
                "headers": headers, "body": None if body is None else str(body),
                "statuses": {str(s)[-3:-2] for s in graph.objects(response, MF.expectedStatus)},
                "format": graph.value(response, MF.expectedFormat),
                "boolean": graph.value(response, MF.expectedBoolean)})
        tests.append((str(test).rsplit("#", 1)[-1], requests))
    return tests


def is_update(request: dict) -> bool:
    form = dict(parse_qsl(request["body"] or "")) if "form-urlencoded" in request["headers"].get("content-type", "") \
        else {}
    return "sparql-update" in request["headers"].get("content-type", "") or "update" in form \
        or "update=" in urlsplit(request["path"]).query


def send(server, request: dict):
    """One request of the manifest, adapted to this server."""
    parts = urlsplit(request["path"])
    query = urlencode(adapted(parse_qsl(parts.query, keep_blank_values=True)))
    url = server.sparql + (f"?{query}" if query else "")
    body, content_type = request["body"], request["headers"].get("content-type", "")
    if body is not None:
        if "form-urlencoded" in content_type:
            body = urlencode(adapted(parse_qsl(body, keep_blank_values=True))).encode()
        else:
            charset = content_type.partition("charset=")[2] or "utf-8"
            body = adapted([("query", body)])[0][1].encode(charset)
    return call(request["method"], url, data=body, headers=request["headers"])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("protocol")
    (root / "ontology").mkdir()
    (root / "ontology" / "test.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (root / "data").mkdir()
    (root / "data" / "data0.ttl").write_text("# an empty graph\n", encoding="utf-8")
    for n in (1, 2, 3):
        shutil.copy(SUITE / f"data{n}.nt", root / "data" / f"data{n}.ttl")
    with served({"root": str(root)}) as live:
        yield live


TESTS = manifest()


def test_the_manifest_was_read():
    assert len(TESTS) == 34 and sum(len(requests) for _, requests in TESTS) >= 38


@pytest.mark.parametrize(("name", "requests"), TESTS, ids=[name for name, _ in TESTS])
def test_protocol(server, name, requests):
    for request in requests:
        response = send(server, request)
        assert response.status_code < 500, response.text
        if is_update(request):  # read-only: refused, and what would check its effect is not asked
            assert 400 <= response.status_code < 500, response.text
            assert "4" in request["statuses"] or "read-only" in response.text  # a valid update: refused as one
            return
        assert str(response.status_code)[0] in request["statuses"], (response.status_code, response.text)
        if request["format"] is not None:
            media_type = response.headers["Content-Type"].split(";")[0]
            assert media_type.startswith(FORMATS[str(request["format"])]), media_type
        if request["boolean"] is not None:
            assert response.json()["boolean"] is request["boolean"].toPython()
