"""The project's namespaces and the prefix table used in every serialisation and query page."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, VOID, XSD

BASE = "https://w3id.org/sahel-ld/"
SAHEL = Namespace(BASE + "def/sahel#")
ONTOLOGY_IRI = BASE + "def/sahel"
SHAPES = Namespace(BASE + "def/shapes#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
CONCEPT = Namespace(BASE + "id/concept/")
SOURCE = Namespace(BASE + "id/source/")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SF = Namespace("http://www.opengis.net/ont/sf#")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "sahel": str(SAHEL),
    "act": BASE + "id/org/",
    "per": BASE + "id/person/",
    "pl": BASE + "id/place/",
    "geom": BASE + "id/geometry/",
    "site": BASE + "id/site/",
    "ev": BASE + "id/event/",
    "com": BASE + "id/community/",
    "agr": BASE + "id/agreement/",
    "proc": BASE + "id/process/",
    "pol": BASE + "id/policy/",
    "cnt": BASE + "id/count/",
    "src": str(SOURCE),
    "cpt": str(CONCEPT),
    "clm": BASE + "id/claim/",
    "org": str(ORG),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "time": str(TIME),
    "geo": str(GEO),
    "sf": str(SF),
    "wgs84": str(WGS84),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph or dataset, replacing rdflib's defaults."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def sparql_prologue() -> str:
    """The PREFIX lines for the project's prefixes, for query editors and saved queries."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
