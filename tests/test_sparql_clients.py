"""Real SPARQL clients against a real server: SPARQLWrapper in every format, rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph
import pytest
from conftest import served
from rdflib import Graph, Literal
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper


FIXTURE = Path(__file__).resolve().parent / "fixtures" / "endpoint"
PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX act: <https://w3id.org/sahel-ld/id/org/>
"""
SELECT = PREFIXES + "SELECT ?name WHERE { act:jnim skos:altLabel ?name } ORDER BY ?name"
ARABIC = "جماعة نصرة الإسلام والمسلمين"
CONSTRUCT = PREFIXES + "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }"


@pytest.fixture(scope="module")
def endpoint():
    with served({"root": str(FIXTURE)}) as live:
        yield live.sparql


def wrapper(endpoint: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(endpoint, method):
    result = wrapper(endpoint, SELECT, JSON, method).queryAndConvert()
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == ["JNIM", ARABIC]
    assert result["results"]["bindings"][1]["name"]["xml:lang"] == "ar"


def test_sparqlwrapper_xml(endpoint):
    document = wrapper(endpoint, SELECT, XML).queryAndConvert()
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == ["JNIM", ARABIC]


def test_sparqlwrapper_csv_and_tsv(endpoint):
    as_csv = wrapper(endpoint, SELECT, CSV).queryAndConvert().decode("utf-8")
    assert list(csv.reader(io.StringIO(as_csv))) == [["name"], ["JNIM"], [ARABIC]]
    as_tsv = wrapper(endpoint, SELECT, TSV).queryAndConvert().decode("utf-8")
    assert as_tsv.splitlines() == ["?name", '"JNIM"@en', f'"{ARABIC}"@ar']


def test_sparqlwrapper_ask(endpoint):
    assert wrapper(endpoint, "ASK { FILTER(false) }", JSON).queryAndConvert()["boolean"] is False
    assert wrapper(endpoint, PREFIXES + "ASK { act:jnim ?p ?o }", XML).queryAndConvert() is not None


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_sparqlwrapper_graph_formats(endpoint, fmt):
    result = wrapper(endpoint, CONSTRUCT, fmt).query()
    body = result.response.read()
    media_type = result.response.headers["Content-Type"].split(";")[0]
    # pyoxigraph reads the answer: rdflib's JSON-LD parser warns about its own deprecated classes.
    triples = {(t.subject.value, t.predicate.value, t.object.value, t.object.language)
               for t in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.from_media_type(media_type))}
    assert ("https://w3id.org/sahel-ld/id/place/serma", "http://www.w3.org/2000/01/rdf-schema#label",
            "Sèrma", "fr") in triples


def test_sparqlwrapper_describe(endpoint):
    result = wrapper(endpoint, PREFIXES + "DESCRIBE act:dan-na-ambassagou", TURTLE).queryAndConvert()
    graph = Graph().parse(data=result, format="turtle")
    assert Literal("Dan Na Ambassagou", lang="en") in set(graph.objects())


def test_rdflib_sparqlstore_select_ask_construct(endpoint):
    graph = Graph(SPARQLStore(endpoint, returnFormat="xml"))
    names = [str(row.name) for row in graph.query(SELECT)]
    assert names == ["JNIM", ARABIC]
    assert graph.query(PREFIXES + "ASK { act:jnim ?p ?o }").askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert Literal("Ménaka", lang="fr") in set(constructed.objects())
    assert len(graph) > 30


def test_rdflib_sparqlstore_json(endpoint):
    graph = Graph(SPARQLStore(endpoint, returnFormat="json"))
    assert {str(label) for (label,) in graph.query(PREFIXES + "SELECT ?l { ?s rdfs:label ?l }")} >= {"Sèrma", "Ménaka"}
