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
from .i18n import NUMBER_TYPES, format_date, format_number, format_period, incoming_heading, translate
from .page_sections import Quote, ReaderSection, arrange, number_quotes, place_of

# Shown in the page header (name, type, category, names, place, map, external links), not as statements.
HEADER_PROPERTIES = {
    RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.note, SKOS.definition, SAHEL.category,
    OWL.sameAs, SKOS.closeMatch, WGS84.lat, WGS84.long, GEO.hasGeometry, PROV.wasDerivedFrom,
    SAHEL.countryCode, SAHEL.coordinateSource, SAHEL.geonamesId, SAHEL.within,
}
# How claims and link records point at a resource; never listed as incoming relations.
STRUCTURE_PROPERTIES = {
    SAHEL.subject, SAHEL.object, SAHEL.property, SAHEL.certainty, PROV.wasDerivedFrom,
    SAHEL.linkedEntity, SAHEL.wikidataItem,
}
HEDGED_NONE = ("stated", "none")
SHOWN_ENTRIES = 12  # a longer group lists its first entries and folds the rest under "and N more"


@dataclass(frozen=True)
class Term:
    """A resource or a value as shown: its IRI (``None`` for a literal) and its text."""

    iri: str | None
    label: str


@dataclass
class Statement:
    """One claim (or bare triple) about a linked thing: certainty, period, degree, quotes and source."""

    certainty: Term | None = None
    period: str = ""
    time_note: str = ""
    qualifier: str = ""
    negated: bool = False
    quotes: tuple[str, ...] = ()  # the passages of the source supporting it (most claims have one)
    source: Term | None = None
    claim: str | None = None
    sentence: tuple[Term, Term, Term] | None = None  # the claim's subject, property and object, as shown
    dates: tuple[Literal, ...] = ()
    refs: list[int] = field(default_factory=list)  # the numbers of its quotes on the page

    @property
    def certainty_key(self) -> str:
        return self.certainty.iri.rsplit("/", 1)[-1] if self.certainty and self.certainty.iri else "none"

    @property
    def hedged(self) -> bool:
        """True when the source does not simply state it (believed, alleged, possible, ...)."""
        return self.certainty_key not in HEDGED_NONE


@dataclass
class Entry:
    """A linked thing or a value, with every statement that links it (``other``: object, or subject incoming)."""

    other: Term
    statements: list[Statement] = field(default_factory=list)


@dataclass
class Group:
    """Entries that share a property, under a heading."""

    property: Term
    heading: str
    place: tuple[int, int]
    entries: list[Entry] = field(default_factory=list)

    @property
    def shown(self) -> list[Entry]:
        """The entries listed at once: all of them, or the first ones when enough are left to fold."""
        return self.entries[:SHOWN_ENTRIES] if len(self.entries) > SHOWN_ENTRIES + 3 else self.entries

    @property
    def folded(self) -> list[Entry]:
        """The entries after the shown ones, listed under "and N more"."""
        return self.entries[len(self.shown):]


@dataclass
class ExternalLink:
    """An identity link out of the dataset; ``relation`` is ``same_as`` or ``close_match``."""

    url: str
    relation: str
    status: Term | None = None

    @property
    def is_wikidata(self) -> bool:
        return self.url.startswith(str(WD))

    @property
    def text(self) -> str:
        if self.url.startswith(str(WD)):
            return "Wikidata " + self.url[len(str(WD)):]
        return "GeoNames " + self.url.rsplit("/", 1)[-1] if "geonames.org" in self.url else self.url


@dataclass
class ClaimView:
    """A claim shown as a sentence: subject, property, object or value, and its qualification."""

    subject: Term
    property: Term
    other: Term
    statement: Statement


