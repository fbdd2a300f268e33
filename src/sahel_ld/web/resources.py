"""Dereferencing: ``/id/<kind>/<slug>`` answers 303 to ``/doc/<kind>/<slug>``, a page or RDF by negotiation.

The served host maps onto the ``base_iri`` setting: ``http://127.0.0.1:8080/id/org/jnim`` answers for
``<base_iri>id/org/jnim``.
"""

from __future__ import annotations

from functools import cache

from flask import Blueprint, Flask, abort, redirect, render_template, request, url_for
from rdflib import Graph, URIRef
from werkzeug.exceptions import ServiceUnavailable

from .. import formats
from ..describe import describe, description, description_query, is_known
from ..sparql import QueryRequest
from . import dataset, documents, settings, site
from .endpoint import answered, engine
from .i18n import reader_language
from .page_summary import brief, summary
from .resource_view import build_page

bp = Blueprint("resources", __name__)


def _resource(kind: str, slug: str) -> URIRef:
    """The IRI a local path stands for; 404 when the dataset knows nothing of it."""
    iri = URIRef(f"{dataset().base_iri}id/{kind}/{slug}")
    if not is_known(dataset(), iri):
        abort(404, description=f"no resource {iri} in this dataset")
    return iri


@bp.get("/id/<kind>/<slug>")
def identifier(kind: str, slug: str):
    """The thing itself has no document: see the document that describes it."""
    _resource(kind, slug)
    query = request.query_string.decode("latin-1")  # passed on as sent (?lang=fr), never read as url_for options
    return redirect(url_for(".doc", kind=kind, name=slug) + (f"?{query}" if query else ""), code=303)


@bp.get("/doc/<kind>/<name>")
def doc(kind: str, name: str):
    """The description of a resource as an HTML page or in an RDF format, with its suffix twins."""
    slug, dot, suffix = name.partition(".")
    iri = _resource(kind, slug)
    graph = cache(lambda: _description(iri))  # described only when the document is not cached yet

    def page() -> str:
        lang = reader_language()
        view = build_page(dataset(), iri, graph(), lang)
        rows = summary(dataset(), view, lang)
        return render_template("resource.html", page=view, summary=rows, meta_description=brief(view, rows),
                               twins=documents.PAGE_AND_RDF, path=f"/doc/{kind}/{slug}")

    return documents.document(f"/doc/{kind}/{slug}", suffix if dot else None, documents.PAGE_AND_RDF,
                              graph, page)


def _description(iri: URIRef) -> Graph:
    """The resource described by one query: on the build's store, or on the external engine (``store=sparql``),
    where the query goes through the engine's time limit and caps like any other."""
    if settings()["store"] != "sparql":
        return describe(dataset(), iri)
    query = QueryRequest(description_query(iri), graph_format=formats.by_name("nt"))
    answer = answered(lambda: engine().run(query), query.text)
    if answer.truncated:
        raise ServiceUnavailable(f"the description of {iri} is larger than the engine's answers may be ({answer.cut})")
    return description(Graph().parse(data=answer.body, format="nt"))


def href(target: str) -> str:
    """Where a link points: a local path or our IRI's document on this host (keeping ``?lang=``), else the IRI."""
    base = dataset().base_iri
    if target.startswith(base):
        target = "/" + target[len(base):]
    if not target.startswith("/"):
        return target
    path, hash_, fragment = target.partition("#")
    if path.startswith("/id/"):
        path = "/doc/" + path[len("/id/"):]
    if "lang" in request.args:
        path += ("&" if "?" in path else "?") + f"lang={reader_language()}"
    return path + hash_ + fragment


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(href)
    app.add_template_global(site.url, "site_url")
