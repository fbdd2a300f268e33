"""The ``memory`` store answers with rdflib's own SPARQL engine through the same protocol."""

from __future__ import annotations

import pytest
from conftest import LiveServer
from test_sparql_endpoint import FIXTURE, GRAPH, call

from sahel_ld.web import create_app

LABELS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ?s rdfs:label ?l }"


@pytest.fixture(scope="module")
def server():
    app = create_app({"root": str(FIXTURE), "store": "memory"})
    assert app.extensions["sahel_ld_sparql"].backend == "rdflib"
    with LiveServer(app) as live:
        live.sparql = live.url + "/sparql"
        yield live
    app.extensions["sahel_ld_sparql"].close()


def test_select_over_the_union_of_graphs(server):
    labels = {b["l"]["value"] for b in call("GET", server.sparql, {"query": LABELS}).json()["results"]["bindings"]}
    assert {"Sèrma", "Ménaka", "Dan Na Ambassagou", "ميناكا"} <= labels


def test_ask_and_construct(server):
    ask = call("GET", server.sparql, {"query": "ASK { <https://w3id.org/sahel-ld/id/org/jnim> ?p ?o }"})
    assert ask.json()["boolean"] is True
    construct = call("GET", server.sparql, {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"},
                     headers={"Accept": "application/n-triples"})
    assert construct.status_code == 200 and construct.text.count("\n") >= 1


def test_protocol_dataset_and_tsv(server):
    response = call("GET", server.sparql, {"query": LABELS, "default-graph-uri": GRAPH + "places"},
                    headers={"Accept": "text/tab-separated-values"})
    lines = response.text.splitlines()
    assert lines[0] == "?l" and '"Ménaka"@fr' in lines and '"Katibat Sèrma"@en' not in lines


def test_construct_where_with_a_limit(server):
    response = call("GET", server.sparql, {"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5"},
                    headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and response.text.count("\n") == 5
