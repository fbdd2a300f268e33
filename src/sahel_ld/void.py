"""The dataset description: VoID and DCAT in one graph (what, who, terms, size, where to get it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, SKOS, VOID, XSD

from .dumps import CHECKSUMS, DumpFile
from .formats import by_suffix
from .namespaces import DCAT, SAHEL, SD, WD, bind_prefixes
from .release import dataset_version, read_release
from .store import LoadedData

SPDX = "http://spdx.org/rdf/terms#"
IANA = "https://www.iana.org/assignments/media-types/"
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = {"en": "Armed actors in the conflict in Mali and the Sahel",
         "fr": "Acteurs armés du conflit au Mali et au Sahel"}
DESCRIPTION = {
    "en": "A linked-data knowledge graph of the armed groups, coalitions, leaders, foreign forces and missions in "
          "the conflict in Mali and the Sahel, their relations, places and events. Every statement is a qualified "
          "claim carrying the exact words of its source, its period and how certain the source is.",
    "fr": "Un graphe de connaissances en données liées sur les groupes armés, coalitions, chefs, forces "
          "étrangères et missions du conflit au Mali et au Sahel, leurs relations, lieux et événements. Chaque affirmation "
          "porte les mots exacts de sa source, sa période et le degré de certitude de la source.",
}
RIGHTS = {
    "en": "Data and ontology: CC BY 4.0. The source text remains © ECFR / MINUSMA / DCAF; the quotes are short "
          "extracts used to support each statement.",
    "fr": "Données et ontologie : CC BY 4.0. Le texte source reste © ECFR / MINUSMA / DCAF ; les citations sont de "
          "courts extraits qui appuient chaque affirmation.",
}
EXAMPLE_KINDS = ("org", "person", "place", "event")
LINK_PREDICATES = (OWL.sameAs, SKOS.closeMatch)


def describe_dataset(loaded: LoadedData, dumps: Iterable[DumpFile] = ()) -> Graph:
    """The VoID/DCAT graph of the served dataset, with its dumps when they have been written."""
    base = loaded.base_iri
    dataset = URIRef(base + "void#dataset")
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("spdx", SPDX)
    graph.bind("sd", SD)
    add = graph.add
    add((URIRef(base + "void"), RDF.type, VOID.DatasetDescription))
    add((URIRef(base + "void"), FOAF.primaryTopic, dataset))
    for cls in (VOID.Dataset, DCAT.Dataset):
        add((dataset, RDF.type, cls))
    for prop, texts in ((DCTERMS.title, TITLE), (DCTERMS.description, DESCRIPTION), (DCTERMS.rights, RIGHTS)):
        for lang, text in texts.items():
            add((dataset, prop, Literal(text, lang=lang)))
    _add_terms(graph, loaded, dataset)
    _add_access(graph, base, dataset, dumps)
    _add_statistics(graph, loaded, dataset)
    _add_linksets(graph, loaded, dataset)
    return graph


def _add_terms(graph: Graph, loaded: LoadedData, dataset: URIRef) -> None:
    """Publisher, licence, sources, dates, the release's version and date (unreleased data: the files' hash)."""
    base = loaded.base_iri
    publisher = URIRef(base + "void#publisher")
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal("The sahel-ld project", lang="en")))
    graph.add((publisher, FOAF.homepage, URIRef(base)))
    graph.add((dataset, DCTERMS.license, LICENCE))
    graph.add((dataset, FOAF.homepage, URIRef(base)))
    graph.add((dataset, DCAT.landingPage, URIRef(base)))
    for source in sorted(loaded.dataset.subjects(RDF.type, SAHEL.SourceDocument)):
        graph.add((dataset, DCTERMS.source, source))
        for label in loaded.dataset.objects(source, SKOS.prefLabel):
            graph.add((source, SKOS.prefLabel, label))
    modified = Literal(loaded.modified.isoformat(), datatype=XSD.dateTime)
    created = loaded.dataset.value(URIRef(base + "def/sahel"), DCTERMS.created) or modified
    graph.add((dataset, DCTERMS.created, created))
    graph.add((dataset, DCTERMS.modified, modified))
    release = read_release(loaded.root, base)
    version = dataset_version(loaded.root, base, loaded.version)
    graph.add((dataset, DCAT.version, Literal(version)))
    graph.add((dataset, OWL.versionInfo, Literal(version)))
    if release.released:
        graph.add((dataset, DCTERMS.issued, Literal(release.released.isoformat(), datatype=XSD.date)))
    graph.add((dataset, VOID.uriSpace, Literal(base + "id/")))
    graph.add((dataset, VOID.rootResource, URIRef(base + "def/sahel")))


def _add_access(graph: Graph, base: str, dataset: URIRef, dumps: Iterable[DumpFile]) -> None:
    """The SPARQL endpoint as a data service and every dump as a distribution."""
    endpoint = URIRef(base + "sparql")
    graph.add((dataset, VOID.sparqlEndpoint, endpoint))
    graph.add((endpoint, RDF.type, DCAT.DataService))
    graph.add((endpoint, RDF.type, SD.Service))
    graph.add((endpoint, DCAT.endpointURL, endpoint))
    graph.add((endpoint, SD.endpoint, endpoint))
    graph.add((endpoint, DCAT.servesDataset, dataset))
    graph.add((endpoint, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    service = URIRef(base + "void#sparql")
    graph.add((dataset, DCAT.distribution, service))
    graph.add((service, RDF.type, DCAT.Distribution))
    graph.add((service, DCAT.accessURL, endpoint))
    graph.add((service, DCAT.accessService, endpoint))
    for dump in dumps:
        if dump.name == CHECKSUMS:
            continue
        url = URIRef(base + "dumps/" + dump.name)
        distribution = URIRef(base + "void#" + dump.name)
        graph.add((dataset, VOID.dataDump, url))
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(dump.name)))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCAT.accessURL, URIRef(base + "dumps/")))
        graph.add((distribution, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
        graph.add((distribution, DCTERMS.license, LICENCE))
        inner = dump.name.removesuffix(".gz")
        graph.add((distribution, DCAT.mediaType, URIRef(IANA + by_suffix(inner.rsplit(".", 1)[1]).media_type)))
        if inner != dump.name:
            graph.add((distribution, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        checksum = BNode()
        graph.add((distribution, URIRef(SPDX + "checksum"), checksum))
        graph.add((checksum, RDF.type, URIRef(SPDX + "Checksum")))
        graph.add((checksum, URIRef(SPDX + "algorithm"), URIRef(SPDX + "checksumAlgorithm_sha256")))
        graph.add((checksum, URIRef(SPDX + "checksumValue"), Literal(dump.sha256, datatype=XSD.hexBinary)))


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


# The union graph's distinct triples (a triple in several files counts once), for the aggregates below.
TRIPLES = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def _counted(store: ox.Store, query: str) -> list[tuple]:
    """The rows of an aggregate query, terms as rdflib terms and counts as ints (Oxigraph computes them)."""
    return [tuple(int(t.value) if isinstance(t, ox.Literal) else None if t is None else _rdflib(t) for t in row)
            for row in store.query(query)]


def _rdflib(term) -> URIRef | BNode:
    return URIRef(term.value) if isinstance(term, ox.NamedNode) else BNode(term.value)


def _add_statistics(graph: Graph, loaded: LoadedData, dataset: URIRef) -> None:
    """Sizes, vocabularies, class and property partitions and example resources of the union graph."""
    store = loaded.oxigraph_store()
    subjects = _Subjects(store, loaded.base_iri + "id/")
    [(objects,)] = _counted(store, f"SELECT (COUNT(DISTINCT ?o) AS ?do) WHERE {{ {{ {TRIPLES} }} }}")
    properties: Counter = Counter()
    classes: dict = {}
    for prop, cls, count in _counted(store, f"""SELECT ?p ?class (COUNT(*) AS ?n) WHERE {{ {{ {TRIPLES} }}
                                                BIND(IF(?p = <{RDF.type}>, ?o, ?none) AS ?class) }} GROUP BY ?p ?class"""):
        properties[prop] += count
        if cls is not None:
            classes[cls] = count
    figures = {
        VOID.triples: subjects.triples,
        VOID.entities: subjects.entities,
        VOID.distinctSubjects: subjects.count,
        VOID.distinctObjects: objects,
        VOID.properties: len(properties),
        VOID.classes: len(classes),
    }
    for prop, value in figures.items():
        graph.add((dataset, prop, Literal(value, datatype=XSD.integer)))
    used = {_namespace(str(t)) for t in [*properties, *classes]}
    for vocabulary in sorted(v for v in used if not v.startswith(loaded.base_iri + "id/")):
        graph.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for cls, count in sorted(classes.items()):
        part = BNode()
        graph.add((dataset, VOID.classPartition, part))
        graph.add((part, VOID["class"], cls))
        graph.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for prop, count in sorted(properties.items()):
        part = BNode()
        graph.add((dataset, VOID.propertyPartition, part))
        graph.add((part, VOID.property, prop))
        graph.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    for example in subjects.examples():
        graph.add((dataset, VOID.exampleResource, example))


class _Subjects:
    """One pass over the union graph's subjects and their triple counts: the number of triples, of subjects and
    of entities (our IRIs), and for each of the ``EXAMPLE_KINDS`` its most discussed resource (subject or object
    of the most claims), then the most described (most triples), then the first by IRI."""

    def __init__(self, store: ox.Store, id_space: str) -> None:
        self.triples = self.count = self.entities = 0
        self.spaces = spaces = [f"{id_space}{kind}/" for kind in EXAMPLE_KINDS]
        claims = {row[0]: int(row[1].value) for row in store.query(f"""
            SELECT ?s (COUNT(*) AS ?n) WHERE {{ {{ SELECT DISTINCT ?c ?p ?s WHERE {{
              VALUES ?p {{ <{SAHEL.subject}> <{SAHEL.object}> }} GRAPH ?g {{ ?c ?p ?s }} }} }} }} GROUP BY ?s""")}
        self.best: dict[str, tuple] = {}
        for subject, size in store.query(f"SELECT ?s (COUNT(*) AS ?n) WHERE {{ {{ {TRIPLES} }} }} GROUP BY ?s"):
            size = int(size.value)
            self.triples, self.count = self.triples + size, self.count + 1
            if not (isinstance(subject, ox.NamedNode) and subject.value.startswith(id_space)):
                continue
            self.entities += 1
            space = next((prefix for prefix in spaces if subject.value.startswith(prefix)), None)
            rank = (-claims.get(subject, 0), -size, subject.value)
            if space is not None and (space not in self.best or rank < self.best[space][0]):
                self.best[space] = (rank, subject)

    def examples(self) -> list[URIRef]:
        """The example resources, in the order of ``EXAMPLE_KINDS``."""
        return [URIRef(self.best[space][1].value) for space in self.spaces if space in self.best]


def _add_linksets(graph: Graph, loaded: LoadedData, dataset: URIRef) -> None:
    """One linkset per link predicate to Wikidata, with its size."""
    wikidata = URIRef(loaded.base_iri + "void#wikidata")
    for predicate in LINK_PREDICATES:
        links = {(s, o) for s, o in loaded.dataset.subject_objects(predicate) if str(o).startswith(str(WD))}
        if not links:
            continue
        name = predicate.n3(graph.namespace_manager).replace(":", "-")
        linkset = URIRef(f"{loaded.base_iri}void#wikidata-{name}")
        graph.add((dataset, VOID.subset, linkset))
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.subjectsTarget, dataset))
        graph.add((linkset, VOID.objectsTarget, wikidata))
        graph.add((linkset, VOID.linkPredicate, predicate))
        graph.add((linkset, VOID.triples, Literal(len(links), datatype=XSD.integer)))
    if (dataset, VOID.subset, None) in graph:
        graph.add((wikidata, RDF.type, VOID.Dataset))
        graph.add((wikidata, DCTERMS.title, Literal("Wikidata", lang="en")))
        graph.add((wikidata, FOAF.homepage, URIRef("https://www.wikidata.org/")))
        graph.add((wikidata, VOID.uriSpace, Literal(str(WD))))
        graph.add((wikidata, VOID.sparqlEndpoint, URIRef("https://query.wikidata.org/sparql")))
