"""The home page: what the dataset is, its figures, and the actors grouped by the source's categories."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from rdflib import URIRef

from ..stats import dataset_stats
from . import dataset, once
from .browse import actors_by_category, kind_counts
from .i18n import reader_language
from .resource_view import display_label

bp = Blueprint("home", __name__)


def _stats() -> dict:
    """The dataset's figures, counted once per app."""
    return once("sahel_ld_stats", lambda: dataset_stats(dataset()))


@bp.get("/")
def index():
    loaded, lang = dataset(), reader_language()
    stats = _stats()
    certainty = [{"iri": iri, "key": iri.rsplit("/", 1)[-1], "label": display_label(loaded, URIRef(iri), lang),
                  "count": count} for iri, count in stats["claims_by_certainty"].items()]
    return render_template("home.html", stats=stats, kinds=kind_counts(loaded),
                           claims=sum(stats["claims_by_certainty"].values()),
                           certainty=sorted(certainty, key=lambda r: -r["count"]),
                           categories=actors_by_category(loaded, lang))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
