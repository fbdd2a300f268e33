"""Edges of the protocol a careful client or an attacker reaches: charsets, updates sent as queries, unknown
functions, RDF-star terms, characters XML cannot carry, truncated graphs, entity tags. Never a 5xx."""

from __future__ import annotations

import hashlib

import pytest
from conftest import served
from test_sparql_endpoint import FIXTURE, call

DIRECT = "application/sparql-query"
XML = "application/sparql-results+xml"


@pytest.fixture(scope="module")
def server():
    with served({"root": str(FIXTURE), "max_rows": 20}) as live:
        yield live


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "latin-1", "punycode", "idna", "rot13", "x-no-such"])
def test_a_body_in_another_charset_is_refused_before_decoding(server, charset):
    for content_type, body in ((DIRECT, "ASK {}"), ("application/x-www-form-urlencoded", "query=ASK%20%7B%7D")):
        response = call("POST", server.sparql, data=body.encode("utf-16" if charset.startswith("utf-16") else "ascii"),
                        headers={"Content-Type": f"{content_type}; charset={charset}"})
        assert response.status_code == 415 and "UTF-8" in response.text


def test_utf8_bodies_are_answered_and_bad_bytes_are_400(server):
    for charset in ("", "; charset=utf-8", "; charset=UTF8"):
        response = call("POST", server.sparql, data='ASK { ?s ?p "Ménaka"@fr }'.encode(),
                        headers={"Content-Type": DIRECT + charset})
        assert response.status_code == 200 and response.json()["boolean"] is True
    broken = call("POST", server.sparql, data=b"ASK { ?s ?p '\xff' }", headers={"Content-Type": DIRECT})
    assert broken.status_code == 400 and "UTF-8" in broken.text


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_update_sent_as_a_query_is_400(server, method):
    params = {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}
    response = call(method, server.sparql, params if method == "GET" else None, params if method == "POST" else None)
    assert response.status_code == 400 and "not a query" in response.text


@pytest.mark.parametrize("query", [
    "SELECT (<http://example.org/f>(1) AS ?x) {}",
    "SELECT * { ?s ?p ?o } ORDER BY <http://example.org/f>(?s)",
    "ASK { FILTER(<http://example.org/f>(1)) }",
    "SELECT (<<( <http://a> <http://b> 'c' )>> AS ?t) {}",
    "SELECT ?t { BIND(TRIPLE(<http://a>, <http://b>, 'c') AS ?t) }",
    "CONSTRUCT { <http://a> <http://b> ?t } WHERE { BIND(TRIPLE(<http://a>, <http://b>, 'c') AS ?t) }",
])
@pytest.mark.parametrize("accept", ["application/sparql-results+json", XML, "text/csv", "text/tab-separated-values",
                                    "text/turtle", "application/ld+json", "application/rdf+xml"])
def test_unknown_functions_and_rdf_star_terms_are_400(server, query, accept):
    response = call("GET", server.sparql, {"query": query}, headers={"Accept": accept})
    assert response.status_code in (400, 406), response.text
    if response.status_code == 400:
        assert "cannot be answered" in response.text


@pytest.mark.parametrize("character", ["\\u0000", "\\u0001", "\\u001F", "\\uFFFE"])
def test_characters_xml_cannot_carry_are_400_in_xml_and_written_elsewhere(server, character):
    select = f'SELECT ("a{character}b" AS ?x) {{}}'
    as_xml = call("GET", server.sparql, {"query": select}, headers={"Accept": XML})
    assert as_xml.status_code == 400 and "XML cannot carry" in as_xml.text
    as_json = call("GET", server.sparql, {"query": select})
    assert as_json.status_code == 200
    assert as_json.json()["results"]["bindings"][0]["x"]["value"] == "a" + chr(int(character[2:], 16)) + "b"
    graph = f'CONSTRUCT {{ <http://a> <http://b/c> "a{character}b" }} WHERE {{}}'
    assert call("GET", server.sparql, {"query": graph}, headers={"Accept": "application/rdf+xml"}).status_code == 400
    assert call("GET", server.sparql, {"query": graph}, headers={"Accept": "application/n-triples"}).status_code == 200


def test_a_truncated_construct_holds_distinct_triples(server):
    query = "CONSTRUCT { ?s <http://example.org/seen> ?o } WHERE { ?s ?p ?o . ?x ?y ?z }"  # each triple many times
    response = call("GET", server.sparql, {"query": query}, headers={"Accept": "application/n-triples"})
    lines = response.text.splitlines()
    assert response.headers["SPARQL-Results-Truncated"] == "max-rows=20"
    assert len(lines) == 20 and len(set(lines)) == 20


def test_the_entity_tag_is_a_digest_of_the_bytes_served(server):
    seen: dict[bytes, str] = {}
    texts = ["SELECT ?x { ?x ?p ?o FILTER(isBlank(?x)) }", "SELECT ?x {?x ?p ?o FILTER(isBlank(?x))}",
             "ASK {}", "ASK { }", "ASK { FILTER(false) }"]
    for text in texts:
        for accept in ("application/sparql-results+json", "text/csv"):
            for encoding in ("identity", "gzip"):
                response = call("GET", server.sparql, {"query": text},
                                headers={"Accept": accept, "Accept-Encoding": encoding})
                tag = response.headers["ETag"]
                assert seen.setdefault(response.content, tag) == tag  # same bytes, same tag
                assert tag.strip('"').split("-")[0] == hashlib.sha256(
                    response.content if encoding == "identity" else __import__("gzip").decompress(response.content)
                ).hexdigest()[:32]
    assert len(set(seen.values())) == len(seen)  # different bytes, different tags
    first = call("GET", server.sparql, {"query": "ASK {}"})
    again = call("GET", server.sparql, {"query": "ASK { }"}, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
