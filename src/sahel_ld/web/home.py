"""The home page: what the dataset is, its figures, and the actors grouped by the source's categories."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, Flask, current_app, render_template
from rdflib import URIRef
from rdflib.namespace import SKOS

from ..namespaces import CONCEPT, SAHEL
from ..stats import dataset_stats
from ..store import LoadedData
from . import dataset
from .i18n import reader_language
from .resource_view import display_label

bp = Blueprint("home", __name__)
CATEGORY_ORDER = (CONCEPT.jihadist, CONCEPT["non-jihadist"], CONCEPT["foreign-actor"])


def _stats() -> dict:
    """The dataset's figures, counted once per app."""
    return current_app.extensions.setdefault("sahel_ld_stats", dataset_stats(dataset()))


def _labelled(loaded: LoadedData, iris, lang: str) -> list[dict]:
    """IRIs with their label in the reader's language and their acronyms, sorted by label."""
    rows = []
    for iri in iris:
        names = {str(a) for a in loaded.dataset.objects(iri, SKOS.altLabel)}
        acronyms = sorted(n for n in names if n.isupper() and " " not in n)
        rows.append({"iri": str(iri), "label": display_label(loaded, iri, lang), "acronyms": acronyms})
    return sorted(rows, key=lambda r: r["label"].casefold())


def actors_by_category(loaded: LoadedData, lang: str) -> list[dict]:
    """Organisations grouped by their source category, in the source's order of parts."""
    groups: dict[URIRef, set] = defaultdict(set)
    for actor, category in loaded.dataset.subject_objects(SAHEL.category):
        groups[category].add(actor)
    order = [c for c in CATEGORY_ORDER if c in groups] + sorted(set(groups) - set(CATEGORY_ORDER))
    return [{"iri": str(c), "label": loaded.label(c, lang), "actors": _labelled(loaded, groups[c], lang)}
            for c in order]


@bp.get("/")
def index():
    loaded, lang = dataset(), reader_language()
    stats = _stats()
    kinds = _labelled(loaded, [URIRef(c) for c in stats["entities_by_class"]], lang)
    for row in kinds:
        row["count"] = stats["entities_by_class"][row["iri"]]
    certainty = _labelled(loaded, [URIRef(c) for c in stats["claims_by_certainty"]], lang)
    for row in certainty:
        row["count"] = stats["claims_by_certainty"][row["iri"]]
    return render_template("home.html", stats=stats, kinds=sorted(kinds, key=lambda r: -r["count"]),
                           certainty=sorted(certainty, key=lambda r: -r["count"]),
                           categories=actors_by_category(loaded, lang))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
