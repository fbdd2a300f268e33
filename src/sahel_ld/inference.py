"""Materialise the interop-contract triples (W3C ORG, FOAF, schema.org, PROV, SKOS, OWL-Time, GeoSPARQL).

Explicit rules rather than a general OWL-RL reasoner: the rules below are the only entailments the
service promises, they run in one pass over the data (linear in its size), and they add no noise
(owl:Thing types, reflexive owl:sameAs, ...) to the served graph. They work on pyoxigraph terms, as the
load reads them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph, URIRef

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG_NS = "http://www.w3.org/ns/org#"
TIME_NS = "http://www.w3.org/2006/time#"
SAHEL_NS = "https://w3id.org/sahel-ld/def/sahel#"
CONCEPT_NS = "https://w3id.org/sahel-ld/id/concept/"


def _iri(namespace: str, name: str) -> ox.NamedNode:
    return ox.NamedNode(namespace + name)


TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUB_CLASS, SUB_PROPERTY = _iri(RDFS, "subClassOf"), _iri(RDFS, "subPropertyOf")
SYMMETRIC, INVERSE_OF = _iri(OWL, "SymmetricProperty"), _iri(OWL, "inverseOf")
TRUE = ox.Literal("true", datatype=_iri(XSD, "boolean"))

# ORG declares these inverses; the data only writes one direction.
ORG_INVERSES = {_iri(ORG_NS, "resultingOrganization"): _iri(ORG_NS, "resultedFrom"),
                _iri(ORG_NS, "originalOrganization"): _iri(ORG_NS, "changedBy")}

# A claim on one of these properties is also an org:Membership with this role.
MEMBERSHIP_ROLES = {_iri(SAHEL_NS, prop): _iri(CONCEPT_NS, role) for prop, role in (
    ("headOf", "leader"), ("militaryCommanderOf", "military-commander"), ("founderOf", "founder"),
    ("foundingMemberOf", "founding-member"), ("politicalRepresentativeOf", "political-representative"),
    ("memberOf", "member"))}

TIME_POSITION = {_iri(XSD, "date"): _iri(TIME_NS, "inXSDDate"), _iri(XSD, "gYearMonth"): _iri(TIME_NS, "inXSDgYearMonth"),
                 _iri(XSD, "gYear"): _iri(TIME_NS, "inXSDgYear")}


def closure(pairs: Iterable[tuple]) -> dict:
    """For each child of the (child, parent) pairs, every term above it (transitively), itself excluded."""
    parents: dict = defaultdict(set)
    for child, parent in pairs:
        if child != parent:
            parents[child].add(parent)
    closed = {}
    for term in parents:
        seen: set = set()
        todo = list(parents[term])
        while todo:
            current = todo.pop()
            if current not in seen and current != term:
                seen.add(current)
                todo.extend(parents.get(current, ()))
        closed[term] = seen
    return closed


def ancestors(ontology: Graph, relation: URIRef) -> dict[URIRef, set[URIRef]]:
    """For each term of an rdflib graph, every term above it along ``relation`` (transitively)."""
    return closure((c, p) for c, p in ontology.subject_objects(relation)
                   if isinstance(c, URIRef) and isinstance(p, URIRef))


def _named_pairs(ontology: list[ox.Triple], relation: ox.NamedNode) -> list[tuple]:
    return [(t.subject, t.object) for t in ontology if t.predicate == relation
            and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)]


class _Claims:
    """The values of the data's claims, looked up in the store's data graphs."""

    def __init__(self, store: ox.Store, data: list[ox.NamedNode]) -> None:
        self.store, self.data = store, set(data)

    def __iter__(self) -> Iterator:
        """Each claim once, in a stable order."""
        found = {q.subject for q in self.store.quads_for_pattern(None, TYPE, _iri(SAHEL_NS, "Claim"), None)
                 if q.graph_name in self.data}
        return iter(sorted(found, key=str))

    def value(self, subject, prop: str):
        return next((q.object for q in self.store.quads_for_pattern(subject, _iri(SAHEL_NS, prop), None, None)
                     if q.graph_name in self.data), None)


def _data(store: ox.Store, graphs: list[ox.NamedNode], predicate: ox.NamedNode | None = None) -> Iterator[ox.Triple]:
    """The triples of the data graphs (with ``predicate`` only, when given), read from the store as a stream."""
    for graph in graphs:
        for quad in store.quads_for_pattern(None, predicate, None, graph):
            yield quad.triple


def _with_symmetric_and_inverse(data: Iterable[ox.Triple], ontology: list[ox.Triple]) -> Iterable[tuple]:
    """The data's triples, plus the reverse of every symmetric one and the inverse of every inverse one, each
    with whether the data asserts it."""
    symmetric = {t.subject for t in ontology if t.predicate == TYPE and t.object == SYMMETRIC}
    inverses = {t.subject: t.object for t in ontology if t.predicate == INVERSE_OF}
    inverses.update({o: s for s, o in list(inverses.items())})
    for t in data:
        s, p, o = t.subject, t.predicate, t.object
        yield s, p, o, True
        if p in symmetric:
            yield o, p, s, False
        if p in inverses and isinstance(o, ox.NamedNode):
            yield o, inverses[p], s, False


def _memberships(claims: _Claims) -> Iterable[tuple]:
    """Each membership or leadership claim, also typed and described as an org:Membership."""
    for claim in claims:
        role = MEMBERSHIP_ROLES.get(claims.value(claim, "property"))
        if role is None or claims.value(claim, "negated") == TRUE:
            continue
        yield claim, TYPE, _iri(ORG_NS, "Membership")
        for edge, prop in (("member", "subject"), ("organization", "object")):
            if claims.value(claim, prop) is not None:
                yield claim, _iri(ORG_NS, edge), claims.value(claim, prop)
        yield claim, _iri(ORG_NS, "role"), role
        start, end = claims.value(claim, "startDate"), claims.value(claim, "endDate")
        if start is None and end is None:
            continue
        period = ox.NamedNode(claim.value + "#period")
        yield claim, _iri(ORG_NS, "memberDuring"), period
        yield period, TYPE, _iri(TIME_NS, "Interval")
        for edge, value, name in (("hasBeginning", start, "start"), ("hasEnd", end, "end")):
            if isinstance(value, ox.Literal) and value.datatype in TIME_POSITION:
                instant = ox.NamedNode(f"{claim.value}#{name}")
                yield period, _iri(TIME_NS, edge), instant
                yield instant, TYPE, _iri(TIME_NS, "Instant")
                yield instant, TIME_POSITION[value.datatype], value


def _event_times(dated: Iterable[ox.Triple]) -> Iterable[tuple]:
    """Each dated event, also placed in time the OWL-Time way: an instant at the text's precision."""
    for t in dated:
        if isinstance(t.object, ox.Literal) and t.object.datatype in TIME_POSITION:
            instant = ox.NamedNode(t.subject.value + "#time")
            yield t.subject, _iri(TIME_NS, "hasTime"), instant
            yield instant, TYPE, _iri(TIME_NS, "Instant")
            yield instant, TIME_POSITION[t.object.datatype], t.object


