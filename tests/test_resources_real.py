"""Every IRI of the real data resolves: 303 to a page, and correct RDF in four formats."""

from __future__ import annotations

import warnings

import pytest
from rdflib import BNode, Graph, URIRef

from sahel_ld.describe import QUALIFYING_PROPERTIES, describe, plain
from sahel_ld.store import LABEL_PROPERTIES

FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def resources(app) -> list[str]:
    """Local paths of every resource the data names under <base>id/ (hash IRIs answer with their document)."""
    loaded = app.extensions["sahel_ld"]
    space = loaded.base_iri + "id/"
    nodes = {n for t in loaded.dataset.triples((None, None, None)) for n in (t[0], t[2])}
    found = {str(n).split("#")[0][len(space):] for n in nodes if isinstance(n, URIRef) and str(n).startswith(space)}
    assert len(found) > 100, "the real data looks empty"
    return sorted(found)


def test_every_identifier_redirects_to_a_page(client, resources):
    failures = []
    for path in resources:
        redirect = client.get(f"/id/{path}")
        page = client.get(f"/doc/{path}", headers=HTML)
        if redirect.status_code != 303 or page.status_code != 200 or "<h1>" not in page.get_data(as_text=True):
            failures.append((path, redirect.status_code, page.status_code))
    assert failures == []


def test_every_description_parses_in_every_rdf_format(client, resources):
    failures = []
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        for path in resources:
            sizes = {len(Graph().parse(data=client.get(f"/doc/{path}.{s}").data, format=f)) for s, f in FORMATS.items()}
            if len(sizes) != 1 or 0 in sizes:
                failures.append((path, sizes))
    assert failures == []


NNBSP = "\u202f"


def test_numbers_are_grouped_the_reader_way_on_home_and_resource_pages(client, app):
    english = client.get("/", headers=HTML).get_data(as_text=True)
    french = client.get("/?lang=fr", headers=HTML).get_data(as_text=True)
    triples = app.extensions["sahel_ld_stats"]["triples"]
    assert triples >= 1000, "the real data looks empty"
    assert f"<strong>{triples:,}</strong> triples" in english
    assert f"<strong>{triples:,}</strong>".replace(",", NNBSP) + " triplets" in french
    assert f"{triples:,}" not in french
    barkhane = client.get("/doc/org/operation-barkhane?lang=fr", headers=HTML).get_data(as_text=True)
    assert f"4{NNBSP}500" in barkhane and f"1{NNBSP}500" in barkhane
    assert "4,500" in client.get("/doc/org/operation-barkhane", headers=HTML).get_data(as_text=True)


def _walked(dataset, iri: URIRef) -> set:
    """What a description holds, found by walking the dataset triple by triple with no depth limit: the
    resource's and its claims' and link records' triples through blank nodes and their own hash IRIs, the
    triples pointing to it, the labels of every other IRI named."""
    found = set()
    roots = [iri, *(n for p in QUALIFYING_PROPERTIES for n in dataset.subjects(p, iri))]
    for root in roots:
        todo, seen = [root], set()
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                for p, o in dataset.predicate_objects(node):
                    found.add((node, p, plain(o)))
                    if isinstance(o, BNode) or str(o).startswith(str(root) + "#"):
                        todo.append(o)
    found |= {(s, p, iri) for s, p in dataset.subject_predicates(iri)}
    named = {n for t in found for n in t if isinstance(n, URIRef) and n != iri}
    return found | {(n, p, plain(o)) for n in named for p in LABEL_PROPERTIES for o in dataset.objects(n, p)}


def test_every_description_holds_exactly_what_a_walk_from_the_resource_finds(app, resources):
    """The one description query, bounded in depth, misses nothing the data holds and adds nothing."""
    loaded = app.extensions["sahel_ld"]
    iris = sorted({URIRef(loaded.base_iri + "id/" + path) for path in resources})
    wrong = [iri for iri in iris if set(describe(loaded, iri)) != _walked(loaded.dataset, iri)]
    assert wrong == []
