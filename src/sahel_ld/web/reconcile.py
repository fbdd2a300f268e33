"""The reconciliation service at ``/reconcile`` (W3C Reconciliation Service API 0.2, as OpenRefine speaks it).

``GET /reconcile`` is the manifest; ``queries=`` (GET or POST form) reconciles a batch, ``extend=`` fetches
property values; suggest, property proposals and a framable preview card live under it. Every answer allows
any origin (CORS), as the specification asks.
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, Flask, Response, abort, jsonify, render_template, request

from .. import __version__
from ..reconcile import DEFAULT_TYPES, MAX_LIMIT, PROPERTIES, Reconciler, ReconcileError
from . import dataset, once, site
from .search import search_index

bp = Blueprint("reconcile", __name__)
CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")
MAX_BATCH = 100
# OpenRefine shows the preview in a frame of its own page, on another origin.
PREVIEW_POLICY = ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
                  "form-action 'none'; frame-ancestors *")


def reconciler() -> Reconciler:
    loaded = dataset()
    return once(f"sahel_ld_reconcile:{loaded.version}", lambda: Reconciler(loaded, search_index()))


def manifest() -> dict:
    """What the service offers and where: the answer to ``GET /reconcile`` with no query."""
    site_root, base = site.root().rstrip("/"), dataset().base_iri
    service = {"service_url": site_root + "/reconcile"}
    return {
        "versions": ["0.2"],
        "name": "sahel-ld: armed actors in the conflict in Mali and the Sahel",
        "identifierSpace": base + "id/",
        "schemaSpace": base + "def/sahel#",
        "documentation": site_root + "/",
        "serviceVersion": __version__,
        "view": {"url": site_root + "/id/{{id}}"},
        "defaultTypes": [reconciler().type_json(t) for t in DEFAULT_TYPES],
        "preview": {"url": site_root + "/reconcile/preview?id={{id}}", "width": 420, "height": 220},
        "suggest": {"entity": {**service, "service_path": "/suggest/entity"},
                    "type": {**service, "service_path": "/suggest/type"},
                    "property": {**service, "service_path": "/suggest/property"}},
        "extend": {"propose_properties": {**service, "service_path": "/propose_properties"},
                   "property_settings": []},
    }


def _answer(body: dict) -> Response:
    """JSON, or JSONP when a well-formed ``callback`` is asked for (older clients)."""
    callback = request.values.get("callback")
    if callback is None:
        response = jsonify(body)
    elif not CALLBACK.match(callback):
        abort(400, description="callback: expected a JavaScript name such as jsonp123")
    else:
        response = Response(f"/**/{callback}({json.dumps(body, ensure_ascii=False)});",
                            content_type="text/javascript; charset=utf-8")
    return response


@bp.after_request
def allow_any_origin(response: Response) -> Response:
    """Reconciliation clients run on other origins; the specification asks for CORS on every answer."""
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


def _json_argument(name: str):
    try:
        return json.loads(request.values[name])
    except ValueError as error:
        abort(400, description=f"{name}: not valid JSON ({error})")


def _check_queries(batch) -> dict:
    """The batch as the specification shapes it; anything else is a 400 naming the fault."""
    if not isinstance(batch, dict) or not batch:
        abort(400, description='queries: expected a JSON object of queries such as {"q0": {"query": "JNIM"}}')
    if len(batch) > MAX_BATCH:
        abort(400, description=f"queries: at most {MAX_BATCH} queries in one batch")
    for key, query in batch.items():
        if not isinstance(query, dict) or not (isinstance(query.get("query"), str) or query.get("properties")):
            abort(400, description=f"queries: {key} needs a query string or properties")
        types = query.get("type")
        if types is not None and not (isinstance(types, str) or (
                isinstance(types, list) and all(isinstance(t, str) for t in types))):
            abort(400, description=f"queries: {key}: type must be a type id or a list of them")
        limit = query.get("limit")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit < 1):
            abort(400, description=f"queries: {key}: limit must be a positive number")
        properties = query.get("properties", [])
        if not isinstance(properties, list) or not all(
                isinstance(p, dict) and isinstance(p.get("pid"), str) and "v" in p for p in properties):
            abort(400, description=f"queries: {key}: properties must be a list of {{pid, v}}")
    return batch


def _check_extension(request_body) -> tuple[list[str], list[dict]]:
    if not isinstance(request_body, dict):
        abort(400, description='extend: expected {"ids": [...], "properties": [{"id": ...}]}')
    ids, properties = request_body.get("ids"), request_body.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        abort(400, description="extend: ids must be a list of entity ids")
    if not isinstance(properties, list) or not all(isinstance(p, dict) and isinstance(p.get("id"), str)
                                                   for p in properties):
        abort(400, description="extend: properties must be a list of {id}")
    return ids, properties


@bp.route("/reconcile", methods=["GET", "POST"])
def service():
    """The manifest, a batch of queries (``queries``) or a data extension (``extend``)."""
    try:
        if "queries" in request.values:
            batch = _check_queries(_json_argument("queries"))
            return _answer({key: {"result": reconciler().reconcile(query)} for key, query in batch.items()})
        if "extend" in request.values:
            return _answer(reconciler().extend(*_check_extension(_json_argument("extend"))))
    except ReconcileError as error:
        abort(400, description=str(error))
    return _answer(manifest())


def _prefix_and_limit() -> tuple[str, int]:
    prefix = request.args.get("prefix", "")
    raw = request.args.get("limit", "10")
    if len(prefix) > 200:
        abort(400, description="prefix: at most 200 characters")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        abort(400, description=f"limit: expected a whole number from 1 to {MAX_LIMIT}")
    return prefix, int(raw)


@bp.get("/reconcile/suggest/entity")
def suggest_entity():
    return _answer({"result": reconciler().suggest_entities(*_prefix_and_limit())})


@bp.get("/reconcile/suggest/type")
def suggest_type():
    return _answer({"result": reconciler().suggest_types(*_prefix_and_limit())})


@bp.get("/reconcile/suggest/property")
def suggest_property():
    return _answer({"result": reconciler().suggest_properties(*_prefix_and_limit())})


@bp.get("/reconcile/propose_properties")
def propose_properties():
    """The properties data extension can fetch; they are the same for every type."""
    limit = _prefix_and_limit()[1] if "limit" in request.args else len(PROPERTIES)
    body = {"properties": [{"id": p.id, "name": p.names["en"]} for p in PROPERTIES][:limit], "limit": limit}
    if request.args.get("type"):
        body["type"] = request.args["type"]
    return _answer(body)


@bp.get("/reconcile/preview")
def preview():
    """A small card of the entity for OpenRefine's preview frame."""
    ident = request.args.get("id", "")
    found = reconciler().entry(ident)
    if found is None:
        abort(404, description=f"no entity {ident!r}; ids look like org/jnim")
    values = reconciler().values[found.iri]
    response = Response(render_template("reconcile_preview.html", entry=found, values=values,
                                        description=reconciler().description(found)))
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
