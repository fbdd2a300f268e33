"""The map, the actor network and the timeline: their pages, their data twins, the views inside resource pages.

A view's data is built from the rows of the ``view-*`` saved queries, run by the SPARQL engine exactly as
``/queries/<name>.json`` runs them, once per dataset version, language and link style, then kept.
"""

from __future__ import annotations

import json
import time

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request, url_for
from rdflib import URIRef
from werkzeug.exceptions import ServiceUnavailable

from .. import formats
from ..describe import is_known
from ..queries import answer
from ..sparql import QueryTimeout
from ..view_data import BUILDERS, SOURCES, Source, focus, involved, mini_views
from . import dataset
from .endpoint import answered, engine
from .i18n import MESSAGES, reader_language
from .resources import href
from .saved_queries import catalogue

bp = Blueprint("views", __name__)
JSON = formats.by_name("json")
VIEWS = tuple(BUILDERS)
MINI_VIEWS = ("map", "network")
VIEW_RETRY_SECONDS = 300  # how long a view whose data took longer than the time limit is not built again


def views_messages() -> dict[str, str]:
    """The interface words the views' scripts read (the ``views_*`` keys), in the reader's language."""
    return {k: v for k, v in MESSAGES[reader_language()].items() if k.startswith("views_")}


class ViewTooSlow(ServiceUnavailable):
    """A view's saved queries run past the time limit on this dataset (unlike a busy engine, this lasts)."""


def _rows(name: str) -> list[dict[str, str]]:
    """A saved query's rows as ``/queries/<name>.json`` gives them, each value as text."""
    result = answered(lambda: _answer_in_time(name), f"saved query {name}")
    return [{var: cell["value"] for var, cell in row.items()}
            for row in json.loads(result.body)["results"]["bindings"]]


def _answer_in_time(name: str):
    try:
        return answer(engine(), catalogue(), name, {}, JSON)
    except QueryTimeout as error:
        current_app.logger.warning("view query %s: %s", name, error)
        raise ViewTooSlow(f"{error}: the saved query {name} this view is built from is too slow for this "
                          "dataset; try again in a few minutes") from None


def available(view: str) -> bool:
    """Whether the dataset's folder holds the saved queries a view is built from."""
    return all(name in catalogue().queries for name in SOURCES[view])


def view_data(view: str) -> dict:
    """A view's data in the reader's language, built once per dataset version (and kept); 404 when the
    dataset's folder lacks its saved queries; 503 (``ViewTooSlow``) when they run past the time limit, and then
    at once for ``VIEW_RETRY_SECONDS`` (every resource page would otherwise wait for them again)."""
    if not available(view):
        abort(404, description=f"this dataset has no {view}: its saved queries {', '.join(SOURCES[view])} are missing")
    lang, key = reader_language(), _key(view)
    kept = current_app.extensions.setdefault("sahel_ld_views", {})
    if key not in kept:
        failed = current_app.extensions.setdefault("sahel_ld_views_failed", {})
        if time.monotonic() - failed.get(key, -VIEW_RETRY_SECONDS) < VIEW_RETRY_SECONDS:
            raise ViewTooSlow(f"the {view}'s data could not be built within the time limit a moment ago; "
                              "try again in a few minutes")
        source = Source(rows=_rows, loaded=dataset(), lang=lang, link=href, words=MESSAGES[lang])
        try:
            data = BUILDERS[view](source)
        except ViewTooSlow:
            failed[key] = time.monotonic()
            raise
        data["sources"] = [{"name": name, "url": url_for("saved_queries.query", name=f"{name}.json")}
                           for name in data["sources"]]
        kept[key] = data
    return kept[key]


def _key(view: str) -> tuple:
    """What a view's data depends on: the dataset's version, the reader's language, the link style."""
    return dataset().version, view, reader_language(), "lang" in request.args


def _json(data: dict) -> Response:
    response = current_app.response_class(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                          mimetype="application/json")
    response.headers["Vary"] = "Accept-Language"
    response.add_etag()
    return response.make_conditional(request)


def _page(view: str, **extra) -> Response:
    data = view_data(view)
    response = Response(render_template(f"views/{view}.html", view=view, data=data, **extra))
    response.headers["Link"] = f'<{url_for(".twin", view=view)}>; rel="alternate"; type="application/json"'
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.get("/map")
def map_page():
    """Places, bases, events and areas of operation on a map of the Sahel, with filters."""
    features = view_data("map")["features"]
    kinds = sorted({(f["kind"], f["kindLabel"]) for f in features}, key=lambda k: k[1].casefold())
    years = sorted({f["date"][:4] for f in features if f.get("date")})
    return _page("map", kinds=kinds, years=years)


@bp.get("/network")
def network_page():
    """The actors and their relations; ``?layout=lineage`` shows the lineage of the groups only."""
    layout = request.args.get("layout", "network")
    if layout not in ("network", "lineage"):
        abort(400, description="layout is 'network' or 'lineage'")
    return _page("network", layout=layout)


@bp.get("/timeline")
def timeline_page():
    """Dated events and relations with a period on a timeline, the undated ones listed apart."""
    return _page("timeline")


@bp.get("/<any(map, network, timeline):view>.json")
def twin(view: str):
    """The data a view draws, as JSON (names in the reader's language, ``?lang=``)."""
    return _json(view_data(view))


def _subject(kind: str, slug: str) -> URIRef:
    iri = URIRef(f"{dataset().base_iri}id/{kind}/{slug}")
    if not is_known(dataset(), iri):
        abort(404, description=f"no resource {iri} in this dataset")
    return iri


@bp.get("/<any(map, network):view>/<kind>/<slug>.json")
def resource_twin(view: str, kind: str, slug: str):
    """The data of the view inside a resource's page: the part of the whole view about that resource."""
    iri = _subject(kind, slug)
    if not mini_views(dataset(), iri)[view]:
        abort(404, description=f"{iri} has no {view} view")
    return _json(focus(view, view_data(view), str(iri)))


def resource_views(iri: str) -> list[dict]:
    """The mini-views of a resource's page, each with its data and the address of its twin; none of a view whose
    data cannot be built within the time limit (the page is served without it)."""
    wanted = {view: shown and available(view) for view, shown in mini_views(dataset(), URIRef(iri)).items()}
    whole = {view: _view_data_in_time(view) for view in MINI_VIEWS if wanted[view]}
    kind, _, slug = iri.removeprefix(f"{dataset().base_iri}id/").partition("/")
    minis = [{"view": view, "data": focus(view, data, iri), "iri": iri,
              "twin": url_for("views.resource_twin", view=view, kind=kind, slug=slug),
              "involved": involved(data, iri) if view == "map" and kind == "event" else []}
             for view, data in whole.items() if data is not None]
    return [m for m in minis if m["data"].get("edges") or m["data"].get("features") or m["data"].get("unplaced")]


def _view_data_in_time(view: str) -> dict | None:
    """A view's data, or None when its queries are too slow for the time limit (``view_data``); a busy engine
    is still a 503 for the page, which is then not kept without its views."""
    try:
        return view_data(view)
    except ViewTooSlow:
        return None


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(views_messages)
    app.add_template_global(resource_views)
