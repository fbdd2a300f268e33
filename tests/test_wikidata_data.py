"""The links in data/wikidata.ttl: qualified, consistent, taken from the reference tables, and alone in their file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from sahel_ld.config import load_config
from sahel_ld.namespaces import SAHEL, WD
from sahel_ld.store import load
from sahel_ld.wikidata.entities import describe
from sahel_ld.wikidata.kinds import Classifier
from sahel_ld.wikidata.links import QID, links_in
from sahel_ld.wikidata.turtle import turtle_of

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "sources"
LINK_TERMS = (SAHEL.linkedEntity, SAHEL.wikidataItem, SAHEL.linkRelation, SAHEL.linkStatus, SAHEL.linkMethod)


@pytest.fixture(scope="module")
def loaded():
    return load(load_config({"root": str(ROOT), "store": "memory"}))


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ROOT / "data" / "wikidata.ttl")


def reference_qids() -> dict[str, str]:
    """QID -> status, from both reference tables."""
    qids = {}
    with (REFERENCE / "wikidata.tsv").open(encoding="utf-8") as file:
        qids.update({row["wikidata"]: row["status"] for row in csv.DictReader(file, delimiter="\t")})
    with (REFERENCE / "places.tsv").open(encoding="utf-8") as file:
        qids.update({row["wikidata"]: "verified" for row in csv.DictReader(file, delimiter="\t") if row["wikidata"]})
    return qids


def test_every_link_node_has_one_of_each_term(graph):
    nodes = set(graph.subjects(RDF.type, SAHEL.WikidataLink))
    assert len(nodes) > 30
    assert [(str(n), str(t)) for n in nodes for t in LINK_TERMS if len(list(graph.objects(n, t))) != 1] == []


def test_every_link_has_its_direct_triple_with_the_relation_its_status_allows(graph):
    for link in links_in(graph):
        assert QID.match(link.qid)
        assert (link.entity, link.relation, link.item) in graph
        assert link.relation == (SKOS.closeMatch if link.status_key == "close-match" else OWL.sameAs)


def test_every_direct_triple_has_a_link_node(graph):
    qualified = {(link.entity, link.relation, link.item) for link in links_in(graph)}
    direct = {t for p in (OWL.sameAs, SKOS.closeMatch) for t in graph.triples((None, p, None))}
    assert direct == qualified


def test_every_qid_and_status_comes_from_a_reference_table(graph):
    table = reference_qids()
    assert {link.qid: link.status_key for link in links_in(graph)}.items() <= table.items()


def test_every_linked_entity_exists_with_a_kind(loaded, graph):
    classifier = Classifier(loaded.ontology_graph())
    assert [str(link.entity) for link in links_in(graph)
            if describe(loaded, link.entity, classifier).kind is None] == []


def test_no_other_data_file_links_to_wikidata(loaded):
    links_graph = URIRef(loaded.base_iri + "graph/data/wikidata")
    elsewhere = [(str(name), str(s)) for name, path in loaded.files.items() if name != links_graph
                 for s, p, o in loaded.dataset.graph(name) if str(o).startswith(str(WD))]
    assert elsewhere == []


def test_the_file_is_in_the_form_the_writer_gives_it(graph):
    assert (ROOT / "data" / "wikidata.ttl").read_text(encoding="utf-8") == turtle_of(links_in(graph))


def test_confirmed_links_can_be_asked_for_in_sparql(loaded):
    rows = loaded.dataset.query("""
        PREFIX sahel: <https://w3id.org/sahel-ld/def/sahel#>
        PREFIX cpt: <https://w3id.org/sahel-ld/id/concept/>
        SELECT ?entity ?item WHERE {
            ?link sahel:linkedEntity ?entity ; sahel:wikidataItem ?item ; sahel:linkStatus cpt:verified .
        }""")
    found = {(str(e).rsplit("/", 1)[-1], str(i).rsplit("/", 1)[-1]) for e, i in rows}
    assert ("jnim", "Q28877411") in found and ("aqim", "Q2635966") not in found
