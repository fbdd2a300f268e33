"""Materialise the interop-contract triples (W3C ORG, FOAF, schema.org, PROV, SKOS, OWL-Time, GeoSPARQL).

Explicit rules rather than a general OWL-RL reasoner: the rules below are the only entailments the
service promises, they run in well under a second, and they add no noise (owl:Thing types, reflexive
owl:sameAs, ...) to the served graph.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, RDF, RDFS, TIME, XSD

from .namespaces import CONCEPT, SAHEL

# ORG declares these inverses; the data only writes one direction.
ORG_INVERSES = {ORG.resultingOrganization: ORG.resultedFrom, ORG.originalOrganization: ORG.changedBy}

# A claim on one of these properties is also an org:Membership with this role.
MEMBERSHIP_ROLES = {
    SAHEL.headOf: CONCEPT.leader,
    SAHEL.militaryCommanderOf: CONCEPT["military-commander"],
    SAHEL.founderOf: CONCEPT.founder,
    SAHEL.foundingMemberOf: CONCEPT["founding-member"],
    SAHEL.politicalRepresentativeOf: CONCEPT["political-representative"],
    SAHEL.memberOf: CONCEPT.member,
}

TIME_POSITION = {XSD.date: TIME.inXSDDate, XSD.gYearMonth: TIME.inXSDgYearMonth, XSD.gYear: TIME.inXSDgYear}


def ancestors(ontology: Graph, relation: URIRef) -> dict[URIRef, set[URIRef]]:
    """For each term, every term above it along ``relation`` (transitively), itself excluded."""
    parents: dict[URIRef, set[URIRef]] = {}
    for child, parent in ontology.subject_objects(relation):
        if isinstance(child, URIRef) and isinstance(parent, URIRef) and child != parent:
            parents.setdefault(child, set()).add(parent)
    closed: dict[URIRef, set[URIRef]] = {}
    for term in parents:
        seen: set[URIRef] = set()
        todo = list(parents[term])
        while todo:
            current = todo.pop()
            if current not in seen and current != term:
                seen.add(current)
                todo.extend(parents.get(current, ()))
        closed[term] = seen
    return closed


def _with_symmetric_and_inverse(data: Graph, ontology: Graph) -> Iterable[tuple]:
    """The data's triples, plus the reverse of every symmetric one."""
    symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
    inverses = {s: o for s, o in ontology.subject_objects(OWL.inverseOf)}
    inverses.update({o: s for s, o in ontology.subject_objects(OWL.inverseOf)})
    for s, p, o in data:
        yield s, p, o
        if p in symmetric:
            yield o, p, s
        if p in inverses and isinstance(o, URIRef):
            yield o, inverses[p], s


def _memberships(data: Graph) -> Iterable[tuple]:
    """Each membership or leadership claim, also typed and described as an org:Membership."""
    for claim in data.subjects(RDF.type, SAHEL.Claim):
        prop = data.value(claim, SAHEL.property)
        role = MEMBERSHIP_ROLES.get(prop)
        if role is None or data.value(claim, SAHEL.negated) == Literal(True):
            continue
        yield claim, RDF.type, ORG.Membership
        yield claim, ORG.member, data.value(claim, SAHEL.subject)
        yield claim, ORG.organization, data.value(claim, SAHEL.object)
        yield claim, ORG.role, role
        start, end = data.value(claim, SAHEL.startDate), data.value(claim, SAHEL.endDate)
        if start is None and end is None:
            continue
        period = URIRef(str(claim) + "#period")
        yield claim, ORG.memberDuring, period
        yield period, RDF.type, TIME.Interval
        for edge, value, name in ((TIME.hasBeginning, start, "start"), (TIME.hasEnd, end, "end")):
            if value is not None and value.datatype in TIME_POSITION:
                instant = URIRef(f"{claim}#{name}")
                yield period, edge, instant
                yield instant, RDF.type, TIME.Instant
                yield instant, TIME_POSITION[value.datatype], value


def _event_times(data: Graph) -> Iterable[tuple]:
    """Each dated event, also placed in time the OWL-Time way: an instant at the text's precision."""
    for event, value in data.subject_objects(SAHEL.date):
        if isinstance(value, Literal) and value.datatype in TIME_POSITION:
            instant = URIRef(f"{event}#time")
            yield event, TIME.hasTime, instant
            yield instant, RDF.type, TIME.Instant
            yield instant, TIME_POSITION[value.datatype], value


def materialise(data: Graph, ontology: Graph) -> Graph:
    """The triples that the interop contract promises and the data does not assert."""
    super_classes = ancestors(ontology, RDFS.subClassOf)
    super_properties = ancestors(ontology, RDFS.subPropertyOf)
    derived = Graph()
    for s, p, o in _with_symmetric_and_inverse(data, ontology):
        derived.add((s, p, o))
        if p == RDF.type:
            for cls in super_classes.get(o, ()):
                derived.add((s, RDF.type, cls))
        for prop in super_properties.get(p, ()):
            derived.add((s, prop, o))
            if prop in ORG_INVERSES and isinstance(o, (URIRef, BNode)):
                derived.add((o, ORG_INVERSES[prop], s))
    for s, p, o in (*_memberships(data), *_event_times(data)):
        derived.add((s, p, o))
    return derived - data
