"""Materialise the interop-contract triples (W3C ORG, FOAF, schema.org, PROV, SKOS, OWL-Time, GeoSPARQL).

Explicit rules rather than a general OWL-RL reasoner: the rules below are the only entailments the
service promises, they run in one pass over the data (linear in its size), and they add no noise
(owl:Thing types, reflexive owl:sameAs, ...) to the served graph. They work on pyoxigraph terms, as the
load reads them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

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


class _Index:
    """The data's values by subject and property, and subjects by type."""

    def __init__(self, data: list[ox.Triple]) -> None:
        self.values: dict = defaultdict(list)
        self.typed: dict = defaultdict(list)
        for t in data:
            self.values[t.subject, t.predicate].append(t.object)
            if t.predicate == TYPE:
                self.typed[t.object].append(t.subject)

    def value(self, subject, prop: str):
        found = self.values.get((subject, _iri(SAHEL_NS, prop)))
        return found[0] if found else None


def _with_symmetric_and_inverse(data: list[ox.Triple], ontology: list[ox.Triple]) -> Iterable[tuple]:
    """The data's triples, plus the reverse of every symmetric one and the inverse of every inverse one."""
    symmetric = {t.subject for t in ontology if t.predicate == TYPE and t.object == SYMMETRIC}
    inverses = {t.subject: t.object for t in ontology if t.predicate == INVERSE_OF}
    inverses.update({o: s for s, o in list(inverses.items())})
    for t in data:
        s, p, o = t.subject, t.predicate, t.object
        yield s, p, o
        if p in symmetric:
            yield o, p, s
        if p in inverses and isinstance(o, ox.NamedNode):
            yield o, inverses[p], s


def _memberships(index: _Index) -> Iterable[tuple]:
    """Each membership or leadership claim, also typed and described as an org:Membership."""
    for claim in index.typed.get(_iri(SAHEL_NS, "Claim"), ()):
        role = MEMBERSHIP_ROLES.get(index.value(claim, "property"))
        if role is None or index.value(claim, "negated") == TRUE:
            continue
        yield claim, TYPE, _iri(ORG_NS, "Membership")
        for edge, prop in (("member", "subject"), ("organization", "object")):
            if index.value(claim, prop) is not None:
                yield claim, _iri(ORG_NS, edge), index.value(claim, prop)
        yield claim, _iri(ORG_NS, "role"), role
        start, end = index.value(claim, "startDate"), index.value(claim, "endDate")
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


def _event_times(data: list[ox.Triple]) -> Iterable[tuple]:
    """Each dated event, also placed in time the OWL-Time way: an instant at the text's precision."""
    date = _iri(SAHEL_NS, "date")
    for t in data:
        if t.predicate == date and isinstance(t.object, ox.Literal) and t.object.datatype in TIME_POSITION:
            instant = ox.NamedNode(t.subject.value + "#time")
            yield t.subject, _iri(TIME_NS, "hasTime"), instant
            yield instant, TYPE, _iri(TIME_NS, "Instant")
            yield instant, TIME_POSITION[t.object.datatype], t.object


def materialise(data: list[ox.Triple], ontology: list[ox.Triple]) -> list[ox.Triple]:
    """The triples that the interop contract promises and the data does not assert, in a stable order."""
    super_classes = closure(_named_pairs(ontology, SUB_CLASS))
    super_properties = closure(_named_pairs(ontology, SUB_PROPERTY))
    derived: set[tuple] = set()
    add = derived.add
    for s, p, o in _with_symmetric_and_inverse(data, ontology):
        add((s, p, o))
        if p == TYPE:
            for cls in super_classes.get(o, ()):
                add((s, TYPE, cls))
        for prop in super_properties.get(p, ()):
            add((s, prop, o))
            if prop in ORG_INVERSES and not isinstance(o, ox.Literal):
                add((o, ORG_INVERSES[prop], s))
    derived.update(_memberships(_Index(data)))
    derived.update(_event_times(data))
    derived.difference_update((t.subject, t.predicate, t.object) for t in data)
    return sorted((ox.Triple(*t) for t in derived), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