@dataclass
class ResourcePage:
    iri: str
    name: str
    types: list[Term]
    categories: list[Term]
    alt_names: list[str]
    notes: list[str]
    sections: list[ReaderSection]
    quotes: list[Quote]
    sources: list[Term]
    within: list[Term]
    coordinates: tuple[str, str] | None
    coordinate_sources: list[str]
    external: list[ExternalLink]
    claim: ClaimView | None = None
    uses: list[ClaimView] = field(default_factory=list)

    @property
    def map_url(self) -> str:
        lat, lon = self.coordinates or ("", "")
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=10/{lat}/{lon}"

    @property
    def certainties(self) -> tuple[Term | None, list[Term]]:
        """The plain certainty ("stated") if the page uses it, and the hedged ones it uses, for the legend."""
        found = {s.certainty_key: s.certainty for sec in self.sections for g in sec.groups for e in g.entries
                 for s in e.statements if s.certainty}
        return found.pop("stated", None), sorted(found.values(), key=lambda t: t.label)

    @property
    def unquoted(self) -> bool:
        """True when some entry is in the data without a claim (and so without a quote)."""
        return any(not s.claim for sec in self.sections for g in sec.groups for e in g.entries for s in e.statements)

    def section(self, key: str) -> ReaderSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def linked(self, key: str, properties: tuple[str, ...] = ()) -> list[Term]:
        """The linked things (not values) a section lists, each once; only through ``properties`` if given."""
        section = self.section(key)
        groups = [g for g in section.groups if not properties or local_name(g.property.iri) in properties] \
            if section else []
        return list(dict.fromkeys(e.other for g in groups for e in g.entries if e.other.iri))


def display_label(loaded: LoadedData, node: Node, lang: str) -> str:
    """A resource's label in a language; unlabelled IRIs as prefixed names (``sf:Point``)."""
    return shown_label(node, loaded.label(node, lang))


def shown_label(node: Node, label: str) -> str:
    """A node's label as shown: an IRI that has none (its label is itself) as a prefixed name."""
    if label != str(node) or not isinstance(node, URIRef):
        return label
    for prefix, namespace in PREFIXES.items():
        if label.startswith(namespace) and label != namespace:
            return f"{prefix}:{label[len(namespace):]}"
    return label


def local_name(prop: Node) -> str:
    """The local name of a ``sahel:`` property, else an empty string."""
    return str(prop)[len(str(SAHEL)):] if str(prop).startswith(str(SAHEL)) else ""


class _Builder:
    """Turns nodes of the dataset into shown terms in one language."""

    def __init__(self, loaded: LoadedData, graph: Graph, lang: str) -> None:
        self.loaded, self.graph, self.lang = loaded, graph, lang
        self.inferred = loaded.dataset.graph(loaded.inferred_graph)
        self.names: dict[Node, str] = {}  # nodes named otherwise than by their label (claims, by their sentence)

    def term(self, node: Node) -> Term:
        if node in self.names:
            return Term(str(node), self.names[node])
        if isinstance(node, Literal):
            if str(node.datatype) in NUMBER_TYPES:
                return Term(None, format_number(str(node), self.lang))
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

    def symmetric(self, prop: Node) -> bool:
        return (prop, RDF.type, OWL.SymmetricProperty) in self.loaded.dataset

    def statement(self, claim: Node) -> Statement:
        value = self.graph.value
        certainty, source = value(claim, SAHEL.certainty), value(claim, PROV.wasDerivedFrom)
        subject, prop = value(claim, SAHEL.subject), value(claim, SAHEL.property)
        other = value(claim, SAHEL.object)
        other = other if other is not None else value(claim, SAHEL.value)
        dates = tuple(d for d in (value(claim, p) for p in (SAHEL.startDate, SAHEL.endDate, SAHEL.date)) if d)
        return Statement(
            certainty=self.term(certainty) if certainty is not None else None,
            period=format_period(value(claim, SAHEL.startDate), value(claim, SAHEL.endDate),
                                 value(claim, SAHEL.date), self.lang),
            time_note=" ".join(self.texts(claim, SAHEL.timeNote)),
            qualifier=" ".join(self.texts(claim, SAHEL.qualifier)),
            negated=value(claim, SAHEL.negated) == Literal(True),
            quotes=tuple(sorted(str(q) for q in self.graph.objects(claim, SAHEL.quote))),
            source=self.term(source) if source is not None else None,
            claim=str(claim),
            sentence=(self.term(subject), self.term(prop), self.term(other)) if None not in (subject, prop, other)
            else None,
            dates=dates,
        )

    def groups(self, found: dict[URIRef, list[tuple[Node, Statement]]], incoming: bool) -> list[Group]:
        """One group per property, one entry per linked thing, in the sections' order."""
        result = []
        for prop, pairs in found.items():
            term, local = self.term(prop), local_name(prop)
            heading = incoming_heading(local, term.label, self.lang) if incoming else term.label
            entries: dict[Node, Entry] = {}
            for other, statement in pairs:
                entries.setdefault(other, Entry(self.term(other))).statements.append(statement)
            for entry in entries.values():
                entry.statements.sort(key=lambda s: (s.negated, s.period, s.claim or ""))
            ordered = sorted(entries.values(), key=lambda e: e.other.label.casefold())
            place = place_of(local, incoming)
            denied = [e for e in ordered if all(s.negated for s in e.statements)]
            if len(denied) < len(ordered):
                result.append(Group(term, heading, place, [e for e in ordered if e not in denied]))
            if denied:  # what the source says is not so gets a heading of its own, after what is so
                result.append(Group(term, f"{heading} ({translate('not', self.lang)})", (*place[:1], place[1] + 1),
                                    denied))
        return result


