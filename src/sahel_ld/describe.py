"""The description of one resource: its triples, the claims about it and the labels of what it links to.

This is what ``/doc/<kind>/<slug>`` serves as RDF and what the HTML page is drawn from. It is one ``CONSTRUCT``
query, so it runs the same on the build's store and on an external engine (``store=sparql``).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .namespaces import SAHEL, bind_prefixes
from .store import LABEL_PROPERTIES, LoadedData

# Qualified nodes point at the resources they qualify through these: claims and Wikidata link records.
QUALIFYING_PROPERTIES = (SAHEL.subject, SAHEL.object, SAHEL.linkedEntity)
CLOSURE_DEPTH = 3  # steps through blank nodes and own hash IRIs (claim -> #period -> #start is two)


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
    """Outgoing and incoming triples, the claims and link records in full, labels of all linked terms: one
    ``CONSTRUCT`` query (``description_query``) on the dataset."""
    return description(loaded.by_oxigraph().query(description_query(iri)))


def description(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """The answer to ``description_query`` (from the dataset or an external engine) as the described graph."""
    graph = Graph()
    bind_prefixes(graph)
    for subject, predicate, obj in triples:
        graph.add((subject, predicate, plain(obj)))
    return graph


def description_query(iri: URIRef) -> str:
    """The query that describes a resource (``describe``).

    Its triples are those of the resource and of the claims and link records about it, each followed through
    blank nodes and its own hash IRIs (``<claim>#period``, then ``<claim>#start``) up to ``CLOSURE_DEPTH``
    steps, and the triples pointing to it; with the labels of every other term they name. Each part is a
    pattern joined on what the one before bound (labels as ``OPTIONAL``), so an engine walks from the
    resource rather than scanning.
    """
    resource = iri.n3()
    parts = [_closure(iri, depth) + _labels("p", "o") for depth in range(CLOSURE_DEPTH + 1)]
    parts.append(f"?s ?p {resource} BIND({resource} AS ?o) {_labels('s', 'p')}")
    return (f"CONSTRUCT {{ ?s ?p ?o . ?s ?ls ?sl . ?p ?lp ?pl . ?o ?lo ?ol }} "
            f"WHERE {{ {' UNION '.join(f'{{ {part} }}' for part in parts)} }}")


def _closure(iri: URIRef, depth: int) -> str:
    """The triples of the nodes ``depth`` steps from the resource or a node qualifying it, each step a blank
    node or one of the starting node's own hash IRIs."""
    roots = "|".join(p.n3() for p in QUALIFYING_PROPERTIES)
    own = 'isBlank(?x{0}) || STRSTARTS(STR(?x{0}), CONCAT(STR(?x0), "#"))'
    steps = "".join(f"?x{i} ?p{i} ?x{i + 1} FILTER({own.format(i + 1)}) " for i in range(depth))
    start = f"{{ BIND({iri.n3()} AS ?x0) }} UNION {{ ?x0 {roots} {iri.n3()} }} "
    return f"{start}{steps}?x{depth} ?p ?o BIND(?x{depth} AS ?s) "


def _labels(*terms: str) -> str:
    """The labels of some of a triple's terms (``s``, ``p``, ``o``), each as ``?l<term> ?<term>l``."""
    properties = " ".join(p.n3() for p in LABEL_PROPERTIES)
    return "".join(f"OPTIONAL {{ VALUES ?l{t} {{ {properties} }} ?{t} ?l{t} ?{t}l }} " for t in terms)
