"""What a resource page shows, built from the resource's description: names, types, statements, links.

Flask-free: it takes the dataset, the description graph and the reader's language.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from ..describe import claims_about
from ..namespaces import GEO, PREFIXES, SAHEL, WD, WGS84
from ..store import LoadedData
from .i18n import format_date, format_period, incoming_heading

# Shown in the page header (name, type, category, names, map, external links), not as statements.
HEADER_PROPERTIES = {
    RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.note, SKOS.definition, SAHEL.category,
    OWL.sameAs, SKOS.closeMatch, WGS84.lat, WGS84.long, GEO.hasGeometry, PROV.wasDerivedFrom,
}
# How claims and link records point at a resource; never listed as incoming relations.
STRUCTURE_PROPERTIES = {
    SAHEL.subject, SAHEL.object, SAHEL.property, SAHEL.certainty, PROV.wasDerivedFrom,
    SAHEL.linkedEntity, SAHEL.wikidataItem,
}


@dataclass(frozen=True)
class Term:
    """A resource or a value as shown: its IRI (``None`` for a literal) and its text."""

    iri: str | None
    label: str


@dataclass
class Statement:
    """One statement with its qualification; ``other`` is the object (or, incoming, the subject)."""

    other: Term
    certainty: Term | None = None
    period: str = ""
    time_note: str = ""
    qualifier: str = ""
    negated: bool = False
    quote: str = ""
    source: Term | None = None
    claim: str | None = None

    @property
    def certainty_key(self) -> str:
        return self.certainty.iri.rsplit("/", 1)[-1] if self.certainty and self.certainty.iri else "none"


@dataclass
class Group:
    """Statements that share a property."""

    property: Term
    heading: str
    statements: list[Statement] = field(default_factory=list)


@dataclass
class ExternalLink:
    """An identity link out of the dataset; ``relation`` is ``same_as`` or ``close_match``."""

    url: str
    relation: str
    status: Term | None = None

    @property
    def text(self) -> str:
        return "Wikidata " + self.url[len(str(WD)):] if self.url.startswith(str(WD)) else self.url


@dataclass
class ResourcePage:
    iri: str
    name: str
    types: list[Term]
    categories: list[Term]
    alt_names: list[str]
    notes: list[str]
    statements: list[Group]
    incoming: list[Group]
    sources: list[Term]
    coordinates: tuple[str, str] | None
    external: list[ExternalLink]

    @property
    def map_url(self) -> str:
        lat, lon = self.coordinates or ("", "")
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=10/{lat}/{lon}"


def display_label(loaded: LoadedData, node: Node, lang: str) -> str:
    """A resource's label in a language; unlabelled IRIs as prefixed names (``sf:Point``)."""
    label = loaded.label(node, lang)
    if label != str(node) or not isinstance(node, URIRef):
        return label
    for prefix, namespace in PREFIXES.items():
        if label.startswith(namespace) and label != namespace:
            return f"{prefix}:{label[len(namespace):]}"
    return label


class _Builder:
    """Turns nodes of the dataset into shown terms in one language."""

    def __init__(self, loaded: LoadedData, graph: Graph, lang: str) -> None:
        self.loaded, self.graph, self.lang = loaded, graph, lang
        self.inferred = loaded.dataset.graph(loaded.inferred_graph)

    def term(self, node: Node) -> Term:
        if isinstance(node, Literal):
            return Term(None, format_date(node, self.lang))
        return Term(str(node), display_label(self.loaded, node, self.lang))

    def texts(self, subject: Node, prop: URIRef) -> list[str]:
        """Literal values in the reader's language, else in English, else all."""
        values = [o for o in self.graph.objects(subject, prop) if isinstance(o, Literal)]
        for wanted in (self.lang, "en"):
            chosen = sorted({str(v) for v in values if v.language == wanted})
            if chosen:
                return chosen
        return sorted({str(v) for v in values})

    def asserted(self, triple: tuple) -> bool:
        return triple not in self.inferred

    def claim_statement(self, claim: Node, other: Node) -> Statement:
        value = self.graph.value
        certainty, source = value(claim, SAHEL.certainty), value(claim, PROV.wasDerivedFrom)
        return Statement(
            other=self.term(other),
            certainty=self.term(certainty) if certainty is not None else None,
            period=format_period(value(claim, SAHEL.startDate), value(claim, SAHEL.endDate),
                                 value(claim, SAHEL.date), self.lang),
            time_note=" ".join(self.texts(claim, SAHEL.timeNote)),
            qualifier=" ".join(self.texts(claim, SAHEL.qualifier)),
            negated=value(claim, SAHEL.negated) == Literal(True),
            quote=str(value(claim, SAHEL.quote) or ""),
            source=self.term(source) if source is not None else None,
            claim=str(claim),
        )

    def groups(self, found: dict[URIRef, list[Statement]], incoming: bool) -> list[Group]:
        result = []
        for prop, statements in found.items():
            term = self.term(prop)
            local = str(prop).rsplit("#", 1)[-1] if str(prop).startswith(str(SAHEL)) else ""
            heading = incoming_heading(local, term.label, self.lang) if incoming else term.label
            statements.sort(key=lambda s: (s.negated, s.period, s.other.label.casefold()))
            result.append(Group(term, heading, statements))
        return sorted(result, key=lambda g: g.heading.casefold())


