"""The home page: what the dataset is, its figures, and the actors grouped by the source's categories."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, render_template
from rdflib import URIRef

from ..build import manifest
from . import dataset, once
from .browse import actors_by_category, kind_counts
from .i18n import reader_language
from .page_cache import cached
from .resource_view import display_label

bp = Blueprint("home", __name__)


def _stats() -> dict:
    """The dataset's figures, as the build counted them."""
    return once("sahel_ld_stats", lambda: manifest(dataset().build)["stats"])


@bp.get("/")
def index():
    return Response(cached("html", _render), content_type="text/html; charset=utf-8")


def _render() -> str:
    """The home page in the reader's language."""
    loaded, lang = dataset(), reader_language()
    stats = _stats()
    certainty = [{"iri": iri, "key": iri.rsplit("/", 1)[-1], "label": display_label(loaded, URIRef(iri), lang),
                  "count": count} for iri, count in stats["claims_by_certainty"].items()]
    return render_template("home.html", stats=stats, kinds=kind_counts(),
                           claims=sum(stats["claims_by_certainty"].values()),
                           certainty=sorted(certainty, key=lambda r: -r["count"]),
                           categories=actors_by_category(loaded, lang))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
