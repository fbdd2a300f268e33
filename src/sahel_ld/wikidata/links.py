"""The Wikidata links of the dataset: a direct triple plus a ``sahel:WikidataLink`` node with its status."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, SKOS

from ..namespaces import BASE, CONCEPT, SAHEL, WD

QID = re.compile(r"^Q[1-9][0-9]*$")
RELATIONS = {"sameAs": OWL.sameAs, "closeMatch": SKOS.closeMatch}
STATUSES = ("verified", "single-source", "close-match")
METHODS = ("reference-table", "curator-review")
LINK_BASE = BASE + "id/link/"


@dataclass(frozen=True)
class Link:
    """One link: our entity, the Wikidata item, the relation and how far it is confirmed."""

    entity: URIRef
    item: URIRef
    relation: URIRef
    status: URIRef
    method: URIRef
    source: URIRef | None = None
    note: str = ""

    @property
    def qid(self) -> str:
        return str(self.item).removeprefix(str(WD))

    @property
    def status_key(self) -> str:
        """``verified``, ``single-source`` or ``close-match``."""
        return str(self.status).removeprefix(str(CONCEPT))

    @property
    def relation_key(self) -> str:
        """``sameAs`` or ``closeMatch``."""
        return next(key for key, iri in RELATIONS.items() if iri == self.relation)

    @property
    def node(self) -> URIRef:
        """The IRI of the link node: ``id/link/<kind>-<slug>-<qid>``."""
        kind, slug = str(self.entity).removeprefix(BASE + "id/").split("/", 1)
        return URIRef(f"{LINK_BASE}{kind}-{slug.replace('/', '-')}-{self.qid.lower()}")


def make_link(entity: URIRef, qid: str, status: str, method: str, source: URIRef | None = None,
              note: str = "") -> Link:
    """A link from plain values; the relation follows from the status (close-match: skos:closeMatch)."""
    if not QID.match(qid):
        raise ValueError(f"not a Wikidata item id: {qid!r}")
    if status not in STATUSES:
        raise ValueError(f"unknown link status {status!r}; expected one of {', '.join(STATUSES)}")
    if method not in METHODS:
        raise ValueError(f"unknown link method {method!r}; expected one of {', '.join(METHODS)}")
    relation = SKOS.closeMatch if status == "close-match" else OWL.sameAs
    return Link(entity, WD[qid], relation, CONCEPT[status], CONCEPT[method], source, note)


def links_in(graph: Graph) -> list[Link]:
    """Every ``sahel:WikidataLink`` node of a graph as a Link, sorted by entity then item."""
    links = []
    for node in set(graph.subjects(RDF.type, SAHEL.WikidataLink)):
        note = graph.value(node, SKOS.note)
        links.append(Link(
            entity=graph.value(node, SAHEL.linkedEntity),
            item=graph.value(node, SAHEL.wikidataItem),
            relation=graph.value(node, SAHEL.linkRelation),
            status=graph.value(node, SAHEL.linkStatus),
            method=graph.value(node, SAHEL.linkMethod),
            source=graph.value(node, PROV.wasDerivedFrom),
            note=str(note) if isinstance(note, Literal) else "",
        ))
    return sorted(links, key=lambda link: (str(link.entity), str(link.item)))
