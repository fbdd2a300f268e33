"""Saved queries on the web: ``/queries`` (list), ``/queries/<name>`` (form, table, result twins), ``/openapi.json``."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request, url_for

from .. import formats
from ..openapi import openapi_document
from ..queries import Catalogue, NotRunHere, ParamError, SavedQuery, UnknownQuery, answer, compact, table
from . import dataset, result_table, site
from .endpoint import answered, engine
from .i18n import reader_language

bp = Blueprint("saved_queries", __name__, template_folder="templates")
HTML = formats.by_name("html")
OFFERED = (HTML, *formats.RESULTS)


def catalogue() -> Catalogue:
    """The saved queries of the app's dataset."""
    return current_app.extensions["sahel_ld_queries"]


def _listing(query: SavedQuery) -> dict:
    """A saved query as an entry of the JSON list."""
    return {"name": query.name, "summary": query.summary, "description": query.description,
            "summary_fr": query.summary_fr or None, "description_fr": query.description_fr or None,
            "tags": list(query.tags), "runnable": query.runnable,
            "url": site.url(url_for(".query", name=query.name)),
            "params": [{"name": p.name, "type": list(p.types) if len(p.types) > 1 else p.types[0],
                        "required": p.required, "default": p.default, "example": p.example,
                        "description": p.description, "description_fr": p.description_fr or None,
                        "expects": p.expects()} for p in query.params]}


@bp.get("/queries")
@bp.get("/queries.<suffix>")
def index(suffix: str | None = None):
    """Every saved query with its summary and tags, as a page or JSON."""
    wanted = suffix or request.args.get("format")
    if wanted not in (None, "json", "html"):
        abort(404, description="the list of saved queries is available as .json or .html")
    best = request.accept_mimetypes.best_match(["text/html", "application/json"], default="text/html")
    if wanted == "json" or (wanted is None and best == "application/json"):
        response = jsonify([_listing(q) for q in catalogue().queries.values()])
    else:
        response = Response(render_template("queries/index.html", queries=catalogue().queries.values()))
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = '</queries.json>; rel="alternate"; type="application/json"'
    return response


def _chosen_format(suffix: str | None):
    """The format asked for by suffix, ``?format=`` or ``Accept``."""
    asked = suffix or request.args.get("format")
    if asked:
        chosen = formats.by_name(asked)
        if chosen not in OFFERED:
            abort(404 if suffix else 400,
                  description=f"saved queries answer as: {', '.join(f.name for f in OFFERED)}; not {asked!r}")
        return chosen
    chosen = formats.negotiate(request.headers.get("Accept"), OFFERED)
    if chosen is None:
        abort(406, description=f"saved queries answer as: {formats.describe(OFFERED)}")
    return chosen


def _run(query: SavedQuery, given: dict, fmt):
    """The engine's answer, with engine failures mapped to HTTP statuses."""
    return answered(lambda: answer(engine(), catalogue(), query.name, given, fmt), f"saved query {query.name}")


@bp.get("/queries/<name>")
def query(name: str):
    """A saved query: its page (form, results, SPARQL) or its results in a SPARQL results format."""
    name, dot, suffix = name.partition(".")
    try:
        saved = catalogue().get(name)
    except UnknownQuery:
        abort(404, description=f"no saved query {name!r}; the list is at /queries")
    fmt = _chosen_format(suffix if dot else None)
    # ``lang`` picks the page's language, unless the query itself has a parameter of that name.
    reserved = ("format",) if any(p.name == "lang" for p in saved.params) else ("format", "lang")
    given = {k: v for k, v in request.args.items() if k not in reserved}
    if fmt is not HTML:
        try:
            result = _run(saved, given, fmt)
        except (ParamError, NotRunHere) as error:
            abort(400, description=str(error))
        response = Response(result.body, content_type=fmt.content_type)
        if result.cut:
            response.headers["Warning"] = f'199 - "results cut: {result.cut}"'
    else:
        response = _page(saved, given)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(f'<{_twin(name, f, given)}>; rel="alternate"; type="{f.media_type}"'
                                         for f in formats.RESULTS)
    return response


def _twin(name: str, fmt, given: dict) -> str:
    """The address of a saved query's results in one format, with the same parameter values."""
    query_string = urlencode(given)
    return url_for(".query", name=f"{name}.{fmt.name}") + (f"?{query_string}" if query_string else "")


def _page(saved: SavedQuery, given: dict) -> Response:
    """The HTML page: form, then results (or why there are none), then the SPARQL text."""
    error = note = None
    variables, rows, truncated, ran = [], [], False, False
    if not saved.runnable or given or not any(p.required for p in saved.params):
        try:
            result = _run(saved, given, formats.by_name("json"))
            (variables, rows), truncated, ran = table(result), result.truncated, True
        except NotRunHere as refused:
            note = str(refused)
        except ParamError as bad:
            error = str(bad)
    lang = reader_language()
    fields = [{"param": p, "value": given.get(p.name, p.default or ""),
               "choices": [(compact(str(t)), label) for t, label in catalogue().choices(saved, p, lang) or []]}
              for p in saved.params]
    shown = result_table.columns(saved, variables, lang)
    cells = [[result_table.cell(row.get(v), row, v, dataset(), lang) for v, _ in shown] for row in rows]
    body = render_template("queries/query.html", query=saved, fields=fields, error=error, note=note, ran=ran,
                           headings=[h for _, h in shown], rows=cells, truncated=truncated,
                           twins=[(f, _twin(saved.name, f, given)) for f in formats.RESULTS])
    return Response(body, status=400 if error else 200)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of the saved queries."""
    return jsonify(openapi_document(catalogue(), site.root().rstrip("/")))


def init_app(app: Flask) -> None:
    """Read the saved queries once and register the routes."""
    app.extensions["sahel_ld_queries"] = Catalogue(app.extensions["sahel_ld"])
    app.register_blueprint(bp)
