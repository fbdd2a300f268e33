"""The project's namespaces as rdflib ``Namespace``s; the prefix table (``prefixes``) binds them everywhere."""

from rdflib import Namespace

from .prefixes import BASE, PREFIXES

SAHEL = Namespace(PREFIXES["sahel"])
ONTOLOGY_IRI = BASE + "def/sahel"
SHAPES = Namespace(BASE + "def/shapes#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
CONCEPT = Namespace(PREFIXES["cpt"])
SOURCE = Namespace(PREFIXES["src"])
SCHEMA = Namespace(PREFIXES["schema"])
GEO = Namespace(PREFIXES["geo"])
SF = Namespace(PREFIXES["sf"])
WGS84 = Namespace(PREFIXES["wgs84"])
DCAT = Namespace(PREFIXES["dcat"])
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace(PREFIXES["wd"])


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph or dataset, replacing rdflib's defaults."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def sparql_prologue() -> str:
    """The PREFIX lines for the project's prefixes, for query editors and saved queries."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
