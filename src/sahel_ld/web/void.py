"""The dataset description at ``/void`` and ``/.well-known/void`` (VoID and DCAT): RDF by negotiation, and a page
for browsers. RDF comes first among the offered formats, so ``*/*`` (curl, RDF tools) gets Turtle."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, VOID

from .. import formats
from ..build import VOID as VOID_FILE
from ..namespaces import DCAT
from . import dataset, documents, once
from .i18n import format_date, reader_language, translate
from .resource_view import display_label

bp = Blueprint("void", __name__)
OFFERED = (*documents.RDF_ONLY, formats.by_name("html"))
FIGURES = {VOID.triples: "triples", VOID.entities: "entities", VOID.distinctSubjects: "void_subjects",
           VOID.distinctObjects: "void_objects", VOID.classes: "classes", VOID.properties: "properties"}


def _description() -> Graph:
    """The build's ``void.ttl`` (written with the dumps' names, sizes and checksums), read on first use."""
    return once("sahel_ld_void", lambda: Graph().parse(dataset().build / VOID_FILE, format="turtle"))


def _text(graph: Graph, subject: URIRef, prop: URIRef, lang: str) -> str:
    """A literal in the reader's language, else English, else any."""
    values = [v for v in graph.objects(subject, prop) if isinstance(v, Literal)]
    for wanted in (lang, "en", None):
        for value in values:
            if value.language == wanted or wanted is None:
                return str(value)
    return ""


def page_model(graph: Graph, lang: str) -> dict:
    """What the page shows, read from the description graph itself (so the page and the RDF cannot disagree)."""
    ds = next(graph.subjects(RDF.type, DCAT.Dataset))
    loaded = dataset()
    distributions = []
    for dist in graph.objects(ds, DCAT.distribution):
        url = graph.value(dist, DCAT.downloadURL)
        if url is None:
            continue
        checksum = graph.value(graph.value(dist, URIRef("http://spdx.org/rdf/terms#checksum")),
                               URIRef("http://spdx.org/rdf/terms#checksumValue"))
        distributions.append({"name": str(graph.value(dist, DCTERMS.title)), "url": str(url),
                              "size": int(graph.value(dist, DCAT.byteSize)), "sha256": str(checksum or "")})
    linksets = [{"predicate": display_label(loaded, graph.value(ls, VOID.linkPredicate), lang),
                 "triples": int(graph.value(ls, VOID.triples))} for ls in graph.objects(ds, VOID.subset)]
    return {
        "title": _text(graph, ds, DCTERMS.title, lang),
        "description": _text(graph, ds, DCTERMS.description, lang),
        "rights": _text(graph, ds, DCTERMS.rights, lang),
        "version": str(graph.value(ds, OWL.versionInfo) or ""),
        "issued": format_date(graph.value(ds, DCTERMS.issued), lang) if graph.value(ds, DCTERMS.issued) else "",
        "modified": str(graph.value(ds, DCTERMS.modified) or ""),
        "licence": str(graph.value(ds, DCTERMS.license) or ""),
        "publisher": _text(graph, graph.value(ds, DCTERMS.publisher), FOAF.name, lang),
        "sources": sorted((str(s), _text(graph, s, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), lang))
                          for s in graph.objects(ds, DCTERMS.source)),
        "endpoint": str(graph.value(ds, VOID.sparqlEndpoint) or ""),
        "figures": [(translate(key, lang), int(graph.value(ds, p))) for p, key in FIGURES.items()
                    if graph.value(ds, p) is not None],
        "vocabularies": sorted(str(v) for v in graph.objects(ds, VOID.vocabulary)),
        "examples": sorted(str(e) for e in graph.objects(ds, VOID.exampleResource)),
        "distributions": sorted(distributions, key=lambda d: d["name"]),
        "linksets": linksets,
    }


@bp.get("/void", defaults={"suffix": None})
@bp.get("/void.<suffix>")
def description(suffix: str | None):
    def page() -> str:
        model = page_model(_description(), reader_language())
        return render_template("void.html", void=model, twins=OFFERED, path="/void",
                               meta_description=model["description"])

    return documents.document("/void", suffix, OFFERED, _description, page)


@bp.get("/.well-known/void")
def well_known():
    """The well-known address (RFC 8615) answers the same description, without a redirect."""
    return description(None)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
