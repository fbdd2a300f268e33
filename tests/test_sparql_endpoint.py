"""The SPARQL protocol over raw HTTP against a real server on 127.0.0.1 (small fixture dataset)."""

from __future__ import annotations

import gzip
import http.client
import json
from dataclasses import dataclass
from email.message import Message
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph
import pytest
from conftest import served
from rdflib import Graph, Namespace
from rdflib.namespace import RDF


FIXTURE = Path(__file__).resolve().parent / "fixtures" / "endpoint"
GRAPH = "https://w3id.org/sahel-ld/graph/data/"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
LABELS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l"


@pytest.fixture(scope="module")
def server():
    with served({"root": str(FIXTURE), "max_rows": 20, "max_body_bytes": 20_000}) as live:
        yield live


@dataclass
class Reply:
    status_code: int
    headers: Message
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")

    def json(self):
        return json.loads(self.content)


def call(method: str, url: str, params=None, data=None, headers=None) -> Reply:
    """One raw HTTP request; ``data`` as a dict is sent form-encoded."""
    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    if params:
        target += ("&" if parts.query else "?") + urlencode(params, doseq=True)
    headers = dict(headers or {})
    if isinstance(data, dict):
        data = urlencode(data).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, target, body=data, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()


def get(server, query=None, accept=None, headers=None, **params):
    if query is not None:
        params["query"] = query
    headers = dict(headers or {})
    if accept:
        headers["Accept"] = accept
    return call("GET", server.sparql, params, headers=headers)


def labels(response) -> list[str]:
    return [b["l"]["value"] for b in response.json()["results"]["bindings"]]


def test_three_protocol_shapes_give_the_same_answer(server):
    by_get = get(server, LABELS)
    by_form = call("POST", server.sparql, data={"query": LABELS})
    by_body = call("POST", server.sparql, data=LABELS.encode(),
                            headers={"Content-Type": "application/sparql-query"})
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert labels(by_get) == labels(by_form) == labels(by_body)
    assert "Ménaka" in labels(by_get) and "Sèrma" in labels(by_get) and "ميناكا" in labels(by_get)


