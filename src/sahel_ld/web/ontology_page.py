"""The ontology at its IRI ``/def/sahel``: an HTML documentation page, or the RDF by negotiation."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, Flask, render_template
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ..namespaces import ONTOLOGY_IRI, SAHEL
from . import dataset, documents, once
from .i18n import LANGUAGES, reader_language

bp = Blueprint("ontology", __name__)
KINDS = {OWL.Class: "class", OWL.ObjectProperty: "property", OWL.DatatypeProperty: "property",
         OWL.AnnotationProperty: "property"}
PARENT = {"class": RDFS.subClassOf, "property": RDFS.subPropertyOf}
ALIGNMENTS = (OWL.equivalentClass, OWL.equivalentProperty, SKOS.exactMatch, SKOS.closeMatch)


@dataclass
class TermDoc:
    """One class or property as documented."""

    iri: str
    name: str
    kind: str
    labels: dict[str, str]
    definitions: dict[str, str]
    parents: list[tuple[str, str]] = field(default_factory=list)
    children: list[tuple[str, str]] = field(default_factory=list)
    alignments: list[tuple[str, str]] = field(default_factory=list)
    domain: list[tuple[str, str]] = field(default_factory=list)
    range: list[tuple[str, str]] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)


def ontology_graph() -> Graph:
    """The ontology files merged, built once per app."""
    return once("sahel_ld_ontology", lambda: dataset().ontology_graph())


def _by_language(graph: Graph, iri: URIRef, prop: URIRef) -> dict[str, str]:
    return {lang: str(v) for lang in LANGUAGES for v in graph.objects(iri, prop) if v.language == lang}


def _refs(graph: Graph, node, lang: str) -> list[tuple[str, str]]:
    """(IRI, name) pairs for a term, or each member of an ``owl:unionOf`` list."""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        return [r for m in Collection(graph, members) for r in _refs(graph, m, lang)] if members else []
    name = _name(graph, node, lang)
    return [(str(node), name)]


def _name(graph: Graph, iri: URIRef, lang: str) -> str:
    labels = _by_language(graph, iri, RDFS.label)
    return labels.get(lang) or labels.get("en") or graph.namespace_manager.normalizeUri(iri)


def document_terms(graph: Graph, lang: str) -> list[TermDoc]:
    """Every sahel: class and property with labels, definitions, hierarchy, domain, range and alignments."""
    terms: dict[URIRef, TermDoc] = {}
    for owl_type, kind in KINDS.items():
        for iri in graph.subjects(RDF.type, owl_type):
            if isinstance(iri, URIRef) and str(iri).startswith(str(SAHEL)) and iri not in terms:
                terms[iri] = TermDoc(str(iri), str(iri)[len(str(SAHEL)):], kind, _by_language(graph, iri, RDFS.label),
                                     _by_language(graph, iri, SKOS.definition))
    for iri, doc in terms.items():
        for parent in graph.objects(iri, PARENT[doc.kind]):
            target = doc.parents if parent in terms else doc.alignments
            target.extend(_refs(graph, parent, lang))
            if parent in terms:
                terms[parent].children.append((str(iri), _name(graph, iri, lang)))
        for prop in ALIGNMENTS:
            doc.alignments.extend(r for o in graph.objects(iri, prop) for r in _refs(graph, o, lang))
        doc.domain = [r for o in graph.objects(iri, RDFS.domain) for r in _refs(graph, o, lang)]
        doc.range = [r for o in graph.objects(iri, RDFS.range) for r in _refs(graph, o, lang)]
        doc.characteristics = sorted(str(t).rsplit("#", 1)[-1] for t in graph.objects(iri, RDF.type)
                                     if t not in KINDS and str(t).startswith(str(OWL)))
    for doc in terms.values():
        for refs in (doc.parents, doc.children, doc.alignments, doc.domain, doc.range):
            refs.sort(key=lambda r: r[1].casefold())
    return sorted(terms.values(), key=lambda d: d.name)


def hierarchy(terms: list[TermDoc], kind: str) -> list[dict]:
    """The terms of one kind as a tree: roots have no parent among our own terms."""
    by_iri = {t.iri: t for t in terms if t.kind == kind}

    def node(term: TermDoc, seen: frozenset) -> dict:
        kids = [by_iri[i] for i, _ in term.children if i in by_iri and i not in seen]
        return {"term": term, "children": [node(k, seen | {k.iri}) for k in kids]}

    return [node(t, frozenset({t.iri})) for t in by_iri.values() if not t.parents]


@bp.get("/def/sahel", defaults={"suffix": None})
@bp.get("/def/sahel.<suffix>")
def ontology(suffix: str | None):
    def page() -> str:
        graph, lang = ontology_graph(), reader_language()
        terms = document_terms(graph, lang)
        header = URIRef(ONTOLOGY_IRI)
        return render_template(
            "ontology.html", terms=terms, iri=ONTOLOGY_IRI, twins=documents.PAGE_AND_RDF, path="/def/sahel",
            title=_by_language(graph, header, DCTERMS.title),
            description=_by_language(graph, header, DCTERMS.description),
            version=graph.value(header, OWL.versionInfo), version_iri=graph.value(header, OWL.versionIRI),
            classes=hierarchy(terms, "class"), properties=hierarchy(terms, "property"))

    return documents.document("/def/sahel", suffix, documents.PAGE_AND_RDF, ontology_graph, page)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