def materialise(store: ox.Store, data: list[ox.NamedNode], ontology: list[ox.NamedNode]) -> set[tuple]:
    """The triples that the interop contract promises and the data graphs of the store do not assert.

    The data is read from the store as a stream, one pass and a few lookups, never held as Python objects;
    the ontology (small) is.
    """
    axioms = [q.triple for g in ontology for q in store.quads_for_pattern(None, None, None, g)]
    super_classes = closure(_named_pairs(axioms, SUB_CLASS))
    super_properties = closure(_named_pairs(axioms, SUB_PROPERTY))
    derived: set[tuple] = set()
    add = derived.add
    for s, p, o, asserted in _with_symmetric_and_inverse(_data(store, data), axioms):
        if not asserted:
            add((s, p, o))
        if p == TYPE:
            for cls in super_classes.get(o, ()):
                add((s, TYPE, cls))
        for prop in super_properties.get(p, ()):
            add((s, prop, o))
            if prop in ORG_INVERSES and not isinstance(o, ox.Literal):
                add((o, ORG_INVERSES[prop], s))
    derived.update(_memberships(_Claims(store, data)))
    derived.update(_event_times(_data(store, data, _iri(SAHEL_NS, "date"))))
    graphs = set(data)
    return {t for t in derived if not any(q.graph_name in graphs for q in store.quads_for_pattern(*t, None))}
