"""The description of one resource: its triples, the claims about it and the labels of what it links to.

This is what ``/doc/<kind>/<slug>`` serves as RDF and what the HTML page is drawn from.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .namespaces import SAHEL, bind_prefixes
from .store import LABEL_PROPERTIES, LoadedData

# Qualified nodes point at the resources they qualify through these: claims and Wikidata link records.
QUALIFYING_PROPERTIES = (SAHEL.subject, SAHEL.object, SAHEL.linkedEntity)


def plain(term: Node) -> Node:
    """``"x"^^xsd:string`` as ``"x"``: the same RDF 1.1 literal, as the data files write it."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def is_known(loaded: LoadedData, iri: URIRef) -> bool:
    """True when the dataset says anything about the resource or points to it."""
    return (iri, None, None) in loaded.dataset or (None, None, iri) in loaded.dataset


def qualifying_nodes(loaded: LoadedData, iri: URIRef) -> list[URIRef]:
    """The claims whose subject or object is the resource and the link records about it, sorted."""
    return sorted({n for p in QUALIFYING_PROPERTIES for n in loaded.dataset.subjects(p, iri)})


def claims_about(loaded: LoadedData, iri: URIRef) -> list[URIRef]:
    """The claim nodes whose subject or object is the resource, sorted."""
    return [n for n in qualifying_nodes(loaded, iri) if (n, RDF.type, SAHEL.Claim) in loaded.dataset]


def describe(loaded: LoadedData, iri: URIRef) -> Graph:
    """Outgoing and incoming triples, the claims and link records in full, labels of all linked terms."""
    graph = Graph()
    bind_prefixes(graph)
    _add_closure(loaded, graph, iri)
    for subject, predicate in loaded.dataset.subject_predicates(iri):
        graph.add((subject, predicate, iri))
    for node in qualifying_nodes(loaded, iri):
        _add_closure(loaded, graph, node)
    linked = {n for triple in graph for n in triple if isinstance(n, URIRef) and n != iri}
    for node in linked:
        for prop in LABEL_PROPERTIES:
            for label in loaded.dataset.objects(node, prop):
                graph.add((node, prop, plain(label)))
    return graph


def _add_closure(loaded: LoadedData, graph: Graph, node: URIRef | BNode) -> None:
    """Add a node's triples, following blank nodes and the node's own hash IRIs (``<claim>#period``)."""
    todo, seen = [node], set()
    own = str(node) + "#"
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for predicate, obj in loaded.dataset.predicate_objects(current):
            graph.add((current, predicate, plain(obj)))
            if isinstance(obj, BNode) or (isinstance(obj, URIRef) and str(obj).startswith(own)):
                todo.append(obj)