def build_page(loaded: LoadedData, iri: URIRef, graph: Graph, lang: str) -> ResourcePage:
    """The page model of a resource from its description graph."""
    build = _Builder(loaded, graph, lang)
    claim = _claim_view(build, iri)
    outgoing, incoming = _claimed(build, iri)
    covered = {(p, other) for found in (outgoing, incoming) for p, pairs in found.items() for other, _ in pairs}
    for prop, obj in sorted(graph.predicate_objects(iri)):
        if claim or prop in HEADER_PROPERTIES or not build.asserted((iri, prop, obj)):
            continue
        if isinstance(obj, Literal) and obj.language and str(obj) not in build.texts(iri, prop):
            continue
        if (prop, obj) not in covered:
            outgoing[prop].append((obj, Statement()))
    for subject, prop in sorted(graph.subject_predicates(iri)):
        if prop in STRUCTURE_PROPERTIES or (subject, RDF.type, SAHEL.Claim) in graph or (prop, subject) in covered:
            continue  # claims about the resource are shown through their statements
        if (subject, RDF.type, SAHEL.Claim) in loaded.dataset:  # a claim that points here otherwise (appliesIn)
            view = _claim_view(_Builder(loaded, loaded.dataset, lang), subject)
            if view:
                build.names[subject] = _claim_name(view)
        if build.asserted((subject, prop, iri)):
            (outgoing if build.symmetric(prop) else incoming)[prop].append((subject, Statement()))
    sections = arrange(build.groups(outgoing, incoming=False) + build.groups(incoming, incoming=True))
    return ResourcePage(
        iri=str(iri),
        name=_claim_name(claim) if claim else build.term(iri).label,
        types=_types(build, iri),
        categories=sorted((build.term(c) for c in graph.objects(iri, SAHEL.category)), key=lambda t: t.label),
        alt_names=sorted({str(a) for a in graph.objects(iri, SKOS.altLabel)}, key=str.casefold),
        notes=build.texts(iri, SKOS.note) + build.texts(iri, SKOS.definition),
        sections=sections,
        quotes=number_quotes(sections),
        sources=sorted({build.term(s) for s in graph.objects(iri, PROV.wasDerivedFrom)}, key=lambda t: t.label),
        within=[build.term(p) for p in containers(loaded, iri)],
        coordinates=_coordinates(graph, iri),
        coordinate_sources=sorted(str(s) for s in graph.objects(iri, SAHEL.coordinateSource)),
        external=_external(build, iri),
        claim=claim,
        uses=_claims_using(loaded, iri, lang),
    )


