"""Spot checks of the endpoint over the project's real data."""

from __future__ import annotations

from test_sparql_endpoint import call

PREFIXES = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX act: <https://w3id.org/sahel-ld/id/org/>
"""


def query(live_server, text: str, **headers):
    return call("GET", live_server.url + "/sparql", {"query": PREFIXES + text}, headers=headers)


def test_jnim_has_members_through_the_interop_vocabulary(live_server):
    response = query(live_server, "SELECT ?member WHERE { ?member org:memberOf act:jnim }")
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) >= 3


def test_every_named_graph_is_queryable(live_server, app):
    graphs = {str(g) for g in app.extensions["sahel_ld"].graph_names()}
    response = query(live_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {b["g"]["value"] for b in response.json()["results"]["bindings"]} == graphs


def test_french_labels_round_trip_in_csv(live_server):
    response = query(live_server, 'SELECT ?label WHERE { ?s rdfs:label ?label FILTER(CONTAINS(?label, "Ménaka")) }',
                     Accept="text/csv")
    assert response.status_code == 200 and "Ménaka" in response.text
