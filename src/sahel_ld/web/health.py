"""``/health``: whether the service can answer, for load balancers and monitors (never cached).

``ok`` with every SPARQL worker alive, ``degraded`` with fewer (replacements are being started), ``down``
(503) with none: pages would still answer, SPARQL and saved queries would not.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify

from .endpoint import engine

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    pool = engine().health()
    status = "ok" if pool["ready"] >= pool["workers"] else "degraded" if pool["ready"] else "down"
    response = jsonify({"status": status, "sparql": pool})
    response.status_code = 503 if status == "down" else 200
    response.cache_control.no_store = True
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