def build_page(loaded: LoadedData, iri: URIRef, graph: Graph, lang: str) -> ResourcePage:
    """The page model of a resource from its description graph."""
    build = _Builder(loaded, graph, lang)
    outgoing, incoming = _claimed(build, iri)
    covered_out = {(p, s.other.iri or s.other.label) for p, ss in outgoing.items() for s in ss}
    covered_in = {(p, s.other.iri) for p, ss in incoming.items() for s in ss}
    for prop, obj in sorted(graph.predicate_objects(iri)):
        if prop in HEADER_PROPERTIES or not build.asserted((iri, prop, obj)):
            continue
        if isinstance(obj, Literal) and obj.language and str(obj) not in build.texts(iri, prop):
            continue
        other = build.term(obj)
        if (prop, other.iri or other.label) not in covered_out:
            outgoing[prop].append(Statement(other))
    for subject, prop in sorted(graph.subject_predicates(iri)):
        is_claim = (subject, RDF.type, SAHEL.Claim) in graph
        if prop in STRUCTURE_PROPERTIES or is_claim or (prop, str(subject)) in covered_in:
            continue
        if build.asserted((subject, prop, iri)):
            incoming[prop].append(Statement(build.term(subject)))
    return ResourcePage(
        iri=str(iri),
        name=build.term(iri).label,
        types=_types(build, iri),
        categories=sorted((build.term(c) for c in graph.objects(iri, SAHEL.category)), key=lambda t: t.label),
        alt_names=sorted({str(a) for a in graph.objects(iri, SKOS.altLabel)}, key=str.casefold),
        notes=build.texts(iri, SKOS.note) + build.texts(iri, SKOS.definition),
        statements=build.groups(outgoing, incoming=False),
        incoming=build.groups(incoming, incoming=True),
        sources=sorted({build.term(s) for s in graph.objects(iri, PROV.wasDerivedFrom)}, key=lambda t: t.label),
        coordinates=_coordinates(graph, iri),
        external=_external(build, iri),
    )


def _claimed(build: _Builder, iri: URIRef) -> tuple[dict, dict]:
    """Statements from the claims about the resource: where it is the subject, and where the object."""
    outgoing: dict[URIRef, list[Statement]] = defaultdict(list)
    incoming: dict[URIRef, list[Statement]] = defaultdict(list)
    value = build.graph.value
    for claim in claims_about(build.loaded, iri):
        prop, subject = value(claim, SAHEL.property), value(claim, SAHEL.subject)
        obj = value(claim, SAHEL.object)
        if prop is None:
            continue
        if subject == iri:
            target = obj if obj is not None else value(claim, SAHEL.value)
            if target is not None:
                outgoing[prop].append(build.claim_statement(claim, target))
        if obj == iri and subject is not None:
            incoming[prop].append(build.claim_statement(claim, subject))
    return outgoing, incoming


def _types(build: _Builder, iri: URIRef) -> list[Term]:
    """The most specific asserted types of the resource."""
    types = {t for t in build.graph.objects(iri, RDF.type) if build.asserted((iri, RDF.type, t))}
    dataset = build.loaded.dataset
    specific = [t for t in types if not any((other, RDFS.subClassOf, t) in dataset for other in types - {t})]
    return sorted((build.term(t) for t in specific), key=lambda t: t.label)


def _coordinates(graph: Graph, iri: URIRef) -> tuple[str, str] | None:
    lat, lon = graph.value(iri, WGS84.lat), graph.value(iri, WGS84.long)
    return (str(lat), str(lon)) if lat is not None and lon is not None else None


def _external(build: _Builder, iri: URIRef) -> list[ExternalLink]:
    """Wikidata and other identity links, with the status of their link record where there is one."""
    statuses = {}
    for record in build.graph.subjects(SAHEL.linkedEntity, iri):
        item, status = build.graph.value(record, SAHEL.wikidataItem), build.graph.value(record, SAHEL.linkStatus)
        if item is not None and status is not None:
            statuses[item] = build.term(status)
    links = []
    for prop, relation in ((OWL.sameAs, "same_as"), (SKOS.closeMatch, "close_match")):
        for target in sorted(build.graph.objects(iri, prop)):
            if isinstance(target, URIRef) and not str(target).startswith(build.loaded.base_iri):
                links.append(ExternalLink(str(target), relation, statuses.get(target)))
    return sorted(links, key=lambda link: (not link.url.startswith(str(WD)), link.url))