def _claimed(build: _Builder, iri: URIRef) -> tuple[dict, dict]:
    """(other, statement) pairs by property from the claims about the resource, outgoing and incoming.

    A claim of a symmetric property ("clashed with") reads the same from both ends, so it is outgoing on both.
    """
    outgoing: dict[URIRef, list] = defaultdict(list)
    incoming: dict[URIRef, list] = defaultdict(list)
    value = build.graph.value
    for claim in claims_about(build.loaded, iri):
        prop, subject = value(claim, SAHEL.property), value(claim, SAHEL.subject)
        obj = value(claim, SAHEL.object)
        if prop is None:
            continue
        if subject == iri:
            target = obj if obj is not None else value(claim, SAHEL.value)
            if target is not None:
                outgoing[prop].append((target, build.statement(claim)))
        if obj == iri and subject is not None:
            (outgoing if build.symmetric(prop) else incoming)[prop].append((subject, build.statement(claim)))
    return outgoing, incoming


def _claim_view(build: _Builder, iri: URIRef) -> ClaimView | None:
    """A claim resource as a sentence, or ``None`` for anything else."""
    if (iri, RDF.type, SAHEL.Claim) not in build.graph:
        return None
    value = build.graph.value
    subject, prop = value(iri, SAHEL.subject), value(iri, SAHEL.property)
    other = value(iri, SAHEL.object)
    other = other if other is not None else value(iri, SAHEL.value)
    if subject is None or prop is None or other is None:
        return None
    return ClaimView(build.term(subject), build.term(prop), build.term(other), build.statement(iri))


def _claims_using(loaded: LoadedData, concept: URIRef, lang: str) -> list[ClaimView]:
    """The claims that carry a concept as their certainty (what ``/doc/concept/alleged`` lists)."""
    build = _Builder(loaded, loaded.dataset, lang)
    views = [_claim_view(build, claim) for claim in loaded.dataset.subjects(SAHEL.certainty, concept)]
    return sorted((v for v in views if v), key=lambda v: (v.subject.label.casefold(), v.property.label, v.other.label))


def _claim_name(claim: ClaimView) -> str:
    return f"{claim.subject.label} · {claim.property.label} · {claim.other.label}"


def _types(build: _Builder, iri: URIRef) -> list[Term]:
    """The most specific asserted types of the resource."""
    types = {t for t in build.graph.objects(iri, RDF.type) if build.asserted((iri, RDF.type, t))}
    dataset = build.loaded.dataset
    specific = [t for t in types if not any((other, RDFS.subClassOf, t) in dataset for other in types - {t})]
    return sorted((build.term(t) for t in specific), key=lambda t: t.label)


def containers(loaded: LoadedData, place: URIRef) -> list[URIRef]:
    """The places that contain a place, each once, nearest first (its regions, then their countries); a place
    within several (a border area within two countries) has them all, those at one remove ordered by IRI."""
    chain: list[URIRef] = []
    nearest = [place]
    while nearest:
        nearest = sorted({p for node in nearest for p in loaded.dataset.objects(node, SAHEL.within)
                          if isinstance(p, URIRef) and p != place and p not in chain})
        chain += nearest
    return chain


def _coordinates(graph: Graph, iri: URIRef) -> tuple[str, str] | None:
    lat, lon = graph.value(iri, WGS84.lat), graph.value(iri, WGS84.long)
    return (str(lat), str(lon)) if lat is not None and lon is not None else None


def _external(build: _Builder, iri: URIRef) -> list[ExternalLink]:
    """Wikidata, GeoNames and other identity links, with the status of their link record where there is one."""
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
    for geonames in sorted(build.graph.objects(iri, SAHEL.geonamesId)):
        links.append(ExternalLink(f"https://www.geonames.org/{geonames}", "same_as"))
    return sorted(links, key=lambda link: (not link.url.startswith(str(WD)), link.url))