@pytest.mark.parametrize(("accept", "media_type"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_is_negotiated(server, accept, media_type):
    response = get(server, LABELS, accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert "Dan Na Ambassagou" in response.content.decode("utf-8")


@pytest.mark.parametrize(("accept", "media_type"), [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"), ("application/rdf+xml", "application/rdf+xml"),
    ("application/trig", "application/trig"), ("application/n-quads", "application/n-quads"),
    ("*/*", "text/turtle"),
])
def test_construct_is_negotiated_and_parses(server, accept, media_type):
    query = "CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    response = get(server, query, accept)
    assert response.headers["Content-Type"].split(";")[0] == media_type
    parsed = pyoxigraph.parse(response.content, format=pyoxigraph.RdfFormat.from_media_type(media_type))
    assert any(q.object == pyoxigraph.Literal("Sèrma", language="fr") for q in parsed)


def test_format_parameter_overrides_accept(server):
    response = get(server, LABELS, "application/sparql-results+json", format="tsv")
    assert response.headers["Content-Type"] == "text/tab-separated-values; charset=utf-8"
    assert response.text.startswith("?l\n")


def test_nothing_acceptable_gets_406_listing_the_offer(server):
    response = get(server, LABELS, "image/png")
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text and "text/turtle" in response.text
    construct = get(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")
    assert construct.status_code == 406 and "text/turtle" in construct.text


def test_datatypes_languages_and_blank_nodes_survive(server):
    query = ("PREFIX sahel: <https://w3id.org/sahel-ld/def/sahel#> "
             "SELECT ?v WHERE { { ?s sahel:troopStrength ?v } UNION { ?s sahel:quote ?v } "
             "UNION { ?s sahel:composedOf ?v } UNION { ?s sahel:founded ?v } }")
    bindings = [b["v"] for b in get(server, query).json()["results"]["bindings"]]
    assert {"type": "literal", "value": "2000", "datatype": "http://www.w3.org/2001/XMLSchema#integer"} in bindings
    assert {"type": "literal", "value": "plain string value"} in bindings
    assert any(b["type"] == "bnode" for b in bindings)
    assert {"type": "literal", "value": "2017-03",
            "datatype": "http://www.w3.org/2001/XMLSchema#gYearMonth"} in bindings


def test_default_and_named_graph_parameters_are_honoured(server):
    places = GRAPH + "places"
    only_places = get(server, LABELS, **{"default-graph-uri": places})
    assert "Ménaka" in labels(only_places) and "Katibat Sèrma" not in labels(only_places)
    named = get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": places})
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [places]
    from_clause = get(server, f"SELECT ?l FROM <{places}> WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")
    assert sorted(labels(from_clause)) == sorted(labels(only_places))


def test_from_named_alone_leaves_the_default_graph_empty(server):
    places = GRAPH + "places"
    count = "SELECT (COUNT(*) AS ?n) FROM NAMED <%s> WHERE { ?s ?p ?o }" % places
    assert get(server, count).json()["results"]["bindings"][0]["n"]["value"] == "0"
    in_graph = get(server, "SELECT DISTINCT ?g FROM NAMED <%s> WHERE { GRAPH ?g { ?s ?p ?o } }" % places)
    assert [b["g"]["value"] for b in in_graph.json()["results"]["bindings"]] == [places]


@pytest.mark.parametrize(("accept", "body"), [
    ("application/sparql-results+json", b'{"head": {}, "boolean": true}'),
    ("application/sparql-results+xml", b"<boolean>true</boolean>"),
    ("text/csv", b"_askResult\r\ntrue\r\n"),
    ("text/tab-separated-values", b'?_askResult\n"true"^^<http://www.w3.org/2001/XMLSchema#boolean>\n'),
])
def test_ask_in_every_results_format(server, accept, body):
    response = get(server, "ASK { ?s ?p ?o }", accept)
    assert response.status_code == 200 and body in response.content


def test_default_graph_is_the_union_of_the_named_graphs(server):
    count = get(server, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").json()
    assert int(count["results"]["bindings"][0]["n"]["value"]) >= 3
    assert get(server, "ASK { <https://w3id.org/sahel-ld/id/org/katibat-serma> ?p ?o . "
                       "<https://w3id.org/sahel-ld/id/place/menaka> ?q ?r }").json()["boolean"] is True


def test_ask_is_right_where_rdflib_is_not(server):
    assert get(server, "ASK { FILTER(false) }").json() == {"head": {}, "boolean": False}


def test_relative_iris_resolve_against_the_dataset_base(server):
    assert get(server, "ASK { <id/org/jnim> ?p ?o }").json()["boolean"] is True


@pytest.mark.parametrize(("query", "fragment"), [
    ("SELECT * WHERE { ?s ?p }", "1:"),
    ("SELEC * WHERE { ?s ?p ?o }", "1:"),
    ("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }", "3:"),
])
def test_malformed_query_is_400_with_message_and_position(server, query, fragment):
    text = get(server, query)
    assert text.status_code == 400 and fragment in text.text and "Traceback" not in text.text
    as_json = get(server, query, "application/json")
    assert as_json.status_code == 400
    assert {"line", "column", "detail"} <= as_json.json().keys()


def test_missing_or_duplicated_query_is_400(server):
    assert call("POST", server.sparql, data={"format": "json"}).status_code == 400
    twice = server.sparql + "?" + urlencode([("query", "ASK {}"), ("query", "ASK {}")])
    response = call("GET", twice)
    assert response.status_code == 400 and "exactly one" in response.text
    assert get(server, "   ").status_code == 400


def test_wrong_method_is_405_and_wrong_content_type_is_415(server):
    put = call("PUT", server.sparql, data="ASK {}")
    assert put.status_code == 405 and "GET" in put.headers["Allow"] and "POST" in put.headers["Allow"]
    assert "send queries with GET or POST" in put.text
    assert call("DELETE", server.sparql).status_code == 405
    wrong = call("POST", server.sparql, data="ASK {}", headers={"Content-Type": "text/plain"})
    assert wrong.status_code == 415 and "application/sparql-query" in wrong.text


def test_unknown_graph_is_refused(server):
    response = get(server, "ASK { ?s ?p ?o }", **{"default-graph-uri": "http://example.org/elsewhere"})
    assert response.status_code == 400 and GRAPH + "places" in response.text


def test_row_cap_truncates_and_says_so(server):
    response = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert len(response.json()["results"]["bindings"]) == 20
    assert response.headers["SPARQL-Results-Truncated"] == "max-rows=20"
    assert "SPARQL-Results-Truncated" not in get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 3").headers


def test_body_cap_is_413(server):
    huge = "ASK {} #" + "x" * 30_000
    response = call("POST", server.sparql, data=huge.encode(),
                             headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413 and "the limit is 20000" in response.text


def test_deep_or_huge_queries_are_400(server):
    deep = "SELECT * WHERE " + "{" * 500 + " ?s ?p ?o " + "}" * 500
    assert get(server, deep).status_code == 400
    nested = "SELECT * WHERE { FILTER(" + "(" * 90 + "1" + ")" * 90 + ") }"
    assert get(server, nested).status_code == 200
    long = "ASK {} " + "#" * 101_000
    assert call("POST", server.sparql, data={"query": long}).status_code in (400, 413)


def test_cors_allows_any_origin_without_credentials(server):
    response = get(server, "ASK {}", headers={"Origin": "http://elsewhere.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = call("OPTIONS", server.sparql, headers={
        "Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


def test_etag_last_modified_and_304(server):
    first = get(server, LABELS)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert "max-age=" in first.headers["Cache-Control"]
    assert "Accept" in first.headers["Vary"]
    again = call("GET", server.sparql, {"query": LABELS},
                         headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    other_format = call("GET", server.sparql, {"query": LABELS},
                                headers={"If-None-Match": first.headers["ETag"], "Accept": "text/csv"})
    assert other_format.status_code == 200
    since = call("GET", server.sparql, {"query": LABELS},
                         headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_gzip_when_accepted(server):
    raw = call("GET", server.sparql, {"query": LABELS},
                       headers={"Accept-Encoding": "gzip"})
    assert raw.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(raw.content))["head"]["vars"] == ["l"]
    plain = call("GET", server.sparql, {"query": LABELS}, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers


def test_head_answers_headers_only(server):
    response = call("HEAD", server.sparql, {"query": LABELS})
    assert response.status_code == 200 and response.content == b""
    assert response.headers["Content-Type"] == "application/sparql-results+json"


def test_service_description_parses_and_describes_the_server(server):
    response = call("GET", server.sparql, headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    service = next(graph.subjects(RDF.type, SD.Service))
    assert str(service) == "https://w3id.org/sahel-ld/sparql"  # base_iri, never the Host header
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert len(set(graph.objects(service, SD.resultFormat))) == 10
    names = {str(n) for n in graph.objects(None, SD.name)}
    assert {GRAPH + "actors", GRAPH + "places", "https://w3id.org/sahel-ld/graph/inferred"} <= names
    assert call("GET", server.sparql).headers["Content-Type"].startswith("text/turtle")
    as_jsonld = call("GET", server.sparql, headers={"Accept": "application/ld+json"})
    assert len(list(pyoxigraph.parse(as_jsonld.content, format=pyoxigraph.RdfFormat.JSON_LD))) == len(graph)


def test_query_page_for_browsers(server):
    page = call("GET", server.sparql, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["Content-Type"].startswith("text/html")
    html = unescape(page.text)
    assert 'value="sahel" data-iri="https://w3id.org/sahel-ld/def/sahel#"' in html
    assert "Members of a coalition" in html
    assert "sparql.js" in html and "sparql.css" in html and "https://cdn" not in html
    for name in ("json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"):
        assert f'data-format="{name}"' in html
    script = call("GET", server.url + "/static/sparql.js")
    assert script.status_code == 200 and "localHref" in script.text
