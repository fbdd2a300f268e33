"""The query page for browsers: ``/sparql`` with no query, ``/sparql?query=...`` (a permalink: the page with the
query, which it runs), the short links ``/q/<id>``, and the labels the results table shows.

Which requests get the page is decided by ``wants_page``: a browser's ``Accept`` (``text/html`` named and liked
at least as well as any results or RDF format) and no ``format=``. Every other client gets results from the
endpoint exactly as before."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request, url_for
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_accept_header

from .. import formats, vocabulary
from ..namespaces import CONCEPT, PREFIXES
from ..short_links import Full, LinkStore, TooLong
from . import dataset, once, settings, site
from .i18n import MESSAGES, reader_language

bp = Blueprint("query_page", __name__)

DEFAULT_QUERY = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?organisation ?label WHERE {
  ?organisation a org:Organization ;
                rdfs:label ?label .
}
ORDER BY ?label
LIMIT 50
"""
PAGE_TYPES = ("text/html", "application/xhtml+xml")
ANSWER_TYPES = frozenset(t for f in formats.RESULTS + formats.RDF for t in (f.media_type, *f.aliases))
SCRIPT_PREFIX = "qp_"  # the catalogue keys the page's script needs, sent to it in the page's language
LINKS = "sahel_ld_short_links"
URL_LIMIT = 2000  # longest /sparql?query= address offered as the link; longer queries get a short link


class InsufficientStorage(HTTPException):
    """507: the short links' store holds as many links as it may."""

    code = 507


@lru_cache(maxsize=256)
def wants_page(format_values: tuple[str, ...], accept: str) -> bool:
    """Whether a ``GET /sparql`` with a query asks for the query page rather than for results."""
    if format_values:
        return False
    parsed = parse_accept_header(accept, MIMEAccept)
    page = max((q for value, q in parsed if value in PAGE_TYPES), default=0)
    answers = max((q for value, q in parsed if value in ANSWER_TYPES), default=0)
    return page > 0 and page >= answers


def links() -> LinkStore:
    """The short links of the app handling the current request."""
    return current_app.extensions[LINKS]


def _certainty(lang: str) -> dict[str, dict[str, str]]:
    """The certainty concepts by IRI: the key naming their badge's style and their name in ``lang``."""
    return {str(CONCEPT[key]): {"key": key, "label": dataset().label(CONCEPT[key], lang)}
            for key in vocabulary.CERTAINTIES}


def _examples(lang: str) -> list[dict[str, str]]:
    """The saved queries the endpoint runs, named in the reader's language."""
    saved = current_app.extensions["sahel_ld_queries"]
    return [{"summary": saved.get(e["name"]).summary_in(lang), "text": e["text"]}
            for e in current_app.extensions["sahel_ld_sparql_examples"]]


def page(text: str | None = None) -> Response:
    """The query page, with ``text`` in the editor and run at once when given, else the default query."""
    lang = reader_language()
    script = {
        "endpoint": url_for("sparql.sparql"), "base": dataset().base_iri, "prefixes": PREFIXES, "lang": lang,
        "query": DEFAULT_QUERY if text is None else text, "run": text is not None,
        "examples": _examples(lang), "certainty": _certainty(lang),
        "terms": once(f"query_page_terms_{lang}", lambda: vocabulary.terms(dataset(), lang)),
        "labels": url_for("query_page.labels"), "shorten": url_for("query_page.shorten"),
        "urlLimit": URL_LIMIT,
        "messages": {k: v for k, v in MESSAGES[lang].items() if k.startswith(SCRIPT_PREFIX)},
    }
    body = render_template("sparql/query.html", script=script, examples=script["examples"], prefixes=PREFIXES,
                           formats=formats.RESULTS + formats.RDF, endpoint=site.url(url_for("sparql.sparql")),
                           graphs=dataset().graph_names(), query=script["query"])
    response = Response(body, content_type="text/html; charset=utf-8")
    response.vary.update(("Accept", "Accept-Language"))
    response.cache_control.public = True
    response.cache_control.max_age = int(settings()["cache_max_age"])
    return response


@bp.post("/sparql/labels")
def labels():
    """The labels, in the reader's language, of the IRIs posted as a JSON list (those that have one)."""
    iris = request.get_json(silent=True)
    if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
        abort(400, description="send a JSON list of IRIs, with Content-Type: application/json")
    lang = reader_language()
    known = once(f"query_page_labels_{lang}", lambda: vocabulary.labels(dataset(), lang))
    return jsonify({iri: known[iri] for iri in iris if iri in known})


@bp.post("/q")
def shorten():
    """Keep a query text (form field ``query``) and answer its short link (201, JSON ``id`` and ``url``, the path on
    this server: the page knows its own host, and a client-sent Host header is not trusted to name it)."""
    text = request.form.get("query", "")
    if not text.strip():
        abort(400, description="send the query text as the form field 'query'")
    try:
        key = links().put(text)
    except TooLong as error:
        abort(413, description=str(error))
    except Full as error:
        raise InsufficientStorage(str(error)) from None
    url = url_for(".short_link", key=key)
    return jsonify({"id": key, "url": url}), 201, {"Location": url}


@bp.get("/q/<key>")
def short_link(key: str):
    """The query page with the linked query, or its text (``/q/<id>.rq``)."""
    key, dot, suffix = key.partition(".")
    text = links().get(key)
    if text is None or (dot and suffix != "rq"):
        abort(404, description="no query has this short link; links are made on the query page at /sparql")
    if dot:
        return Response(text, content_type="application/sparql-query; charset=utf-8")
    return page(text)


def init_app(app: Flask) -> None:
    """The short links' store and the routes."""
    config = app.config["SAHEL_LD"]
    folder = Path(config["short_links_dir"]) if config["short_links_dir"] else None
    app.extensions[LINKS] = LinkStore(folder, int(config["short_link_max_length"]),
                                      int(config["short_links_max_count"]))
    app.register_blueprint(bp)
